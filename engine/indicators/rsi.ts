import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkPeriod, nonFiniteInput, outputColumn } from './indicator-error.js';

/**
 * TA-Lib's "is zero" band. A window whose average gain + average loss is inside it is flat.
 * Absolute, as in TA-Lib, so it only matters for genuinely motionless windows.
 */
const FLAT = 1e-14;

/**
 * Relative strength index, Wilder, TA-Lib convention. Average gain and loss start as simple
 * means of the changes 1..period (first value at input index `period`), then
 * avg = (avg*(period-1) + change) / period, in TA-Lib's operation order except that the
 * division is a multiplication by 1/period (the smoothing is contractive, so the extra rounding
 * never accumulates; measured against TA-Lib: within 1e-13 RSI points).
 * value = 100 * gain / (gain + loss).
 *
 * Flat window: when gain + loss is below 1e-14 (nothing moved for long enough) the RSI is 0,
 * as TA-Lib returns, not 100 as some libraries do. Chosen so our numbers match the reference
 * oracle everywhere; note that 0 reads as "oversold", so exit logic should not treat a flat
 * market's RSI as a signal (it will not coincide with a Bollinger touch in a flat window
 * anyway: the bands collapse onto the price and %B is defined as 0.5 there).
 */
export class RSI implements StreamingIndicator<number> {
  readonly period: number;
  /** 1/period: smoothing multiplies instead of dividing (half the latency per step). */
  private readonly inverse: number;
  private last = NaN;
  /** The input before the last one: what a replace measures its change against. */
  private prev = NaN;
  private gain = 0;
  private loss = 0;
  private gainBefore = 0;
  private lossBefore = 0;
  private current = NaN;
  private added = 0;

  constructor(period: number) {
    checkPeriod('RSI', 'period', period);
    this.period = period;
    this.inverse = 1 / period;
  }

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added > this.period ? this.current : null;
  }

  /** `value` with NaN for null (see ATR.valueOrNaN): `current` is NaN exactly while `value` is null. */
  get valueOrNaN(): number {
    return this.current;
  }

  add(x: number): number | null {
    this.push(x);
    return this.value;
  }

  /** add() without a result (see ATR.push). */
  push(x: number): void {
    if (x - x !== 0) throw nonFiniteInput('RSI', 'value', this.added, x);
    this.prev = this.last;
    this.last = x;
    this.gainBefore = this.gain;
    this.lossBefore = this.loss;
    this.added++;
    this.step();
  }

  replace(x: number): number | null {
    if (this.added === 0) return this.add(x);
    if (x - x !== 0) throw nonFiniteInput('RSI', 'value', this.added - 1, x);
    this.last = x;
    this.gain = this.gainBefore;
    this.loss = this.lossBefore;
    this.step();
    return this.value;
  }

  reset(): void {
    this.last = NaN;
    this.prev = NaN;
    this.gain = 0;
    this.loss = 0;
    this.gainBefore = 0;
    this.lossBefore = 0;
    this.current = NaN;
    this.added = 0;
  }

  // No arguments, no result: a double crossing a call V8 does not inline is boxed (allocated).
  private step(): void {
    const x = this.last;
    const i = this.added - 1;
    if (i === 0) return;
    const p = this.period;
    const d = x - this.prev;
    if (i <= p) {
      if (d < 0) this.loss -= d;
      else this.gain += d;
      if (i < p) return;
      this.loss /= p;
      this.gain /= p;
    } else {
      // (|d| + d) / 2 and (|d| - d) / 2 are exactly d or 0 and -d or 0, so this adds what
      // TA-Lib's if/else adds (x + 0 === x), without a branch that mispredicts on every other
      // bar (and twice as fast as Math.max, which must handle NaN and -0).
      const ad = Math.abs(d);
      this.loss = (this.loss * (p - 1) + (ad - d) * 0.5) * this.inverse;
      this.gain = (this.gain * (p - 1) + (ad + d) * 0.5) * this.inverse;
    }
    const total = this.gain + this.loss;
    this.current = total > -FLAT && total < FLAT ? 0 : 100 * (this.gain / total);
  }
}

/** RSI over a column, NaN before index `period`. Bit-identical to the streaming RSI. `target`: see outputColumn. */
export function rsiBatch(x: Float64Array, period: number, target?: Float64Array): Float64Array {
  checkPeriod('rsiBatch', 'period', period);
  const len = x.length;
  const out = outputColumn('rsiBatch', len, target);
  const p = period;
  out.fill(NaN, 0, p < len ? p : len);
  if (len <= p) {
    checkFiniteColumn('rsiBatch', 'value', x);
    return out;
  }
  let gain = 0;
  let loss = 0;
  let prev = x[0];
  if (prev - prev !== 0) throw nonFiniteInput('rsiBatch', 'value', 0, prev);
  let i = 1;
  for (; i <= p; i++) {
    const v = x[i];
    const d = v - prev;
    prev = v;
    if (d < 0) loss -= d;
    else gain += d;
  }
  loss /= p;
  gain /= p;
  let total = gain + loss;
  out[p] = total > -FLAT && total < FLAT ? 0 : 100 * (gain / total);
  const pm1 = p - 1;
  const inverse = 1 / p;
  for (; i < len; i++) {
    const v = x[i];
    const d = v - prev;
    prev = v;
    const ad = Math.abs(d);
    loss = (loss * pm1 + (ad - d) * 0.5) * inverse;
    gain = (gain * pm1 + (ad + d) * 0.5) * inverse;
    total = gain + loss;
    out[i] = total > -FLAT && total < FLAT ? 0 : 100 * (gain / total);
  }
  // A NaN or an infinity among the inputs makes its change non-finite, and the average gain or
  // loss stays NaN or infinite from there on: one test here instead of one per input, throwing
  // what the per-input test threw (the first non-finite input).
  if (total - total !== 0) checkFiniteColumn('rsiBatch', 'value', x);
  return out;
}
