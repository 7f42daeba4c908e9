import { atrBatch } from '../indicators/atr.js';
import type { Bar } from '../types.js';

/**
 * Per-series columns computed once and shared by every policy and trade of a run: the bars
 * as columns and ATR columns by period (for ATR slippage and stress gaps).
 */
export class SeriesColumns {
  readonly time: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  private readonly atrs = new Map<number, Float64Array>();

  constructor(bars: readonly Bar[]) {
    const n = bars.length;
    this.time = new Float64Array(n);
    this.high = new Float64Array(n);
    this.low = new Float64Array(n);
    this.close = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = bars[i];
      this.time[i] = b.time;
      this.high[i] = b.high;
      this.low[i] = b.low;
      this.close[i] = b.close;
    }
  }

  atr(period: number): Float64Array {
    let column = this.atrs.get(period);
    if (column === undefined) {
      column = atrBatch(this.high, this.low, this.close, period);
      this.atrs.set(period, column);
    }
    return column;
  }
}
