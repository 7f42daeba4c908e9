import type { Trade } from '../../engine/index.js';

export interface TimeValue {
  time: number;
  value: number;
}

/**
 * At most about `maxPoints` points of an equity curve for drawing: the curve is cut into
 * buckets and each bucket keeps its lowest and highest point in time order, so drawdowns and
 * peaks survive the thinning (a plain stride would skip the bottom of a sharp drawdown).
 */
export function thinCurve(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  maxPoints = 2000,
): TimeValue[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => ({ time: times[i], value: values[i] }));
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = n / buckets;
  const out: TimeValue[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    const [a, c] = lo < hi ? [lo, hi] : [hi, lo];
    out.push({ time: times[a], value: values[a] });
    if (c !== a) out.push({ time: times[c], value: values[c] });
  }
  if (out[out.length - 1].time !== times[n - 1]) out.push({ time: times[n - 1], value: values[n - 1] });
  return out;
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/**
 * R multiples in bins of `width` R aligned on multiples of the width (so 0 is always an
 * edge and wins never share a bar with losses); values beyond ±clip R land in the end bins.
 */
export function histogram(rs: readonly number[], width = 0.25, clip = 5): Bin[] {
  if (rs.length === 0) return [];
  const clamp = (r: number): number => Math.max(-clip, Math.min(clip - 1e-9, r));
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rs) {
    const c = clamp(r);
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  const first = Math.floor(lo / width);
  const last = Math.floor(hi / width);
  const bins: Bin[] = [];
  for (let k = first; k <= last; k++) bins.push({ from: k * width, to: (k + 1) * width, count: 0 });
  for (const r of rs) bins[Math.floor(clamp(r) / width) - first].count++;
  return bins;
}

export interface ScatterPoint {
  mae: number;
  mfe: number;
  r: number;
  index: number;
}

/** MAE (x) and MFE (y) in R of up to `max` trades, evenly chosen when there are more. */
export function excursions(trades: readonly Trade[], max = 3000): ScatterPoint[] {
  const step = Math.max(1, trades.length / max);
  const out: ScatterPoint[] = [];
  for (let k = 0; k < trades.length; k += step) {
    const t = trades[Math.floor(k)];
    out.push({ mae: t.maeR, mfe: t.mfeR, r: t.r, index: Math.floor(k) });
  }
  return out;
}

/** "1.23", "–" for null or not finite. */
export const num = (v: number | null, digits = 2): string =>
  v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
export const pct = (v: number | null, digits = 1): string =>
  v === null || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)}%`;
export const signedR = (r: number): string => `${r >= 0 ? '+' : '−'}${Math.abs(r).toFixed(2)}R`;
