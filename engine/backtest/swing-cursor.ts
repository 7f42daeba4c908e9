/**
 * The last completed up-swing and down-swing through a given bar, found by walking the high
 * and low columns forward: the same anchors as the engine's context (fractal pivots of
 * `strength` bars on each side, paired as engine/exits/context.ts pairs them), without
 * streaming every bar through SwingPivots. A backtest needs the anchors only at the bars
 * before its entries, and most bars fail the pivot test on their first neighbour, so one
 * forward walk costs a few ns per bar. test/unit/backtest/swing-cursor.test.ts holds it equal
 * to ContextColumns at every bar of the real series.
 *
 * The rules, as SwingPivots and the context apply them:
 * - bar p is a pivot high when its high is strictly above the `strength` highs before it and at
 *   least the `strength` highs after it (a plateau's first bar); a pivot low mirrors that;
 * - a pivot at p is known once bar p + strength has closed;
 * - when a new pivot high is known, the low before it is the latest known pivot low if that
 *   lies strictly before the high (the same bar being both does not pair with itself);
 * - the up-swing is (low before the latest high, latest high) when that low is below the
 *   high; the down-swing mirrors it.
 */
export class SwingCursor {
  /** Next candidate bar to judge. */
  private next: number;
  private highIndex = -1;
  private lowIndex = -1;
  private lowBeforeHigh = NaN;
  private highBeforeLow = NaN;
  upSwingLow = NaN;
  upSwingHigh = NaN;
  downSwingHigh = NaN;
  downSwingLow = NaN;

  constructor(
    private readonly high: Float64Array,
    private readonly low: Float64Array,
    private readonly strength: number,
  ) {
    this.next = strength;
  }

  /** Moves to the anchors known through bar i (the fields above); any i, forward is cheapest. */
  moveTo(i: number): void {
    const s = this.strength;
    // Candidates p with p + s <= i are known at bar i.
    const last = i - s;
    if (last < this.next - 1) this.restart();
    const high = this.high;
    const low = this.low;
    let highIndex = this.highIndex;
    let lowIndex = this.lowIndex;
    for (let p = this.next; p <= last; p++) {
      const isHigh = isPivotHigh(high, p, s);
      const isLow = isPivotLow(low, p, s);
      if (isHigh) highIndex = p;
      if (isLow) lowIndex = p;
      if (isHigh) this.lowBeforeHigh = lowIndex >= 0 && lowIndex < p ? low[lowIndex] : NaN;
      if (isLow) this.highBeforeLow = highIndex >= 0 && highIndex < p ? high[highIndex] : NaN;
    }
    this.highIndex = highIndex;
    this.lowIndex = lowIndex;
    if (last >= this.next) this.next = last + 1;
    const h = this.highIndex;
    const l = this.lowIndex;
    const up = h >= 0 && this.lowBeforeHigh < high[h];
    const down = l >= 0 && this.highBeforeLow > low[l];
    this.upSwingHigh = up ? high[h] : NaN;
    this.upSwingLow = up ? this.lowBeforeHigh : NaN;
    this.downSwingLow = down ? low[l] : NaN;
    this.downSwingHigh = down ? this.highBeforeLow : NaN;
  }

  private restart(): void {
    this.next = this.strength;
    this.highIndex = -1;
    this.lowIndex = -1;
    this.lowBeforeHigh = NaN;
    this.highBeforeLow = NaN;
  }
}

// The nearest neighbours are tested first: that is where most bars fail.
function isPivotHigh(high: Float64Array, p: number, s: number): boolean {
  const h = high[p];
  for (let j = 1; j <= s; j++) if (high[p - j] >= h || high[p + j] > h) return false;
  return true;
}

function isPivotLow(low: Float64Array, p: number, s: number): boolean {
  const l = low[p];
  for (let j = 1; j <= s; j++) if (low[p - j] <= l || low[p + j] < l) return false;
  return true;
}
