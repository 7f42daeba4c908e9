import type { Side } from '../types.js';
import { MlError } from './errors.js';

/**
 * Triple-barrier settings. From bar t's close, a trade on `side` watches three barriers: `up`
 * x ATR in its favour, `down` x ATR against it, and `horizon` bars. "Reversal" (label 1) is
 * the adverse barrier first; the favourable barrier first or the time running out is 0.
 */
export interface BarrierSpec {
  side: Side;
  horizon: number;
  up: number;
  down: number;
}

/**
 * The defaults and why (docs/reversal-model.md): the lab's policies stop out at 2 x ATR(14),
 * so their 1R and first ladder leg is 2 x ATR away: `up` 2 asks "does it reach the next leg";
 * `down` 1 is giving back half an R, the move a trader scales out to avoid; 20 bars is the
 * decay policy's patience.
 */
export const DEFAULT_BARRIERS: Readonly<BarrierSpec> = { side: 'long', horizon: 20, up: 2, down: 1 };

export interface Labels {
  /** 1 reversal, 0 not, NaN while unknown (window not complete in the data) or not a sample. */
  label: Float64Array;
  /** The bar whose close (or range) decided the label; -1 while unknown. */
  end: Int32Array;
}

export function checkBarriers(spec: BarrierSpec): void {
  if (!Number.isInteger(spec.horizon) || spec.horizon < 1 || spec.horizon > 10_000)
    throw new MlError('horizon', `horizon: ${spec.horizon} must be a whole number of bars from 1 to 10000`);
  for (const key of ['up', 'down'] as const) {
    const v = spec[key];
    if (!(v > 0 && v <= 100))
      throw new MlError(
        key,
        `${key}: ${v} must be a multiple of ATR above 0 and at most 100, e.g. ${DEFAULT_BARRIERS[key]}`,
      );
  }
  if (spec.side !== 'long' && spec.side !== 'short')
    throw new MlError('side', `side: "${String(spec.side)}" must be long or short`);
}

/**
 * Labels of every valid bar. Inside a bar the adverse extreme is taken to come first (the
 * engine's conservative rule), so a bar that spans both barriers is a reversal. A label is
 * known once a barrier is touched or `horizon` bars have closed; later bars never change it.
 */
export function tripleBarrierLabels(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  atr: ArrayLike<number>,
  valid: ArrayLike<number>,
  spec: BarrierSpec,
): Labels {
  checkBarriers(spec);
  const n = close.length;
  const label = new Float64Array(n).fill(NaN);
  const end = new Int32Array(n).fill(-1);
  const long = spec.side === 'long';
  for (let t = 0; t < n; t++) {
    if (valid[t] !== 1) continue;
    const a = atr[t];
    const favourable = long ? close[t] + spec.up * a : close[t] - spec.up * a;
    const adverse = long ? close[t] - spec.down * a : close[t] + spec.down * a;
    const last = Math.min(n - 1, t + spec.horizon);
    for (let j = t + 1; j <= last; j++) {
      if (long ? low[j] <= adverse : high[j] >= adverse) {
        label[t] = 1;
        end[t] = j;
        break;
      }
      if (long ? high[j] >= favourable : low[j] <= favourable) {
        label[t] = 0;
        end[t] = j;
        break;
      }
    }
    if (end[t] < 0 && t + spec.horizon <= n - 1) {
      label[t] = 0;
      end[t] = t + spec.horizon;
    }
  }
  return { label, end };
}
