import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkPeriod, nonFiniteInput, outputColumn } from './indicator-error.js';

/**
 * Exponential moving average, TA-Lib convention: seeded with the simple mean of the first
 * `period` inputs (first value at index period-1), then ema = (x - ema) * k + ema with
 * k = 2 / (period + 1), in TA-Lib's operation order. (Libraries that seed with the first price
 * differ by ((n-1)/(n+1))^i, negligible after a few hundred bars.)
 */
export class EMA implements StreamingIndicator<number> {
  readonly period: number;
  readonly k: number;
  /** The input being applied (a field, so step() takes no double argument). */
  private input = NaN;
  private sum = 0;
  private ema = NaN;
  private sumBefore = 0;
  private emaBefore = NaN;
  private added = 0;

  constructor(period: number) {
    checkPeriod('EMA', 'period', period);
    this.period = period;
    this.k = 2 / (period + 1);
  }

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added >= this.period ? this.ema : null;
  }

  add(x: number): number | null {
    if (x - x !== 0) throw nonFiniteInput('EMA', 'value', this.added, x);
    this.sumBefore = this.sum;
    this.emaBefore = this.ema;
    this.added++;
    this.input = x;
    this.step();
    return this.value;
  }

  replace(x: number): number | null {
    if (this.added === 0) return this.add(x);
    if (x - x !== 0) throw nonFiniteInput('EMA', 'value', this.added - 1, x);
    this.sum = this.sumBefore;
    this.ema = this.emaBefore;
    this.input = x;
    this.step();
    return this.value;
  }

  reset(): void {
    this.sum = 0;
    this.ema = NaN;
    this.sumBefore = 0;
    this.emaBefore = NaN;
    this.added = 0;
  }

  // No arguments, no result: a double crossing a call V8 does not inline is boxed (allocated).
  private step(): void {
    const x = this.input;
    const p = this.period;
    if (this.added < p) {
      this.sum += x;
      return;
    }
    if (this.added === p) {
      this.sum += x;
      this.ema = this.sum / p;
      return;
    }
    this.ema = (x - this.ema) * this.k + this.ema;
  }
}

/** EMA over a column, NaN before index period-1. Bit-identical to the streaming EMA. */
export function emaBatch(x: Float64Array, period: number, target?: Float64Array): Float64Array {
  checkPeriod('emaBatch', 'period', period);
  checkFiniteColumn('emaBatch', 'value', x);
  const len = x.length;
  const out = outputColumn('emaBatch', len, target);
  const p = period;
  out.fill(NaN, 0, p - 1 < len ? p - 1 : len);
  if (len < p) return out;
  const k = 2 / (p + 1);
  let sum = 0;
  for (let i = 0; i < p; i++) sum += x[i];
  let ema = sum / p;
  out[p - 1] = ema;
  for (let i = p; i < len; i++) {
    ema = (x[i] - ema) * k + ema;
    out[i] = ema;
  }
  return out;
}
