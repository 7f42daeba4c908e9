import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkPeriod, nonFiniteInput, outputColumn } from './indicator-error.js';
import { shrinkLimit } from './rolling-sum.js';

/**
 * Simple moving average, TA-Lib convention (first value at input index period-1).
 *
 * Precision: a running sum (add the new value, subtract the evicted one) drifts over long
 * series. Here the sum is recomputed from the window every `period` inputs (whenever the ring
 * has just been filled in order) and early if the sum shrinks far below its recent peak (see
 * rolling-sum.ts), so it never carries more than period-1 incremental updates and its error
 * stays near period * 2^-53 of the window's level, at an amortised O(1) cost.
 */
export class SMA implements StreamingIndicator<number> {
  readonly period: number;
  private readonly ring: Float64Array;
  /** Ring slot the next add writes. */
  private slot = 0;
  private lastSlot = 0;
  /** The value the last add pushed out of the window (0 while filling). */
  private evicted = 0;
  private readonly shrink: number;
  private readonly inverse: number;
  private sum = 0;
  /** Largest |sum| since the last resum. */
  private peak = 0;
  private sumBefore = 0;
  private peakBefore = 0;
  private current = NaN;
  private added = 0;

  constructor(period: number) {
    checkPeriod('SMA', 'period', period);
    this.period = period;
    this.ring = new Float64Array(period);
    this.shrink = shrinkLimit(period);
    this.inverse = 1 / period;
  }

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added >= this.period ? this.current : null;
  }

  add(x: number): number | null {
    if (x - x !== 0) throw nonFiniteInput('SMA', 'value', this.added, x);
    const s = this.slot;
    this.lastSlot = s;
    this.evicted = this.ring[s];
    this.sumBefore = this.sum;
    this.peakBefore = this.peak;
    this.slot = s + 1 === this.period ? 0 : s + 1;
    this.added++;
    this.ring[this.lastSlot] = x;
    this.apply();
    return this.value;
  }

  replace(x: number): number | null {
    if (this.added === 0) return this.add(x);
    if (x - x !== 0) throw nonFiniteInput('SMA', 'value', this.added - 1, x);
    this.sum = this.sumBefore;
    this.peak = this.peakBefore;
    this.ring[this.lastSlot] = x;
    this.apply();
    return this.value;
  }

  reset(): void {
    this.ring.fill(0);
    this.slot = 0;
    this.lastSlot = 0;
    this.evicted = 0;
    this.sum = 0;
    this.peak = 0;
    this.sumBefore = 0;
    this.peakBefore = 0;
    this.current = NaN;
    this.added = 0;
  }

  // No arguments, no result: a double crossing a call V8 does not inline is boxed (allocated).
  private apply(): void {
    const p = this.period;
    const s = this.lastSlot;
    const ring = this.ring;
    const x = ring[s];
    if (this.added < p) return;
    let sum = s === p - 1 ? NaN : this.sum + (x - this.evicted);
    const a = Math.abs(sum);
    if (a > this.peak) this.peak = a;
    if (!(a * this.shrink >= this.peak)) {
      // Resum oldest-first (the slot after the newest), exactly as the batch path does.
      sum = 0;
      for (let j = s + 1; j < p; j++) sum += ring[j];
      for (let j = 0; j <= s; j++) sum += ring[j];
      this.peak = Math.abs(sum);
    }
    this.sum = sum;
    this.current = sum * this.inverse;
  }
}

/** SMA over a column, NaN before index period-1. Bit-identical to the streaming SMA. */
export function smaBatch(x: Float64Array, period: number, target?: Float64Array): Float64Array {
  checkPeriod('smaBatch', 'period', period);
  checkFiniteColumn('smaBatch', 'value', x);
  const len = x.length;
  const out = outputColumn('smaBatch', len, target);
  const p = period;
  out.fill(NaN, 0, p - 1 < len ? p - 1 : len);
  const shrink = shrinkLimit(p);
  const inverse = 1 / p;
  let sum = 0;
  let peak = 0;
  // phase = i mod p, kept as a counter: the scheduled resum happens when it reaches p-1.
  let phase = (p - 1) % p;
  for (let i = p - 1; i < len; i++) {
    sum = phase === p - 1 ? NaN : sum + (x[i] - x[i - p]);
    phase = phase === p - 1 ? 0 : phase + 1;
    const a = Math.abs(sum);
    if (a > peak) peak = a;
    if (!(a * shrink >= peak)) {
      sum = 0;
      for (let j = i - p + 1; j <= i; j++) sum += x[j];
      peak = Math.abs(sum);
    }
    out[i] = sum * inverse;
  }
  return out;
}
