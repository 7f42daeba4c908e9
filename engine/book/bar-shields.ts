import type { CorrelationSpec, EntropySpec } from './shield-spec.js';

/**
 * The two shields that read bars: each takes one closed bar at a time (O(1) per bar for the
 * statistics, O(within) for the jump test, a handful of bars) and says when it fires.
 */

/**
 * Rolling Pearson correlation of the asset's log returns with the benchmark's over `window`
 * returns, from running sums (the values leaving the window are subtracted). It fires on the bar
 * where the correlation is above `to` while, within the `within` bars before, it was below
 * `from`: the asset stopped moving on its own and started moving with the whole market.
 */
export class CorrelationShield {
  correlation = NaN;
  /** The lowest correlation in the `within` bars before this one (what the jump came from). */
  lowBefore = NaN;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly history: Float64Array;
  private n = 0;
  private bars = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private prevX = NaN;
  private prevY = NaN;
  private firing = false;

  constructor(readonly spec: CorrelationSpec) {
    this.xs = new Float64Array(spec.window);
    this.ys = new Float64Array(spec.window);
    this.history = new Float64Array(spec.within).fill(NaN);
  }

  /** One pair of closes at the same bar time; true when the shield fires on it. */
  add(assetClose: number, benchmarkClose: number): boolean {
    const firstBar = Number.isNaN(this.prevX);
    const x = Math.log(assetClose / this.prevX);
    const y = Math.log(benchmarkClose / this.prevY);
    this.prevX = assetClose;
    this.prevY = benchmarkClose;
    if (firstBar) return false;
    const w = this.spec.window;
    const slot = this.n % w;
    if (this.n >= w) {
      const ox = this.xs[slot];
      const oy = this.ys[slot];
      this.sx -= ox;
      this.sy -= oy;
      this.sxx -= ox * ox;
      this.syy -= oy * oy;
      this.sxy -= ox * oy;
    }
    this.xs[slot] = x;
    this.ys[slot] = y;
    this.sx += x;
    this.sy += y;
    this.sxx += x * x;
    this.syy += y * y;
    this.sxy += x * y;
    this.n++;
    const previous = this.correlation;
    if (this.n >= w) {
      const vx = this.sxx - (this.sx * this.sx) / w;
      const vy = this.syy - (this.sy * this.sy) / w;
      const c = (this.sxy - (this.sx * this.sy) / w) / Math.sqrt(vx * vy);
      this.correlation = Number.isFinite(c) ? Math.max(-1, Math.min(1, c)) : NaN;
    }
    // The lowest of the `within` correlations before this bar.
    const h = this.history;
    // NaN too (a flat window has no correlation): a stale value must not stand in for it.
    h[this.bars % h.length] = previous;
    this.bars++;
    let low = NaN;
    for (let i = 0; i < h.length; i++) {
      if (Number.isNaN(h[i])) continue;
      if (Number.isNaN(low) || h[i] < low) low = h[i];
    }
    this.lowBefore = low;
    const now = this.correlation > this.spec.to && low < this.spec.from;
    const fires = now && !this.firing;
    this.firing = now;
    return fires;
  }
}

const cLogC = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

const FACTORIALS = [1, 1, 2, 6, 24, 120, 720];

/**
 * Normalised permutation entropy (Bandt and Pompe) of the last `window` returns: each run of
 * `order` returns is reduced to the order of its values (one of order! patterns), and the
 * Shannon entropy of the pattern counts is divided by ln(order!), so 1 is pure disorder. The
 * counts are kept in a ring and the sum of c ln c is updated as one count goes up and one
 * down, so each bar is O(order^2) whatever the window. It fires on the bar it rises above the
 * threshold.
 */
export class EntropyGuard {
  entropy = NaN;
  private readonly counts: Float64Array;
  private readonly patterns: Int32Array;
  private readonly last: Float64Array;
  private readonly patternsInWindow: number;
  private returns = 0;
  private made = 0;
  private sumCLogC = 0;
  private prevClose = NaN;
  private above = false;

  constructor(readonly spec: EntropySpec) {
    this.counts = new Float64Array(FACTORIALS[spec.order]);
    this.patternsInWindow = spec.window - spec.order + 1;
    this.patterns = new Int32Array(this.patternsInWindow);
    this.last = new Float64Array(spec.order);
  }

  add(close: number): boolean {
    const first = Number.isNaN(this.prevClose);
    const r = Math.log(close / this.prevClose);
    this.prevClose = close;
    if (first) return false;
    const m = this.spec.order;
    this.last[this.returns % m] = r;
    this.returns++;
    if (this.returns < m) return false;
    const id = this.patternId();
    const p = this.patternsInWindow;
    const slot = this.made % p;
    if (this.made >= p) this.bump(this.patterns[slot], -1);
    this.patterns[slot] = id;
    this.bump(id, 1);
    this.made++;
    if (this.made < p) return false;
    // H = ln n - (sum c ln c) / n, over n = p patterns; normalised by the most it can be.
    const h = Math.log(p) - this.sumCLogC / p;
    this.entropy = Math.max(0, h / Math.log(FACTORIALS[m]));
    const isAbove = this.entropy > this.spec.threshold;
    const fires = isAbove && !this.above;
    this.above = isAbove;
    return fires;
  }

  /** The Lehmer code of the last `order` returns, oldest first (ties rank by arrival). */
  private patternId(): number {
    const m = this.spec.order;
    const start = this.returns - m;
    let id = 0;
    for (let i = 0; i < m; i++) {
      const vi = this.last[(start + i) % m];
      let smaller = 0;
      for (let j = i + 1; j < m; j++) if (this.last[(start + j) % m] < vi) smaller++;
      id += smaller * FACTORIALS[m - 1 - i];
    }
    return id;
  }

  private bump(id: number, by: 1 | -1): void {
    const c = this.counts[id];
    this.sumCLogC += cLogC(c + by) - cLogC(c);
    this.counts[id] = c + by;
  }
}
