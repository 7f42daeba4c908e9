import type { StreamingIndicator } from '../types.js';
import { checkPeriod, checkSameLength, outputColumn } from './indicator-error.js';
import type { HighLowClose } from './inputs.js';
import { checkHlcColumns, TrueRange } from './true-range.js';

/**
 * Average true range, Wilder, TA-Lib convention: the first value (bar index `period`) is the
 * simple mean of TR[1..period]; after that atr = (atr*(period-1) + tr) / period, TA-Lib's
 * operation order except that the division is a multiplication by 1/period (one rounding more
 * per step; Wilder smoothing is contractive, so these never accumulate: measured agreement with
 * TA-Lib stays within a few 1e-16 relative). Composed of a TrueRange.
 */
export class ATR implements StreamingIndicator<HighLowClose> {
  readonly period: number;
  /** 1/period: a multiply in the smoothing step instead of a divide (half the latency). */
  private readonly inverse: number;
  private readonly tr = new TrueRange();
  private sum = 0;
  private atr = NaN;
  /** State before the last add, restored by replace. */
  private sumBefore = 0;
  private atrBefore = NaN;

  constructor(period: number) {
    checkPeriod('ATR', 'period', period);
    this.period = period;
    this.inverse = 1 / period;
  }

  get count(): number {
    return this.tr.count;
  }

  get value(): number | null {
    return this.tr.count > this.period ? this.atr : null;
  }

  /**
   * `value` with NaN for null, for per-bar consumers (the exit context): a `number | null` read
   * is a tagged value, so V8 boxes (allocates) its double wherever it is kept. Just a field
   * load, so V8 always inlines it: `atr` is NaN exactly while `value` is null.
   */
  get valueOrNaN(): number {
    return this.atr;
  }

  /** The latest true range (null on the first bar). */
  get trueRange(): number | null {
    return this.tr.value;
  }

  add(bar: HighLowClose): number | null {
    this.push(bar);
    return this.value;
  }

  /**
   * add() without a result, for per-bar consumers (the exit context): where V8 does not inline
   * the call, a returned number | null is boxed (allocated) even if nobody reads it.
   */
  push(bar: HighLowClose): void {
    this.tr.ingest(bar);
    this.sumBefore = this.sum;
    this.atrBefore = this.atr;
    this.step();
  }

  replace(bar: HighLowClose): number | null {
    if (this.tr.count === 0) return this.add(bar);
    this.tr.reingest(bar);
    this.sum = this.sumBefore;
    this.atr = this.atrBefore;
    this.step();
    return this.value;
  }

  reset(): void {
    this.tr.reset();
    this.sum = 0;
    this.atr = NaN;
    this.sumBefore = 0;
    this.atrBefore = NaN;
  }

  // No arguments, no result: a double crossing a call V8 does not inline is boxed (allocated).
  private step(): void {
    // TR number k (1-based) arrives with bar index k; bar 0 has none.
    const k = this.tr.count - 1;
    if (k === 0) return;
    const tr = this.tr.latest;
    const p = this.period;
    if (k < p) {
      this.sum += tr;
      return;
    }
    if (k === p) {
      this.sum += tr;
      this.atr = this.sum / p;
      return;
    }
    this.atr = (this.atr * (p - 1) + tr) * this.inverse;
  }
}

/** ATR over columns, NaN before index `period`. Bit-identical to the streaming ATR. `target`: see outputColumn. */
export function atrBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  target?: Float64Array,
): Float64Array {
  checkPeriod('atrBatch', 'period', period);
  checkSameLength('atrBatch', { high: high.length, low: low.length, close: close.length });
  const len = close.length;
  const out = outputColumn('atrBatch', len, target);
  const p = period;
  const warm = p < len ? p : len;
  out.fill(NaN, 0, warm);
  // The loops below read high/low of bars 1.. and close of bars 0..len-2: check the rest here.
  // What they read is checked once, at the end (see there); the precise field and index come
  // from the full scan on the error path.
  if (len <= p) {
    checkHlcColumns('atrBatch', high, low, close);
    return out;
  }
  if (!finiteBar(high[0], low[0], close[len - 1])) checkHlcColumns('atrBatch', high, low, close);
  let sum = 0;
  let i = 1;
  for (; i <= p; i++) {
    const pc = close[i - 1];
    const h = high[i];
    const l = low[i];
    const tr = Math.max(h - l, Math.abs(pc - h), Math.abs(pc - l));
    sum += tr;
  }
  let atr = sum / p;
  out[p] = atr;
  const pm1 = p - 1;
  const inverse = 1 / p;
  for (; i < len; i++) {
    const pc = close[i - 1];
    const h = high[i];
    const l = low[i];
    const tr = Math.max(h - l, Math.abs(pc - h), Math.abs(pc - l));
    atr = (atr * pm1 + tr) * inverse;
    out[i] = atr;
  }
  // A NaN or an infinity in any input read above makes that true range NaN or +Infinity, and
  // the sum and the smoothed ATR after it stay non-finite (true ranges are never -Infinity):
  // one test here instead of one per bar. The thrown error is the same: the full scan's.
  if (atr - atr !== 0) checkHlcColumns('atrBatch', high, low, close);
  return out;
}

/** True when all three are finite: NaN and +-Infinity make the sum's self-difference non-zero. */
function finiteBar(a: number, b: number, c: number): boolean {
  const s = a + b + c;
  return s - s === 0;
}
