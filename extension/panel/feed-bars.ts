import type { Bar } from '../../engine/index.js';

/**
 * The bars the live feed has delivered, as the panel keeps them for its chart: same time
 * replaces the forming bar, later appends, older is ignored. (Not engine/io's BarSeries, the
 * column store of a whole file.)
 */
export class FeedBars {
  private bars: Bar[] = [];

  reset(bars: Bar[]): void {
    this.bars = bars.slice();
  }

  /** Returns false for a bar older than the last one (a late duplicate after a reconnect). */
  apply(bar: Bar): boolean {
    const last = this.bars[this.bars.length - 1];
    if (!last || bar.time > last.time) this.bars.push(bar);
    else if (bar.time === last.time) this.bars[this.bars.length - 1] = bar;
    else return false;
    return true;
  }

  all(): Bar[] {
    return this.bars.slice();
  }

  last(): Bar | null {
    return this.bars[this.bars.length - 1] ?? null;
  }
}
