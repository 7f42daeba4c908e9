import type { StreamingIndicator } from '../types.js';
import { checkFiniteColumn, checkMultiplier, checkPeriod } from './indicator-error.js';
import type { BollingerColumns } from './inputs.js';
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

  add(x: number): number | null {
    this.sd.add(x);
    this.last = x;
    return this.sd.mean;
  }

  replace(x: number): number | null {
    this.sd.replace(x);
    this.last = x;
    return this.sd.mean;
  }

  reset(): void {
    this.sd.reset();
    this.last = NaN;
  }
}

function percentB(x: number, upper: number, lower: number): number {
  const width = upper - lower;
  return width > 0 ? (x - lower) / width : 0.5;
}

/**
 * Bollinger bands over a column, every output NaN before index period-1; bit-identical to the
 * streaming BollingerBands getters.
 */
export function bbandsBatch(x: Float64Array, period: number, k = 2): BollingerColumns {
  checkPeriod('bbandsBatch', 'period', period);
  checkMultiplier('bbandsBatch', 'k', k);
  checkFiniteColumn('bbandsBatch', 'value', x);
  const len = x.length;
  const sd = new Float64Array(len);
  const middle = new Float64Array(len);
  rollingDeviation(x, period, sd, middle);
  const upper = new Float64Array(len);
  const lower = new Float64Array(len);
  const pb = new Float64Array(len);
  const bw = new Float64Array(len);
  const warm = period - 1 < len ? period - 1 : len;
  upper.fill(NaN, 0, warm);
  lower.fill(NaN, 0, warm);
  pb.fill(NaN, 0, warm);
  bw.fill(NaN, 0, warm);
  for (let i = warm; i < len; i++) {
    const m = middle[i];
    const d = k * sd[i];
    const u = m + d;
    const l = m - d;
    upper[i] = u;
    lower[i] = l;
    const width = u - l;
    pb[i] = width > 0 ? (x[i] - l) / width : 0.5;
    bw[i] = m === 0 ? NaN : width / m;
  }
  return { upper, middle, lower, percentB: pb, bandwidth: bw };
}
