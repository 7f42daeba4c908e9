import type { Side } from '../types.js';
import { RollingMedian } from './rolling-median.js';
import type { ImbalanceSpec, LiquiditySpec } from './shield-spec.js';
import type { BookTop } from './types.js';

/**
 * The two shields that read the book, one update at a time, O(1) and without allocating.
 * Each says on which update it fires (`update` returns true then) and keeps the numbers that
 * fired it, so a report can say why.
 */

/** Level-1 imbalance against the position for k updates in a row. */
export class ImbalanceShield {
  /** Updates in a row with the imbalance at or beyond the threshold against the position. */
  run = 0;
  imbalance = NaN;
  fired = 0;
  private readonly dir: 1 | -1;

  constructor(
    readonly spec: ImbalanceSpec,
    side: Side,
  ) {
    this.dir = side === 'long' ? 1 : -1;
  }

  /**
   * True on the update that completes a run of `spec.updates` (then the count starts again, so a
   * slice exit can fire again after another full run). A book with both sides empty breaks a run.
   */
  update(top: BookTop): boolean {
    const depth = top.bidSize + top.askSize;
    // Written to the field and read back, not picked with `depth > 0 ? x : NaN` into a local:
    // V8 boxed that double on almost every update (14.5 bytes an update over the LOBSTER day,
    // test/unit/book/no-allocation.test.ts); a store into the field's own box allocates nothing.
    this.imbalance = NaN;
    if (depth > 0) this.imbalance = (top.bidSize - top.askSize) / depth;
    // For a long, sellers stacking up is imbalance <= -threshold; mirrored for a short.
    if (this.dir * this.imbalance <= -this.spec.threshold) this.run++;
    else this.run = 0;
    if (this.run < this.spec.updates) return false;
    this.run = 0;
    this.fired++;
    return true;
  }

  reset(): void {
    this.run = 0;
    this.imbalance = NaN;
    this.fired = 0;
  }
}

/**
 * The size on the side a position exits into (the bid for a long's sell, the ask for a short's
 * buy) falls `dropPercent` or more below its median over the last `windowSeconds`: the liquidity
 * the exit needs is leaving. The median is of the updates before this one, and the shield only
 * arms once the data has covered a whole window. It fires once per drop, on the first update at
 * least `holdMs` after the size went below the line (the updates between stay below), and re-arms
 * when the size is back above it. (A hold is judged at updates: a book that goes quiet while
 * thin fires at its next update.)
 */
export class LiquidityShield {
  size = NaN;
  median = NaN;
  /** size / median (0.3: 70% below), NaN while warming up. */
  ratio = NaN;
  fired = 0;
  private belowSinceMs = NaN;
  private firedThisDrop = false;
  private readonly rolling: RollingMedian;
  private readonly line: number;
  private readonly long: boolean;

  constructor(
    readonly spec: LiquiditySpec,
    side: Side,
  ) {
    this.rolling = new RollingMedian(spec.windowSeconds * 1000);
    this.line = 1 - spec.dropPercent / 100;
    this.long = side === 'long';
  }

  update(top: BookTop): boolean {
    const size = this.long ? top.bidSize : top.askSize;
    const t = top.timeMs;
    this.rolling.evict(t);
    this.size = size;
    this.median = this.rolling.value;
    this.ratio = this.rolling.warm(t) ? size / this.median : NaN;
    this.rolling.add(t, size);
    if (!(this.ratio <= this.line)) {
      this.belowSinceMs = NaN;
      this.firedThisDrop = false;
      return false;
    }
    if (Number.isNaN(this.belowSinceMs)) this.belowSinceMs = t;
    if (this.firedThisDrop || t - this.belowSinceMs < this.spec.holdMs) return false;
    this.firedThisDrop = true;
    this.fired++;
    return true;
  }

  reset(): void {
    this.rolling.reset();
    this.size = this.median = this.ratio = NaN;
    this.belowSinceMs = NaN;
    this.firedThisDrop = false;
    this.fired = 0;
  }
}
