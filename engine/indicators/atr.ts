import type { StreamingIndicator } from '../types.js';
import { checkPeriod, checkSameLength } from './indicator-error.js';
import type { HighLowClose } from './inputs.js';
import { checkHlcColumns, TrueRange } from './true-range.js';

/**
 * Average true range, Wilder, TA-Lib convention: the first value (bar index `period`) is the
 * simple mean of TR[1..period]; after that atr = (atr*(period-1) + tr) / period, evaluated in
 * exactly TA-Lib's operation order so results agree to the last bit or two. Composed of a
 * TrueRange. Wilder smoothing is contractive, so no drift over long series.
 */
export class ATR implements StreamingIndicator<HighLowClose> {
  readonly period: number;
  private readonly tr = new TrueRange();
  private sum = 0;
  private atr = NaN;
  /** State before the last add, restored by replace. */
  private sumBefore = 0;
  private atrBefore = NaN;

  constructor(period: number) {
    checkPeriod('ATR', 'period', period);
    this.period = period;
  }

  get count(): number {
    return this.tr.count;
  }

  get value(): number | null {
    return this.tr.count > this.period ? this.atr : null;
  }

  /** The latest true range (null on the first bar). */
  get trueRange(): number | null {
    return this.tr.value;
  }

  add(bar: HighLowClose): number | null {
    const tr = this.tr.add(bar);
    this.sumBefore = this.sum;
    this.atrBefore = this.atr;
    return this.step(tr);
  }

  replace(bar: HighLowClose): number | null {
    if (this.tr.count === 0) return this.add(bar);
    const tr = this.tr.replace(bar);
    this.sum = this.sumBefore;
    this.atr = this.atrBefore;
    return this.step(tr);
  }

  reset(): void {
    this.tr.reset();
    this.sum = 0;
    this.atr = NaN;
    this.sumBefore = 0;
    this.atrBefore = NaN;
  }

  private step(tr: number | null): number | null {
    if (tr === null) return null;
    const p = this.period;
    // TR number k (1-based) arrives with bar index k.
    const k = this.tr.count - 1;
    if (k < p) {
      this.sum += tr;
      return null;
    }
    if (k === p) {
      this.sum += tr;
      this.atr = this.sum / p;
      return this.atr;
    }
    this.atr = (this.atr * (p - 1) + tr) / p;
    return this.atr;
  }
}

/** ATR over columns, NaN before index `period`. Bit-identical to the streaming ATR. */
export function atrBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): Float64Array {
  checkPeriod('atrBatch', 'period', period);
  checkSameLength('atrBatch', { high: high.length, low: low.length, close: close.length });
  const len = close.length;
  const out = new Float64Array(len);
  const p = period;
  const warm = p < len ? p : len;
  out.fill(NaN, 0, warm);
  // The loops below read high/low of bars 1.. and close of bars 0..len-2: check the rest here,
  // and there test h + l + prev close at once (NaN or Infinity anywhere makes it non-finite);
  // the precise field and index come from the full scan on the error path.
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
    if (!finiteBar(h, l, pc)) checkHlcColumns('atrBatch', high, low, close);
    let tr = h - l;
    const toHigh = Math.abs(pc - h);
    if (toHigh > tr) tr = toHigh;
    const toLow = Math.abs(pc - l);
    if (toLow > tr) tr = toLow;
    sum += tr;
  }
  let atr = sum / p;
  out[p] = atr;
  const pm1 = p - 1;
  for (; i < len; i++) {
    const pc = close[i - 1];
    const h = high[i];
    const l = low[i];
    if (!finiteBar(h, l, pc)) checkHlcColumns('atrBatch', high, low, close);
    let tr = h - l;
    const toHigh = Math.abs(pc - h);
    if (toHigh > tr) tr = toHigh;
    const toLow = Math.abs(pc - l);
    if (toLow > tr) tr = toLow;
    atr = (atr * pm1 + tr) / p;
    out[i] = atr;
  }
  return out;
}

/** True when all three are finite: NaN and +-Infinity make the sum's self-difference non-zero. */
function finiteBar(a: number, b: number, c: number): boolean {
  const s = a + b + c;
  return s - s === 0;
}
