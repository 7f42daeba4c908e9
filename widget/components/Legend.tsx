import type { Overlay } from '../../engine/index.js';
import { fmtPrice, fmtR, signClass } from '../format.js';

/** The plan in numbers: risk, R, each leg's reward, the blended exit, and how the trade is doing. */
export function Legend({ overlay }: { overlay: Overlay }) {
  const { levels, state } = overlay;
  const filled = new Set(state.legs.filter((l) => l.filled).map((l) => l.id));
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
              <td>trail</td>
              <td>{levels.runnerShare}%</td>
              <td>–</td>
            </tr>
          )}
        </tbody>
      </table>
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
