import type { StreamingIndicator } from '../types.js';
import { checkMultiplier, checkPeriod, outputColumn } from './indicator-error.js';
import type { BandBuffers, BollingerColumns } from './inputs.js';
import { rollingDeviation, StdDev } from './stddev.js';

/**
 * Bollinger bands, TA-Lib BBANDS with an SMA middle: middle = SMA(period), upper/lower =
 * middle +/- k * population StdDev(period); first values at index period-1. Composed of a
 * StdDev (which carries the window mean), so the sigma has its precision guarantees.
 *
 * `value` is the middle band. Derived outputs:
 * - percentB = (x - lower) / (upper - lower). When the bands collapse (a flat window,
 *   upper == lower == x) it is defined as 0.5: the price sits on the middle, neither stretched
 *   up nor down, so no exhaustion signal can come from a motionless market.
 * - bandwidth = (upper - lower) / middle; null (NaN in batch) when the middle is exactly 0,
 *   where a relative width has no meaning.
 */
export class BollingerBands implements StreamingIndicator<number> {
  readonly period: number;
  readonly k: number;
  private readonly sd: StdDev;
  private last = NaN;
  private upperNow = NaN;
  private lowerNow = NaN;
  private bandwidthNow = NaN;

  constructor(period: number, k = 2) {
    checkPeriod('BollingerBands', 'period', period);
    checkMultiplier('BollingerBands', 'k', k);
    this.period = period;
    this.k = k;
    this.sd = new StdDev(period);
  }

  get count(): number {
    return this.sd.count;
  }

  get value(): number | null {
    return this.sd.mean;
  }

  get middle(): number | null {
    return this.sd.mean;
  }

  /** The population standard deviation of the window. */
  get sigma(): number | null {
    return this.sd.value;
  }

  get upper(): number | null {
    const m = this.sd.mean;
    const s = this.sd.value;
    return m === null || s === null ? null : m + this.k * s;
  }

  get lower(): number | null {
    const m = this.sd.mean;
    const s = this.sd.value;
    return m === null || s === null ? null : m - this.k * s;
  }

  get percentB(): number | null {
    const m = this.sd.mean;
    const s = this.sd.value;
    if (m === null || s === null) return null;
    return percentB(this.last, m + this.k * s, m - this.k * s);
  }

  get bandwidth(): number | null {
    const m = this.sd.mean;
    const s = this.sd.value;
    if (m === null || s === null || m === 0) return null;
    return (m + this.k * s - (m - this.k * s)) / m;
  }

  // upper, lower and bandwidth with NaN for null, for per-bar consumers (see ATR.valueOrNaN):
  // field loads, so V8 always inlines them and never boxes their doubles.
  get upperOrNaN(): number {
    return this.upperNow;
  }

  get lowerOrNaN(): number {
    return this.lowerNow;
  }

  get bandwidthOrNaN(): number {
    return this.bandwidthNow;
  }

  add(x: number): number | null {
    this.push(x);
    return this.sd.mean;
  }

  /** add() without a result (see ATR.push). */
  push(x: number): void {
    this.sd.push(x);
    this.last = x;
    this.refreshBands();
  }

  replace(x: number): number | null {
    this.sd.update(x);
    this.last = x;
    this.refreshBands();
    return this.sd.mean;
  }

  reset(): void {
    this.sd.reset();
    this.last = NaN;
    this.refreshBands();
  }

  // Same expressions as the getters above, so the two agree bit for bit; NaN while warming up
  // (the StdDev's mean and sigma are NaN until its window is full).
  private refreshBands(): void {
    const m = this.sd.meanOrNaN;
    const s = this.sd.valueOrNaN;
    this.upperNow = m + this.k * s;
    this.lowerNow = m - this.k * s;
    // Two plain stores, not one store of a NaN-or-number phi, which V8 boxes.
    if (m === 0) this.bandwidthNow = NaN;
    else this.bandwidthNow = (m + this.k * s - (m - this.k * s)) / m;
  }
}

function percentB(x: number, upper: number, lower: number): number {
  const width = upper - lower;
  return width > 0 ? (x - lower) / width : 0.5;
}

/**
 * Bollinger bands over a column, every output NaN before index period-1; bit-identical to the
 * streaming BollingerBands getters. upper, middle and lower are computed in one pass;
 * percentB and bandwidth are derived from them when first read (one more pass each, then
 * cached as plain values), so callers that only draw the bands do not pay two more arrays.
 * They are own enumerable properties: structured clone (postMessage, comlink) and JSON
 * serialise them like the others. `target`: reusable buffers for the three bands (see
 * outputColumn in indicator-error.ts).
 */
export function bbandsBatch(x: Float64Array, period: number, k = 2, target?: BandBuffers): BollingerColumns {
  checkPeriod('bbandsBatch', 'period', period);
  checkMultiplier('bbandsBatch', 'k', k);
  const len = x.length;
  const middle = outputColumn('bbandsBatch', len, target?.middle);
  const upper = outputColumn('bbandsBatch', len, target?.upper);
  const lower = outputColumn('bbandsBatch', len, target?.lower);
  rollingDeviation('bbandsBatch', x, period, null, middle, k, upper, lower);
  const warm = period - 1 < len ? period - 1 : len;
  const columns = { upper, middle, lower } as BollingerColumns;
  lazyColumn(columns, 'percentB', () => derivePercentB(x, upper, lower, warm));
  lazyColumn(columns, 'bandwidth', () => deriveBandwidth(upper, middle, lower, warm));
  return columns;
}

/** Defines `key` as computed on first read, then a plain writable value. */
function lazyColumn(
  target: BollingerColumns,
  key: 'percentB' | 'bandwidth',
  compute: () => Float64Array,
): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): Float64Array {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  });
}

/** %B column from the bands; same expression as the streaming getter. */
function derivePercentB(
  x: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
  warm: number,
): Float64Array {
  const len = x.length;
  const pb = new Float64Array(len);
  pb.fill(NaN, 0, warm);
  for (let i = warm; i < len; i++) pb[i] = percentB(x[i], upper[i], lower[i]);
  return pb;
}

/** Bandwidth column from the bands; same expression as the streaming getter. */
function deriveBandwidth(
  upper: Float64Array,
  middle: Float64Array,
  lower: Float64Array,
  warm: number,
): Float64Array {
  const len = middle.length;
  const bw = new Float64Array(len);
  bw.fill(NaN, 0, warm);
  for (let i = warm; i < len; i++) {
    const m = middle[i];
    bw[i] = m === 0 ? NaN : (upper[i] - lower[i]) / m;
  }
  return bw;
}
