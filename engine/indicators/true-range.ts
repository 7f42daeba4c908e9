import type { StreamingIndicator } from '../types.js';
import {
  checkFiniteColumn,
  checkSameLength,
  type IndicatorError,
  nonFiniteInput,
  outputColumn,
} from './indicator-error.js';
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
  /**
   * The latest true range, NaN before the second bar. A field rather than a getter so that a
   * composing indicator (ATR) reads it without a call. Read it; do not write it.
   */
  latest = NaN;
  private added = 0;

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added > 1 ? this.latest : null;
  }

  add(bar: HighLowClose): number | null {
    this.ingest(bar);
    return this.value;
  }

  /** Recompute the still-forming last bar. With nothing added yet it behaves like add. */
  replace(bar: HighLowClose): number | null {
    this.reingest(bar);
    return this.value;
  }

  reset(): void {
    this.prevClose = NaN;
    this.lastClose = NaN;
    this.latest = NaN;
    this.added = 0;
  }

  /**
   * add() without a result, for composition (ATR). Update paths pass objects, never doubles,
   * to anything that might not be inlined: V8 boxes (allocates) a double crossing a real call,
   * as argument or as result.
   */
  ingest(bar: HighLowClose): void {
    const { high, low, close } = bar;
    if (high - high !== 0 || low - low !== 0 || close - close !== 0)
      throw badBar('TrueRange', bar, this.added);
    this.prevClose = this.lastClose;
    this.lastClose = close;
    this.added++;
    const pc = this.prevClose;
    // Branchless max; inputs are finite (checked above), so no NaN subtleties.
    // Two plain stores, not one store of a NaN-or-number phi, which V8 may box.
    if (this.added < 2) this.latest = NaN;
    else this.latest = Math.max(high - low, Math.abs(pc - high), Math.abs(pc - low));
  }

  /** replace() without a result (see ingest). */
  reingest(bar: HighLowClose): void {
    if (this.added === 0) {
      this.ingest(bar);
      return;
    }
    const { high, low, close } = bar;
    if (high - high !== 0 || low - low !== 0 || close - close !== 0)
      throw badBar('TrueRange', bar, this.added - 1);
    this.lastClose = close;
    const pc = this.prevClose;
    // Two plain stores, not one store of a NaN-or-number phi, which V8 may box.
    if (this.added < 2) this.latest = NaN;
    else this.latest = Math.max(high - low, Math.abs(pc - high), Math.abs(pc - low));
  }
}

/** The typed error for a bar with a NaN/Infinity field, naming the first bad field. */
export function badBar(indicator: string, bar: HighLowClose, index: number): IndicatorError {
  for (const field of ['high', 'low', 'close'] as const) {
    const v = bar[field];
    if (v - v !== 0) return nonFiniteInput(indicator, field, index, v);
  }
  return nonFiniteInput(indicator, 'high', index, bar.high);
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
