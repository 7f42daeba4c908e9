import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkPeriod, outputColumn } from './indicator-error.js';
import { WindowMax, windowExtremeBatch } from './window-extreme.js';

/**
 * Lowest value of the last `period` inputs (feed it bar.low), TA-Lib MIN convention: first
 * value at index period-1. Amortised O(1) per add (monotonic deque), O(1) replace.
 */
export class LowestLow implements StreamingIndicator<number> {
  readonly period: number;
  private readonly core: WindowMax;

  constructor(period: number) {
    this.core = new WindowMax('LowestLow', period);
    this.period = period;
  }

  get count(): number {
    return this.core.count;
  }

  get value(): number | null {
    return this.core.count >= this.period ? -this.core.max : null;
  }

  /** `value` with NaN for null: a plain double, never boxed (see ATR.valueOrNaN). */
  get valueOrNaN(): number {
    return this.core.count >= this.period ? -this.core.max : NaN;
  }

  /** Input index (0-based) of the bar holding the lowest value; the latest on ties. */
  get index(): number | null {
    return this.core.count >= this.period ? this.core.maxIndex : null;
  }

  add(x: number): number | null {
    this.core.add(x, -1);
    return this.value;
  }

  replace(x: number): number | null {
    this.core.replace(x, -1);
    return this.value;
  }

  reset(): void {
    this.core.reset();
  }
}

/** Rolling minimum over a column, NaN before index period-1 (TA-Lib MIN). */
export function lowestBatch(x: Float64Array, period: number, target?: Float64Array): Float64Array {
  checkPeriod('lowestBatch', 'period', period);
  checkFiniteColumn('lowestBatch', 'value', x);
  return windowExtremeBatch(x, period, -1, outputColumn('lowestBatch', x.length, target));
}
