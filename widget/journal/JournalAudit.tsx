import { formatR, journal as J } from '../../engine/index.js';
import { iso, num } from './journal-format.js';

/**
 * The exit audit: what price did over the horizon after each exit (left on the table) and
 * what was given back before it, the state at premature exits against the others, and the
 * plan variants replayed on the same trades, each with its interval.
 */
export function JournalAudit({ audit }: { audit: J.AuditReport }) {
  return (
    <section class="audit" data-testid="audit">
      <h2>Exit audit: the next {audit.horizon} bars after each exit</h2>
      <p data-testid="audit-totals">
        Left on the table after the exits {formatR(audit.totalPrematureR)}; given back before them{' '}
        {formatR(audit.totalLateR)}.
      </p>
      <div class="scroll short">
        <table data-testid="exits">
          <thead>
            <tr>
              {['Trade', 'Leg', 'Exit (UTC)', 'Price', 'Left after, R', 'Given back, R', 'Bars seen', ''].map(
                (c) => (
                  <th key={c}>{c}</th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {audit.exits.map((x, i) => (
              <tr key={`${x.tradeId}-${x.time}-${i}`} class={x.premature ? 'left' : ''}>
                <td>{x.tradeId}</td>
                <td>{x.leg}</td>
                <td>{iso(x.time)}</td>
                <td>{J.formatFillPrice(x.price)}</td>
                <td>{num(x.prematureR)}</td>
                <td>{num(x.lateR)}</td>
                <td>{x.horizonBars}</td>
                <td>{x.premature ? 'premature' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table data-testid="contrast">
        <thead>
          <tr>
            <th>State at the exit</th>
            <th>Premature exits</th>
            <th>Others</th>
          </tr>
        </thead>
        <tbody>
          {audit.contrast.map((c) => (
            <tr key={c.feature}>
              <td>{c.feature}</td>
              <td>{num(c.premature)}</td>
              <td>{num(c.good)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="scroll">
        <table data-testid="suggestions">
          <thead>
            <tr>
              <th>Plan variant</th>
              <th>Trades</th>
              <th>R kept vs you</th>
              <th>95% interval</th>
              <th>vs the plan</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {audit.suggestions.map((v) => (
              <tr key={v.change}>
                <td>{v.change}</td>
                <td>{v.trades}</td>
                <td>{formatR(v.keptVsActual.interval.point)}</td>
                <td>
                  {formatR(v.keptVsActual.interval.low)} to {formatR(v.keptVsActual.interval.high)}
                </td>
                <td>{formatR(v.keptVsPlan.interval.point)}</td>
                <td class="muted">{v.keptVsActual.tooFew ? 'too few trades to say' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
