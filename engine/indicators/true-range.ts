import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkSameLength, nonFiniteInput, outputColumn } from './indicator-error.js';
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

  /** The latest true range as a plain number, NaN before the second bar (for composition). */
  get latest(): number {
    return this.current;
  }

  add(bar: HighLowClose): number | null {
    this.push(bar.high, bar.low, bar.close);
    return this.value;
  }

  /** Recompute the still-forming last bar. With nothing added yet it behaves like add. */
  replace(bar: HighLowClose): number | null {
    this.update(bar.high, bar.low, bar.close);
    return this.value;
  }

  /** add() from plain numbers: for callers holding columns, and for ATR (no result boxing). */
  push(high: number, low: number, close: number): void {
    checkBar('TrueRange', high, low, close, this.added);
    this.prevClose = this.lastClose;
    this.lastClose = close;
    this.added++;
    this.compute(high, low);
  }

  /** replace() from plain numbers. */
  update(high: number, low: number, close: number): void {
    if (this.added === 0) {
      this.push(high, low, close);
      return;
    }
    checkBar('TrueRange', high, low, close, this.added - 1);
    this.lastClose = close;
    this.compute(high, low);
  }

  reset(): void {
    this.prevClose = NaN;
    this.lastClose = NaN;
    this.current = NaN;
    this.added = 0;
  }

  private compute(high: number, low: number): void {
    if (this.added < 2) {
      this.current = NaN;
      return;
    }
    const pc = this.prevClose;
    // Branchless max; inputs are finite (checked on the way in), so no NaN subtleties.
    this.current = Math.max(high - low, Math.abs(pc - high), Math.abs(pc - low));
  }
}

/** Shared by the bar-based indicators: one bad field fails with its name and bar index. */
export function checkBar(indicator: string, high: number, low: number, close: number, index: number): void {
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

/** TRANGE over columns; [0] is NaN (no previous close). Bit-identical to TrueRange. `out`: see outputColumn. */
export function trueRangeBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  checkHlcColumns('trueRangeBatch', high, low, close);
  const len = close.length;
  const tr = outputColumn('trueRangeBatch', len, out);
  if (len === 0) return tr;
  tr[0] = NaN;
  for (let i = 1; i < len; i++) {
    const pc = close[i - 1];
    const h = high[i];
    const l = low[i];
    const r = Math.max(h - l, Math.abs(pc - h), Math.abs(pc - l));
    tr[i] = r;
  }
  return tr;
}
