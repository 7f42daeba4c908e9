// Independent references the indicator tests compare against: TA-Lib through the native
// `talib` binding, and an exact-as-possible two-pass standard deviation written here.
import { createRequire } from 'node:module';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
interface Talib {
  execute(params: Record<string, unknown>): TalibResult;
}

const talib = createRequire(import.meta.url)('talib') as Talib;

/**
 * Runs one TA-Lib function and re-aligns its output with the input (NaN before begIndex).
 * Inputs are copied to plain Arrays: the binding silently misreads typed arrays.
 */
export function talibSeries(
  name: string,
  inputs: Record<string, Float64Array>,
  options: Record<string, number> = {},
  output = 'outReal',
): { series: Float64Array; begIndex: number } {
  const len = Object.values(inputs)[0].length;
  const params: Record<string, unknown> = { name, startIdx: 0, endIdx: len - 1, ...options };
  for (const [key, col] of Object.entries(inputs)) params[key] = Array.from(col);
  const r = talib.execute(params);
  const out = new Float64Array(len).fill(NaN);
  const values = r.result[output];
  for (let i = 0; i < r.nbElement; i++) out[r.begIndex + i] = values[i];
  return { series: out, begIndex: r.begIndex };
}

/** Neumaier-compensated sum of xs[from..to): error independent of the count. */
function compensatedSum(xs: Float64Array, from: number, to: number, shift = 0, square = false): number {
  let sum = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const d = xs[i] - shift;
    const v = square ? d * d : d;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/**
 * Reference population sigma and mean of every full window: compensated mean, then the
 * corrected two-pass variance sum((x-m)^2)/n - (sum(x-m)/n)^2 with compensated sums. Its
 * error is a few ulps of the variance itself, independent of the price level.
 */
export function exactRollingDeviation(
  x: Float64Array,
  period: number,
): { sd: Float64Array; mean: Float64Array } {
  const len = x.length;
  const sd = new Float64Array(len).fill(NaN);
  const mean = new Float64Array(len).fill(NaN);
  for (let i = period - 1; i < len; i++) {
    const from = i - period + 1;
    const m = compensatedSum(x, from, i + 1) / period;
    const d1 = compensatedSum(x, from, i + 1, m) / period;
    const variance = compensatedSum(x, from, i + 1, m, true) / period - d1 * d1;
    sd[i] = Math.sqrt(Math.max(variance, 0));
    mean[i] = m + d1;
  }
  return { sd, mean };
}

/** Reference simple mean of every full window (compensated, no running sum). */
export function exactRollingMean(x: Float64Array, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = period - 1; i < x.length; i++) out[i] = compensatedSum(x, i - period + 1, i + 1) / period;
  return out;
}

export interface Deviation {
  worst: number;
  at: number;
}

/**
 * Largest |ours - ref| / scale(i) over indices where ref is defined; also asserts by returning
 * -1 as `at` if ours is defined where ref is not or vice versa (mismatched warm-up).
 */
export function worstDeviation(
  ours: Float64Array,
  ref: Float64Array,
  scale: (i: number) => number,
): Deviation {
  let worst = 0;
  let at = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const o = ours[i];
    if (Number.isNaN(r) || Number.isNaN(o)) {
      if (Number.isNaN(r) !== Number.isNaN(o)) return { worst: Infinity, at: i };
      continue;
    }
    const s = scale(i);
    const e = s === 0 ? (o === r ? 0 : Infinity) : Math.abs(o - r) / s;
    if (e > worst) {
      worst = e;
      at = i;
    }
  }
  return { worst, at };
}

/** Relative error against the reference value itself. */
export const relativeTo =
  (ref: Float64Array) =>
  (i: number): number =>
    Math.abs(ref[i]);

/** Absolute error. */
export const absolute = (): number => 1;
