import type { Bar } from '../types.js';

/**
 * How a bar is played (see README, "How a bar is played"):
 * - 'bars': the order of prices inside a bar is unknown (backtests, replays, history), so the
 *   bar rule assumes the worst: open, adverse extreme, favourable extreme, close; the entry
 *   bar is not checked for exits.
 * - 'ticks': live. The ticks of the still-forming bar are the order prices traded in, so a
 *   tick that reaches the stop or a target hits it at once, on the entry bar too, and a later
 *   tick never undoes what an earlier one hit.
 */
export type IntrabarRule = 'bars' | 'ticks';

/**
 * The prices the ticks of one bar reached, in their order. `start` is the bar as it stood when
 * it was first seen (its open, low, high and close: what came before is played by the bar
 * rule); each later tick that took the price beyond every price seen since adds one step: the
 * new low and/or the new high (NaN for a side it did not extend), as two numbers.
 */
export interface TickPath {
  readonly time: number;
  /** Low, high and close of the bar when first seen. */
  readonly start: readonly [number, number, number];
  /** Pairs (new low or NaN, new high or NaN), oldest first. */
  readonly steps: number[];
}

/**
 * The tick paths of the bars a live chart has watched, by bar time, kept for as long as the
 * session lives: a plan changed later (a dragged target) replays those bars along the same
 * ticks. A bar whose price never went beyond where it was first seen has no path (the bar
 * rule gives the same result). Memory grows with the number of new extremes only, not ticks.
 */
export class TickPaths {
  private readonly paths = new Map<number, TickPath>();
  /** The path ticks are going into, and the lowest and highest price traded since its start. */
  private current: TickPath | null = null;
  private low = NaN;
  private high = NaN;

  /** The path recorded for the bar at `time`, when it has steps. */
  get(time: number): TickPath | undefined {
    const path = this.paths.get(time);
    return path && path.steps.length > 0 ? path : undefined;
  }

  /**
   * A tick replaced the forming bar `before` with `after` (same time): records the prices it
   * reached beyond those seen since the bar was first seen. The tick's close is a traded
   * price; a new bar low or high is one too.
   */
  tick(before: Pick<Bar, 'low' | 'high' | 'close'>, after: Bar): void {
    if (this.current?.time !== after.time) {
      let path = this.paths.get(after.time);
      if (!path) {
        path = { time: after.time, start: [before.low, before.high, before.close], steps: [] };
        this.paths.set(after.time, path);
      }
      this.current = path;
      this.recomputeRange(path);
    }
    const path = this.current;
    const lowest = Math.min(after.close, after.low < before.low ? after.low : Infinity);
    const highest = Math.max(after.close, after.high > before.high ? after.high : -Infinity);
    const newLow = lowest < this.low ? lowest : NaN;
    const newHigh = highest > this.high ? highest : NaN;
    if (Number.isNaN(newLow) && Number.isNaN(newHigh)) return;
    if (!Number.isNaN(newLow)) this.low = newLow;
    if (!Number.isNaN(newHigh)) this.high = newHigh;
    path.steps.push(newLow, newHigh);
  }

  /**
   * Forgets what the forming bar's ticks did so far (a new plan entered on it: prices before
   * the plan was set came before its entry). The bar restarts as it stands.
   */
  restartBar(time: number): void {
    this.paths.delete(time);
    if (this.current?.time === time) this.current = null;
  }

  clear(): void {
    this.paths.clear();
    this.current = null;
  }

  private recomputeRange(path: TickPath): void {
    let low = path.start[2];
    let high = low;
    for (let i = 0; i < path.steps.length; i += 2) {
      if (path.steps[i] < low) low = path.steps[i];
      if (path.steps[i + 1] > high) high = path.steps[i + 1];
    }
    this.low = low;
    this.high = high;
  }
}
