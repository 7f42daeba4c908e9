import { useState } from 'preact/hooks';
import { formatR, journal as J } from '../../engine/index.js';

const iso = (t: number | null): string =>
  t === null ? '-' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
const num = (x: number | null, digits = 2): string =>
  x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);

/** Cumulative R, actual against the plan, trade after trade (an SVG: no HTML from data). */
function Equity({ points }: { points: J.JournalSummary['equityR'] }) {
  const w = 520;
  const h = 160;
  const values = [0, ...points.flatMap((p) => [p.actual, p.plan])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const y = (v: number): number => h - 8 - ((v - lo) / (hi - lo || 1)) * (h - 16);
  const x = (i: number): number => 8 + (i / Math.max(1, points.length)) * (w - 16);
  const line = (pick: (p: J.JournalSummary['equityR'][number]) => number): string =>
    [`${x(0)},${y(0)}`, ...points.map((p, i) => `${x(i + 1)},${y(pick(p))}`)].join(' ');
  return (
    <svg class="equity" width={w} height={h} role="img" aria-label="Equity in R: actual and plan">
      <line class="zero" x1={0} x2={w} y1={y(0)} y2={y(0)} />
      <polyline class="plan" points={line((p) => p.plan)} />
      <polyline class="actual" points={line((p) => p.actual)} />
    </svg>
  );
}

export interface JournalViewProps {
  reports: J.TradeReport[];
  summary: J.JournalSummary;
  audit: J.AuditReport;
  unmatched: J.ImportedFill[];
  barsName: string;
}

/** Trades with filters, the summary and equity, and the exit audit. */
export function JournalView({ reports, summary, audit, unmatched, barsName }: JournalViewProps) {
  const [symbol, setSymbol] = useState('');
  const [tag, setTag] = useState('');
  const [onlyLeft, setOnlyLeft] = useState(false);
  const shown = reports.filter(
    (r) => (!symbol || r.symbol === symbol) && (!tag || r.tags.includes(tag)) && (!onlyLeft || !r.followed),
  );
  const s = summary;
  const d = s.deviation;
  return (
    <>
      <section class="stats" data-testid="summary">
        <span>Trades {s.trades}</span>
        <span>Plan followed {num(s.adherenceRate * 100, 0)}%</span>
        {d && (
          <span>
            Leaving the plan {formatR(d.interval.point)} per trade ({formatR(d.interval.low)} to{' '}
            {formatR(d.interval.high)})
            {d.tooFew ? `: too few trades to say (under ${J.MIN_TRADES_TO_SAY})` : ''}
          </span>
        )}
        <span>Slippage median {num(s.slippageBps.median, 1)} bps</span>
        <span>
          R mean {formatR(s.r.mean)}, median {formatR(s.r.median)}
        </span>
        <span class="muted">bars: {barsName}</span>
      </section>
      <h2>Equity in R: actual (solid) and plan (dashed)</h2>
      <Equity points={s.equityR} />
      <div class="filters">
        <label>
          Symbol
          <select value={symbol} onChange={(e) => setSymbol(e.currentTarget.value)}>
            <option value="">all</option>
            {s.bySymbol.map((g) => (
              <option key={g.key} value={g.key}>
                {g.key} ({g.trades})
              </option>
            ))}
          </select>
        </label>
        <label>
          Setup tag
          <select value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
            <option value="">all</option>
            {s.byTag
              .filter((g) => g.key !== '(untagged)')
              .map((g) => (
                <option key={g.key} value={g.key}>
                  {g.key} ({g.trades})
                </option>
              ))}
          </select>
        </label>
        <label>
          <span>
            <input
              type="checkbox"
              checked={onlyLeft}
              onChange={(e) => setOnlyLeft(e.currentTarget.checked)}
            />{' '}
            only trades that left the plan
          </span>
        </label>
      </div>
      <table data-testid="trades">
        <thead>
          <tr>
            {[
              'Trade',
              'Symbol',
              'Side',
              'Entry (UTC)',
              'R',
              'Plan R',
              'Diff',
              'Slip R',
              'MFE R',
              'MAE R',
              'Exit eff.',
              'Rules left',
            ].map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} class={r.followed ? '' : 'left'}>
              <td>{r.id}</td>
              <td>{r.symbol}</td>
              <td>{r.side}</td>
              <td>{iso(r.entryTime)}</td>
              <td>{formatR(r.actualR)}</td>
              <td>{formatR(r.planR)}</td>
              <td>{formatR(r.deviationR)}</td>
              <td>{num(r.slippageR, 3)}</td>
              <td>{num(r.mfeR)}</td>
              <td>{num(r.maeR)}</td>
              <td>{num(r.exitEfficiency)}</td>
              <td>
                {r.rules
                  .filter((x) => !x.followed)
                  .map((x) => x.rule)
                  .join(', ') || '-'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Exit audit: the next {audit.horizon} bars after each exit</h2>
      <p>
        Left on the table after the exits {formatR(audit.totalPrematureR)}; given back before them{' '}
        {formatR(audit.totalLateR)}.
      </p>
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
      {unmatched.length > 0 && (
        <section>
          <h2>Unmatched fills ({unmatched.length}), kept</h2>
          <ul>
            {unmatched.map((f) => (
              <li key={`${f.row}-${f.time}`}>
                {iso(f.time)} {f.symbol ?? '-'} {f.side} {f.size} at {f.price}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
