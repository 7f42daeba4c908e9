/**
 * The last completed up-swing and down-swing through a given bar: the same anchors as the
 * engine's context (fractal pivots of `strength` bars on each side, paired as
 * engine/exits/context.ts pairs them), found by looking back from that bar over the high and
 * low columns instead of streaming every bar through SwingPivots. A backtest needs the anchors
 * only at the bars before the entries it places, and pivots are close together, so a few
 * dozen bars are looked at per entry. test/unit/backtest/context-columns.test.ts holds it equal
 * to ContextColumns at every bar of real series, in order and out of order.
 *
 * The rules, as SwingPivots and the context apply them:
 * - bar p is a pivot high when its high is strictly above the `strength` highs before it and at
 *   least the `strength` highs after it (a plateau's first bar); a pivot low mirrors that;
 * - a pivot at p is known once bar p + strength has closed;
 * - when a new pivot high becomes known, the low before it is the latest known pivot low if
 *   that lies strictly before the high (the same bar being both does not pair with itself);
 *   as pivots become known in index order, that is the last pivot low at or before the high;
 * - the up-swing is (low before the latest high, latest high) when that low is below the
 *   high; the down-swing mirrors it.
 */
export class SwingCursor {
  private readonly lastHigh: LastPivot;
  private readonly lastLow: LastPivot;
  // Separate finders for the pairing look-ups: each one's queries move forward with the entries.
  private readonly lowBeforeHigh: LastPivot;
  private readonly highBeforeLow: LastPivot;
  upSwingLow = NaN;
  upSwingHigh = NaN;
  downSwingHigh = NaN;
  downSwingLow = NaN;

  constructor(
    private readonly high: Float64Array,
    private readonly low: Float64Array,
    private readonly strength: number,
  ) {
    this.lastHigh = new LastPivot(high, strength, 1);
    this.lastLow = new LastPivot(low, strength, -1);
    this.lowBeforeHigh = new LastPivot(low, strength, -1);
    this.highBeforeLow = new LastPivot(high, strength, 1);
  }

  /** Sets the fields to the anchors known through bar i. */
  moveTo(i: number): void {
    // Pivots known at bar i are those at or before i - strength.
    const h = this.lastHigh.at(i - this.strength);
    const l = this.lastLow.at(i - this.strength);
    const lh = h >= 0 ? this.lowBeforeHigh.at(h) : -1;
    const hl = l >= 0 ? this.highBeforeLow.at(l) : -1;
    const lowBefore = lh >= 0 && lh < h ? this.low[lh] : NaN;
    const highBefore = hl >= 0 && hl < l ? this.high[hl] : NaN;
    const up = h >= 0 && lowBefore < this.high[h];
    const down = l >= 0 && highBefore > this.low[l];
    this.upSwingHigh = up ? this.high[h] : NaN;
    this.upSwingLow = up ? lowBefore : NaN;
    this.downSwingLow = down ? this.low[l] : NaN;
    this.downSwingHigh = down ? highBefore : NaN;
  }
}

/**
 * The last pivot (high for sign 1, low for sign -1) at or before a bar, found by looking back
 * from it. It remembers its last answer: a later query looks back only to the previous query's
 * bar, so queries that move forward look at each bar at most once in all (no pivots for a long
 * stretch cannot make it quadratic). A query behind the previous one looks back from scratch.
 */
class LastPivot {
  private queried = -1;
  private found = -1;

  constructor(
    private readonly x: Float64Array,
    private readonly strength: number,
    private readonly sign: 1 | -1,
  ) {}

  /** Index of the last pivot at or before bar `last`, or -1. */
  at(last: number): number {
    const s = this.strength;
    // A candidate needs `strength` bars on each side; the caller keeps last + s in range.
    const top = Math.min(last, this.x.length - 1 - s);
    if (top < this.queried) {
      this.queried = -1;
      this.found = -1;
    }
    let p = top;
    for (; p > this.queried && p >= s; p--) if (this.isPivot(p)) break;
    if (p > this.queried && p >= s) this.found = p;
    if (top > this.queried) this.queried = top;
    return this.found;
  }

  // The nearest neighbours are tested first: that is where most bars fail.
  private isPivot(p: number): boolean {
    const x = this.x;
    const s = this.strength;
    if (this.sign > 0) {
      const h = x[p];
      for (let j = 1; j <= s; j++) if (x[p - j] >= h || x[p + j] > h) return false;
    } else {
      const l = x[p];
      for (let j = 1; j <= s; j++) if (x[p - j] <= l || x[p + j] < l) return false;
    }
    return true;
  }
}
