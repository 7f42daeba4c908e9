import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkPeriod, nonFiniteInput } from './indicator-error.js';

/**
 * Population standard deviation over `period` inputs (divide by n), TA-Lib's first output
 * index (period-1). Also exposes the window mean, bit-identical to SMA(period).
 *
 * Precision: not TA-Lib's one-pass sum(x^2)/n - mean^2, which cancels catastrophically when the
 * mean dwarfs the spread (1.5e-5 relative error on EUR futures). We keep sums of x - K and
 * (x - K)^2 around a shift K, and every `period` inputs (when the ring is full and in order)
 * recompute everything two-pass with K = the window mean. Between resums the window moves at
 * most period-1 inputs away from K, so the cancellation is bounded by the window's own range
 * and nothing accumulates across resums: the result stays at the two-pass reference's
 * accuracy on any series length, at an amortised O(1) cost.
 */
export class StdDev implements StreamingIndicator<number> {
  readonly period: number;
  private readonly ring: Float64Array;
  private slot = 0;
  private lastSlot = 0;
  private evicted = 0;
  /** Running sum (as in SMA), shift, and the shifted first and second moments' sums. */
  private sum = 0;
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  private sumBefore = 0;
  private shiftBefore = 0;
  private s1Before = 0;
  private s2Before = 0;
  private sd = NaN;
  private avg = NaN;
  private added = 0;

  constructor(period: number) {
    checkPeriod('StdDev', 'period', period);
    this.period = period;
    this.ring = new Float64Array(period);
  }

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added >= this.period ? this.sd : null;
  }

  /** The window's mean (the SMA), null while warming up. */
  get mean(): number | null {
    return this.added >= this.period ? this.avg : null;
  }

  add(x: number): number | null {
    if (x - x !== 0) throw nonFiniteInput('StdDev', 'value', this.added, x);
    const s = this.slot;
    this.lastSlot = s;
    this.evicted = this.ring[s];
    this.sumBefore = this.sum;
    this.shiftBefore = this.shift;
    this.s1Before = this.s1;
    this.s2Before = this.s2;
    this.slot = s + 1 === this.period ? 0 : s + 1;
    this.added++;
    return this.apply(x);
  }

  replace(x: number): number | null {
    if (this.added === 0) return this.add(x);
    if (x - x !== 0) throw nonFiniteInput('StdDev', 'value', this.added - 1, x);
    this.sum = this.sumBefore;
    this.shift = this.shiftBefore;
    this.s1 = this.s1Before;
    this.s2 = this.s2Before;
    return this.apply(x);
  }

  reset(): void {
    this.ring.fill(0);
    this.slot = 0;
    this.lastSlot = 0;
    this.evicted = 0;
    this.sum = 0;
    this.shift = 0;
    this.s1 = 0;
    this.s2 = 0;
    this.sumBefore = 0;
    this.shiftBefore = 0;
    this.s1Before = 0;
    this.s2Before = 0;
    this.sd = NaN;
    this.avg = NaN;
    this.added = 0;
  }

  private apply(x: number): number | null {
    const p = this.period;
    const s = this.lastSlot;
    const ring = this.ring;
    ring[s] = x;
    if (this.added < p) return null;
    if (s === p - 1) {
      let t = 0;
      for (let j = 0; j < p; j++) t += ring[j];
      const k = t / p;
      let a = 0;
      let b = 0;
      for (let j = 0; j < p; j++) {
        const d = ring[j] - k;
        a += d;
        b += d * d;
      }
      this.sum = t;
      this.shift = k;
      this.s1 = a;
      this.s2 = b;
    } else {
      const k = this.shift;
      const dx = x - k;
      const de = this.evicted - k;
      this.sum += x - this.evicted;
      this.s1 += dx - de;
      this.s2 += dx * dx - de * de;
    }
    const m1 = this.s1 / p;
    const variance = this.s2 / p - m1 * m1;
    this.sd = variance > 0 ? Math.sqrt(variance) : 0;
    this.avg = this.sum / p;
    return this.sd;
  }
}

/** Population standard deviation over a column, NaN before index period-1. Bit-identical to StdDev. */
export function stddevBatch(x: Float64Array, period: number): Float64Array {
  checkPeriod('stddevBatch', 'period', period);
  checkFiniteColumn('stddevBatch', 'value', x);
  const sd = new Float64Array(x.length);
  rollingDeviation(x, period, sd, new Float64Array(x.length));
  return sd;
}

/**
 * The batch core shared with Bollinger bands: fills `sd` and `mean` (NaN while warming up) with
 * exactly the streaming arithmetic. Inputs are assumed checked by the caller.
 */
export function rollingDeviation(
  x: Float64Array,
  period: number,
  sd: Float64Array,
  mean: Float64Array,
): void {
  const len = x.length;
  const p = period;
  const warm = p - 1 < len ? p - 1 : len;
  sd.fill(NaN, 0, warm);
  mean.fill(NaN, 0, warm);
  let sum = 0;
  let shift = 0;
  let s1 = 0;
  let s2 = 0;
  let phase = (p - 1) % p;
  for (let i = p - 1; i < len; i++) {
    if (phase === p - 1) {
      let t = 0;
      for (let j = i - p + 1; j <= i; j++) t += x[j];
      const k = t / p;
      let a = 0;
      let b = 0;
      for (let j = i - p + 1; j <= i; j++) {
        const d = x[j] - k;
        a += d;
        b += d * d;
      }
      sum = t;
      shift = k;
      s1 = a;
      s2 = b;
      phase = 0;
    } else {
      const v = x[i];
      const e = x[i - p];
      const dx = v - shift;
      const de = e - shift;
      sum += v - e;
      s1 += dx - de;
      s2 += dx * dx - de * de;
      phase++;
    }
    const m1 = s1 / p;
    const variance = s2 / p - m1 * m1;
    sd[i] = variance > 0 ? Math.sqrt(variance) : 0;
    mean[i] = sum / p;
  }
}
