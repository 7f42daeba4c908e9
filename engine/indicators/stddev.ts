import type { StreamingIndicator } from '../types.js';
import { checkPeriod, IndicatorError, nonFiniteInput, outputColumn } from './indicator-error.js';
import { EPS, SIGMA_TOLERANCE } from './rolling-sum.js';

/**
 * Population standard deviation over `period` inputs (divide by n), TA-Lib's first output
 * index (period-1). Also exposes the window mean (the SMA, to within ~1e-16 relative; not bit
 * for bit, as it comes from the shifted sums below rather than from SMA's running sum).
 *
 * Precision: not TA-Lib's one-pass sum(x^2)/n - mean^2, which cancels catastrophically when the
 * mean dwarfs the spread (1.5e-5 relative error on EUR futures). We keep s1 = sum(x - K) and
 * s2 = sum((x - K)^2) around a shift K and update them incrementally; mean = K + s1/n and
 * var = s2/n - (s1/n)^2. Every `period` inputs (ring full and in order) they are recomputed
 * two-pass with K = the window mean, so nothing accumulates across cycles. Between resums we
 * carry a running bound on the rounding error of s2 (each update can be off by 2^-53 of
 * |dx^2| + |de^2| + |s2|); if it could move sigma by more than SIGMA_TOLERANCE x
 * (|level| + sigma), we resum at once. On real series that never fires; it protects against
 * adversarial jumps (a series that falls 1e6x within a window, a split), where a stale K would
 * otherwise cancel badly. Amortised O(1).
 */
export class StdDev implements StreamingIndicator<number> {
  readonly period: number;
  private readonly ring: Float64Array;
  /** 1/period: means are products, not quotients (divides are the slowest step here). */
  private readonly inverse: number;
  /** 2 * EPS / period, for the error-bound test (the same product the batch kernel uses). */
  private readonly twoEpsInv: number;
  private slot = 0;
  private lastSlot = 0;
  private evicted = 0;
  // Running state: shift K, s1, s2 and the error bound of s2, each with its value before the
  // last add, which replace restores. Plain fields: copying them is cheaper than a
  // TypedArray.set call on every update.
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  private err = 0;
  private shiftBefore = 0;
  private s1Before = 0;
  private s2Before = 0;
  private errBefore = 0;
  private sd = NaN;
  private avg = NaN;
  private added = 0;

  constructor(period: number) {
    checkPeriod('StdDev', 'period', period);
    this.period = period;
    this.ring = new Float64Array(period);
    this.inverse = 1 / period;
    this.twoEpsInv = 2 * EPS * this.inverse;
  }

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    return this.added >= this.period ? this.sd : null;
  }

  /** The window's mean (the SMA), null while warming up. */
  get mean(): number | null {
    return this.added >= this.period ? this.avg : null;
  }

  /**
   * `value` and `mean` with NaN for null (see ATR.valueOrNaN): `sd` and `avg` are NaN exactly
   * while they are null (apply() sets them only once the window is full).
   */
  get valueOrNaN(): number {
    return this.sd;
  }

  get meanOrNaN(): number {
    return this.avg;
  }

  add(x: number): number | null {
    this.push(x);
    return this.value;
  }

  replace(x: number): number | null {
    this.update(x);
    return this.value;
  }

  /**
   * add() without a result. The public add/replace stay tiny so V8 inlines them into the
   * caller's loop; the work lives here and returns nothing, because a double returned from a
   * call V8 does not inline is boxed, i.e. allocated.
   */
  push(x: number): void {
    if (x - x !== 0) throw nonFiniteInput('StdDev', 'value', this.added, x);
    const s = this.slot;
    this.lastSlot = s;
    this.evicted = this.ring[s];
    this.shiftBefore = this.shift;
    this.s1Before = this.s1;
    this.s2Before = this.s2;
    this.errBefore = this.err;
    this.ring[s] = x;
    this.slot = s + 1 === this.period ? 0 : s + 1;
    this.added++;
    this.apply();
  }

  /** replace() without a result (see push). */
  update(x: number): void {
    if (this.added === 0) {
      this.push(x);
      return;
    }
    if (x - x !== 0) throw nonFiniteInput('StdDev', 'value', this.added - 1, x);
    this.shift = this.shiftBefore;
    this.s1 = this.s1Before;
    this.s2 = this.s2Before;
    this.err = this.errBefore;
    this.ring[this.lastSlot] = x;
    this.apply();
  }

  reset(): void {
    this.ring.fill(0);
    this.slot = 0;
    this.lastSlot = 0;
    this.evicted = 0;
    this.shift = this.s1 = this.s2 = this.err = 0;
    this.shiftBefore = this.s1Before = this.s2Before = this.errBefore = 0;
    this.sd = NaN;
    this.avg = NaN;
    this.added = 0;
  }

  // No arguments, no result: a double crossing a call V8 does not inline is boxed (allocated).
  private apply(): void {
    const p = this.period;
    const s = this.lastSlot;
    const ring = this.ring;
    const x = ring[s];
    if (this.added < p) return;
    const inv = this.inverse;
    let k = this.shift;
    let s1 = this.s1;
    let s2 = this.s2;
    let err = this.err;
    let mean = NaN;
    let variance = NaN;
    let sigma = NaN;
    if (s !== p - 1) {
      const dx = x - k;
      const de = this.evicted - k;
      s1 += dx - de;
      s2 += dx * dx - de * de;
      err += dx * dx + de * de + Math.abs(s2);
      const m1 = s1 * inv;
      mean = k + m1;
      variance = s2 * inv - m1 * m1;
      sigma = variance > 0 ? Math.sqrt(variance) : 0;
      // sigma moves by at most t when the variance moves by at most t^2 + 2*sigma*t.
      const t = SIGMA_TOLERANCE * (Math.abs(mean) + sigma);
      if (!(this.twoEpsInv * err <= t * (t + 2 * sigma))) variance = NaN;
    }
    if (variance !== variance) {
      // Resum oldest-first (the slot after the newest), exactly as the batch kernel does.
      let sum = 0;
      for (let j = s + 1; j < p; j++) sum += ring[j];
      for (let j = 0; j <= s; j++) sum += ring[j];
      k = sum * inv;
      s1 = 0;
      s2 = 0;
      for (let j = s + 1; j < p; j++) {
        const d = ring[j] - k;
        s1 += d;
        s2 += d * d;
      }
      for (let j = 0; j <= s; j++) {
        const d = ring[j] - k;
        s1 += d;
        s2 += d * d;
      }
      err = s2;
      const m1 = s1 * inv;
      mean = k + m1;
      variance = s2 * inv - m1 * m1;
      sigma = variance > 0 ? Math.sqrt(variance) : 0;
    }
    this.shift = k;
    this.s1 = s1;
    this.s2 = s2;
    this.err = err;
    this.sd = sigma;
    this.avg = mean;
  }
}

/** Population standard deviation over a column, NaN before index period-1. Bit-identical to StdDev. */
export function stddevBatch(x: Float64Array, period: number, target?: Float64Array): Float64Array {
  checkPeriod('stddevBatch', 'period', period);
  const sd = outputColumn('stddevBatch', x.length, target);
  rollingDeviation('stddevBatch', x, period, sd, new Float64Array(x.length), 0, null, null);
  return sd;
}

/**
 * The batch kernel shared with Bollinger bands: one pass fills `mean` (and `sd`, and the bands
 * when asked) with exactly the streaming arithmetic and resum decisions, NaN while warming up.
 * Inputs are checked for NaN/Infinity as they enter the window (a throw names the index).
 */
export function rollingDeviation(
  name: string,
  x: Float64Array,
  period: number,
  sd: Float64Array | null,
  mean: Float64Array,
  bandK: number,
  upper: Float64Array | null,
  lower: Float64Array | null,
): void {
  // An int32 length keeps every loop bound an integer compare (a typed array's length is typed
  // up to 2^53, and an index compared with it is converted to a double on every input).
  const len = x.length | 0;
  if (len !== x.length) {
    throw new IndicatorError(name, 'value', null, `at most 2^31-1 inputs, got ${x.length}`);
  }
  const p = period;
  const warm = p - 1 < len ? p - 1 : len;
  for (let i = 0; i < warm; i++) if (x[i] - x[i] !== 0) throw nonFiniteInput(name, 'value', i, x[i]);
  sd?.fill(NaN, 0, warm);
  mean.fill(NaN, 0, warm);
  upper?.fill(NaN, 0, warm);
  lower?.fill(NaN, 0, warm);
  // Loop-invariant tests as booleans, and output arrays that are never null: a nullable array
  // tested in the loop costs a generic truthiness test and a map check on every input.
  const writeSd = sd !== null;
  const writeBands = upper !== null && lower !== null;
  const sdOut = sd ?? mean;
  const upperOut = upper ?? mean;
  const lowerOut = lower ?? mean;
  const inv = 1 / p;
  // Doubles computed once, before the loop: V8 reloads (and hole-checks) an imported binding on
  // every iteration, and unboxes a tagged value (a constant, an argument) with a type test on
  // every use; `* 1` (exact, -0 included) makes it a double here. twoEpsInv * err is
  // 2 * EPS * err / period as StdDev computes it.
  const tolerance = SIGMA_TOLERANCE * 1;
  const bk = bandK * 1;
  const twoEpsInv = 2 * EPS * inv;
  // Each pass of the outer loop resums the window ending at i (every period-th input, as the
  // streaming ring does, or early when the error bound asks), then slides it incrementally in
  // an inner loop up to the next scheduled resum. The sliding loop holds no loop of its own: V8
  // optimises innermost loops best (it peels only those), and with the resum loops inside it,
  // the one loop of before kept its running sums as boxed heap numbers (three allocations per
  // input). Same arithmetic, same resum decisions as StdDev.
  let next = p - 1; // the next scheduled resum: indices p-1, 2p-1, ...
  let i = p - 1;
  while (i < len) {
    const v = x[i];
    if (v - v !== 0) throw nonFiniteInput(name, 'value', i, v);
    if (i === next) next += p;
    let sum = 0;
    for (let j = i - p + 1; j <= i; j++) sum += x[j];
    const k = sum * inv;
    let s1 = 0;
    let s2 = 0;
    for (let j = i - p + 1; j <= i; j++) {
      const d = x[j] - k;
      s1 += d;
      s2 += d * d;
    }
    let err = s2;
    const r1 = s1 * inv;
    let m = k + r1;
    const rv = s2 * inv - r1 * r1;
    let sigma = rv > 0 ? Math.sqrt(rv) : 0;
    const end = next < len ? next : len;
    for (;;) {
      mean[i] = m;
      if (writeSd) sdOut[i] = sigma;
      if (writeBands) {
        // Same expressions, same order as the BollingerBands getters.
        const d = bk * sigma;
        upperOut[i] = m + d;
        lowerOut[i] = m - d;
      }
      if (++i >= end) break;
      // x[i] is not tested here: a NaN or an infinity makes the variance NaN, which breaks out
      // to the resum, and that tests x[i] and throws for it.
      const dx = x[i] - k;
      const de = x[i - p] - k;
      s1 += dx - de;
      s2 += dx * dx - de * de;
      err += dx * dx + de * de + Math.abs(s2);
      const m1 = s1 * inv;
      m = k + m1;
      const variance = s2 * inv - m1 * m1;
      sigma = variance > 0 ? Math.sqrt(variance) : 0;
      // sigma moves by at most t when the variance moves by at most t^2 + 2*sigma*t. A NaN
      // variance (an overflow) resums as well.
      const t = tolerance * (Math.abs(m) + sigma);
      if (variance !== variance || !(twoEpsInv * err <= t * (t + 2 * sigma))) break;
    }
  }
}
