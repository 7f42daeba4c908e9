import type { Overlay } from '../../engine/index.js';
import { fmtPrice as formatPrice, fmtR, signClass } from '../format.js';

/**
 * Legs whose prices are not in the order of their numbers (after drags: T1 above T2 on a long):
 * one sentence saying which and what it means, or null.
 */
export function ladderOrderNote(levels: Overlay['levels'], price: (x: number) => string): string | null {
  const dir = levels.side === 'long' ? 1 : -1;
  const legs = levels.legs;
  for (let i = 1; i < legs.length; i++) {
    const [a, b] = [legs[i - 1], legs[i]];
    if (dir * (b.price - a.price) < 0) {
      const where = levels.side === 'long' ? 'above' : 'below';
      return `Ladder out of order: ${a.id} (${price(a.price)}) is ${where} ${b.id} (${price(b.price)}), so ${b.id} fills first. Drag them back or edit the ladder.`;
    }
  }
  return null;
}

/** The plan in numbers: risk, R, each leg's reward, the blended exit, and how the trade is doing. */
export function Legend({
  overlay,
  precision = null,
  trail = 'none',
}: {
  overlay: Overlay;
  /** The chart's price precision: the legend's prices read as the axis does. */
  precision?: number | null;
  /** The plan's trail in its text form: the runner rides it, or the stop when it is "none". */
  trail?: string;
}) {
  const { levels, state } = overlay;
  const filled = new Set(state.legs.filter((l) => l.filled).map((l) => l.id));
  const fmtPrice = (x: number) => formatPrice(x, precision);
  const orderNote = ladderOrderNote(levels, fmtPrice);
  return (
    <aside class="ep-side" aria-label="Plan summary">
      <dl class="ep-kv">
        <dt>Side</dt>
        <dd>{levels.side}</dd>
        <dt>
          <span class="ep-swatch" style={{ background: 'var(--ep-entry)' }} />
          Entry
        </dt>
        <dd>{fmtPrice(levels.entry)}</dd>
        <dt>
          <span class="ep-swatch" style={{ background: 'var(--ep-stop)' }} />
          Initial stop
        </dt>
        <dd>{fmtPrice(levels.initialStop)}</dd>
        <dt>Risk / unit (1R)</dt>
        <dd>{fmtPrice(levels.riskPerUnit)}</dd>
        <dt>
          <span class="ep-swatch" style={{ background: 'var(--ep-trail)' }} />
          Stop now
        </dt>
        <dd>{fmtPrice(state.stop)}</dd>
      </dl>
      <h3>Ladder</h3>
      <table class="ep-legs">
        <thead>
          <tr>
            <th>Leg</th>
            <th>Price</th>
            <th>Share</th>
            <th>Reward</th>
          </tr>
        </thead>
        <tbody>
          {levels.legs.map((leg) => (
            <tr key={leg.id} class={filled.has(leg.id) ? 'filled' : ''}>
              <td>{leg.id}</td>
              <td>{fmtPrice(leg.price)}</td>
              <td>{leg.share}%</td>
              <td>{fmtR(leg.r)}</td>
            </tr>
          ))}
          {levels.runnerShare > 0 && (
            <tr>
              <td>runner</td>
              <td>{trail.trim() === '' || trail.trim().toLowerCase() === 'none' ? 'stop' : 'trail'}</td>
              <td>{levels.runnerShare}%</td>
              <td>–</td>
            </tr>
          )}
        </tbody>
      </table>
      {orderNote && (
        <p class="ep-warn" role="alert">
          {orderNote}
        </p>
      )}
      <dl class="ep-kv">
        <dt>Blended exit</dt>
        <dd class={signClass(levels.blendedR)}>{fmtR(levels.blendedR)}</dd>
      </dl>
      <h3>Position · {state.status}</h3>
      <dl class="ep-kv">
        <dt>Open R</dt>
        <dd class={signClass(state.openR)}>{fmtR(state.openR)}</dd>
        <dt>Realised R</dt>
        <dd class={signClass(state.realisedR)}>{fmtR(state.realisedR)}</dd>
        <dt>MFE</dt>
        <dd>
          {fmtPrice(state.mfe)} ({fmtR(state.mfeR)})
        </dd>
        <dt>MAE</dt>
        <dd>
          {fmtPrice(state.mae)} ({fmtR(-state.maeR)})
        </dd>
        <dt>Remaining</dt>
        <dd>{state.size > 0 ? Math.round((state.remaining / state.size) * 100) : 0}%</dd>
      </dl>
    </aside>
  );
}
