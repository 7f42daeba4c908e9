import { maxDrawdown } from './stats.js';

/**
 * curveStats (engine/backtest/stats.ts) over a stretch [from, to) of an equity curve that is
 * never held: the values arrive one bar at a time, in order, twice. The first pass
 * (`moments`) sums the returns and tracks the drawdown exactly as curveStats' first pass does;
 * the second (`deviations`, after `endMoments`) adds (r - mean)^2 and the downside squares in
 * the same order as its second pass. Same operations in the same order: the same numbers to
 * the last bit (test/unit/backtest/stream-lab.test.ts compares whole reports). A streamed
 * backtest runs its bars twice for this (the squared deviations need the mean first).
 */
export class CurveTally {
  private phase: 'moments' | 'deviations' = 'moments';
  private seen = 0;
  private before = NaN;
  private peak = -Infinity;
  private worst = 0;
  private sum = 0;
  private mean = 0;
  private ss = 0;
  private down = 0;
  /** The first two values, for a stretch too short for returns (curveStats then calls maxDrawdown). */
  private readonly head: number[] = [];
  e0 = 0;
  e1 = 0;

  constructor(
    readonly from: number,
    readonly to: number,
  ) {}

  /** The equity at bar i (bars outside the stretch are ignored). */
  add(i: number, e: number): void {
    if (i < this.from || i >= this.to) return;
    if (this.seen++ === 0) {
      this.before = e;
      if (this.phase === 'moments') {
        this.e0 = e;
        this.peak = e > -Infinity ? e : -Infinity;
      }
      if (this.head.length < 2) this.head.push(e);
      return;
    }
    if (this.head.length < 2 && this.phase === 'moments') this.head.push(e);
    const before = this.before;
    if (this.phase === 'moments') {
      this.e1 = e;
      // As curveStats: a flat bar (r = 0 exactly) changes neither the sum nor the drawdown.
      if (!(e === before && before !== 0 && before - before === 0)) {
        this.sum += e / before - 1;
        if (e !== before) {
          if (e > this.peak) this.peak = e;
          else if (this.peak > 0) {
            const dd = 1 - e / this.peak;
            if (dd > this.worst) this.worst = dd;
          }
        }
      }
    } else {
      const r = e === before && before !== 0 && before - before === 0 ? 0 : e / before - 1;
      const m = this.mean;
      this.ss += (r - m) * (r - m);
      if (r < 0) this.down += r * r;
    }
    this.before = e;
  }

  /** Ends the first pass: the mean is known, the second pass may begin. */
  endMoments(): void {
    if (this.seen === 1) this.e1 = this.e0;
    const n = this.to - this.from - 1;
    this.mean = n > 0 ? this.sum / n : 0;
    this.phase = 'deviations';
    this.seen = 0;
  }

  /** What curveStats gives for the stretch (after both passes), with barsPerYear for the annualising. */
  result(barsPerYear: number): { maxDrawdown: number; sharpe: number | null; sortino: number | null } {
    const n = this.to - this.from - 1;
    if (n < 2) return { maxDrawdown: maxDrawdown(this.head), sharpe: null, sortino: null };
    const m = this.mean;
    const sd = Math.sqrt(this.ss / (n - 1));
    const dd = Math.sqrt(this.down / n);
    const k = Math.sqrt(barsPerYear);
    return {
      maxDrawdown: this.worst,
      sharpe: sd > 0 ? (m / sd) * k : null,
      sortino: dd > 0 ? (m / dd) * k : null,
    };
  }
}
