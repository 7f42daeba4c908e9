import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkSameLength, nonFiniteInput } from './indicator-error.js';
import type { HighLowClose } from './inputs.js';

/**
 * True range, TA-Lib TRANGE: max(H-L, |H-Cprev|, |L-Cprev|). Bar 0 has no previous close and
 * so no true range (TA-Lib does not fall back to H-L there): `value` is null after the first
 * bar and defined from the second on (first output index 1).
 */
export class TrueRange implements StreamingIndicator<HighLowClose> {
  /** Close of the bar before the last one added: what a replace measures against. */
  private prevClose = NaN;
  private lastClose = NaN;
  private current = NaN;
  private added = 0;

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added > 1 ? this.current : null;
  }

  add(bar: HighLowClose): number | null {
    checkBar('TrueRange', bar, this.added);
    this.prevClose = this.lastClose;
    this.lastClose = bar.close;
    this.added++;
    return this.compute(bar);
  }

  /** Recompute the still-forming last bar. With nothing added yet it behaves like add. */
  replace(bar: HighLowClose): number | null {
    if (this.added === 0) return this.add(bar);
    checkBar('TrueRange', bar, this.added - 1);
    this.lastClose = bar.close;
    return this.compute(bar);
  }

  reset(): void {
    this.prevClose = NaN;
    this.lastClose = NaN;
    this.current = NaN;
    this.added = 0;
  }

  private compute(bar: HighLowClose): number | null {
    if (this.added < 2) {
      this.current = NaN;
      return null;
    }
    const pc = this.prevClose;
    let tr = bar.high - bar.low;
    const toHigh = Math.abs(pc - bar.high);
    if (toHigh > tr) tr = toHigh;
    const toLow = Math.abs(pc - bar.low);
    if (toLow > tr) tr = toLow;
    this.current = tr;
    return tr;
  }
}

/** Shared by the bar-based indicators: one bad field fails with its name and bar index. */
export function checkBar(indicator: string, bar: HighLowClose, index: number): void {
  const { high, low, close } = bar;
  if (high - high !== 0) throw nonFiniteInput(indicator, 'high', index, high);
  if (low - low !== 0) throw nonFiniteInput(indicator, 'low', index, low);
  if (close - close !== 0) throw nonFiniteInput(indicator, 'close', index, close);
}

/** Batch input check for high/low/close columns. */
export function checkHlcColumns(
  indicator: string,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
): void {
  checkSameLength(indicator, { high: high.length, low: low.length, close: close.length });
  checkFiniteColumn(indicator, 'high', high);
  checkFiniteColumn(indicator, 'low', low);
  checkFiniteColumn(indicator, 'close', close);
}

/** TRANGE over columns; out[0] is NaN (no previous close). Bit-identical to TrueRange. */
export function trueRangeBatch(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  checkHlcColumns('trueRangeBatch', high, low, close);
  const len = close.length;
  const out = new Float64Array(len);
  if (len === 0) return out;
  out[0] = NaN;
  for (let i = 1; i < len; i++) {
    const pc = close[i - 1];
    const h = high[i];
    const l = low[i];
    let tr = h - l;
    const toHigh = Math.abs(pc - h);
    if (toHigh > tr) tr = toHigh;
    const toLow = Math.abs(pc - l);
    if (toLow > tr) tr = toLow;
    out[i] = tr;
  }
  return out;
}
