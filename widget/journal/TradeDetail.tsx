import { formatR, journal as J } from '../../engine/index.js';
import { iso, num, qty } from './journal-format.js';

/**
 * One trade, plan against actual: each fill against the plan's level for its leg (slippage in
 * price, bps and R, and against the mid when the signal fired), the rules followed or
 * overridden, and the R the plan made on the same bars beside the R actually made. Each fill
 * shows the reversal probability and the regime recorded at it ('-' where none was).
 */
export function TradeDetail({ report: r }: { report: J.TradeReport }) {
  return (
    <section class="trade-detail" data-testid="trade-detail" data-trade={r.id}>
      <h2>
        {r.id}: {r.side} {r.symbol}, entered {iso(r.entryTime)}
      </h2>
      <p class="stats" data-testid="trade-r">
        <span data-k="actual-r">Actual {formatR(r.actualR)}</span>
        <span data-k="plan-r">
          Plan {formatR(r.planR)}
          {r.planOpen ? ' (still open when the bars end)' : ''}
        </span>
        <span data-k="deviation-r">Leaving the plan {formatR(r.deviationR)}</span>
        <span data-k="mfe">MFE {num(r.mfeR)}R</span>
        <span data-k="mae">MAE {num(r.maeR)}R</span>
        <span data-k="efficiency">Exit efficiency {num(r.exitEfficiency)}</span>
        <span data-k="fees">Fees {num(r.fees)}</span>
        {r.openSize > 1e-9 ? <span>Open {qty(r.openSize)} units</span> : null}
      </p>
      <div class="scroll">
        <table data-testid="legs">
          <thead>
            <tr>
              {[
                'Leg',
                'Side',
                'Time (UTC)',
                'Size',
                'Planned',
                'Fill',
                'Slip',
                'Slip bps',
                'Slip R',
                'vs mid',
                'Fee',
                'p(reversal)',
                'Regime',
              ].map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.legs.map((l, i) => (
              <tr key={`${l.time}-${i}`} class={l.leg === 'manual' ? 'left' : ''}>
                <td>{l.leg === 'manual' ? 'manual (by hand)' : l.leg}</td>
                <td>{l.side}</td>
                <td>{iso(l.time)}</td>
                <td>{qty(l.size)}</td>
                <td>{l.plannedPrice === null ? '-' : J.formatFillPrice(l.plannedPrice)}</td>
                <td>{J.formatFillPrice(l.price)}</td>
                <td>{num(l.slippage)}</td>
                <td>{num(l.slippageBps, 1)}</td>
                <td>{num(l.slippageR, 3)}</td>
                <td>{num(l.slippageVsMid)}</td>
                <td>{num(l.fee)}</td>
                <td data-k="reversal-p">{num(l.reversalP)}</td>
                <td data-k="regime">{l.regime ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="rules" data-testid="rules">
        {r.rules.map((x, i) => (
          <li key={`${x.rule}-${i}`} class={x.followed ? '' : 'left'}>
            <b>{x.followed ? 'followed' : 'overridden'}</b> {x.rule}: {x.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
