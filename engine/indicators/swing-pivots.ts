import type { Side, StreamingIndicator } from '../types.js';
import { checkPeriod, nonFiniteInput } from './indicator-error.js';
import type { TimedHighLow } from './inputs.js';

/** A confirmed swing point. `index` is the bar's 0-based input position. */
export interface Pivot {
  index: number;
  time: number;
  price: number;
}

/** Two confirmed pivots bounding one swing, for Fibonacci extensions. */
export interface Swing {
  low: Pivot;
  high: Pivot;
}

// Layout of the pivot state vector: four pivots of (index, time, price); index -1 = none.
const HIGH = 0;
const LOW = 3;
const LOW_BEFORE_HIGH = 6;
const HIGH_BEFORE_LOW = 9;
const STATE = 12;

/**
 * Fractal swing pivots. Bar p is a pivot high when its high is strictly greater than the highs
 * of the `left` bars before it and greater than or equal to the highs of the `right` bars after
 * it; a pivot low mirrors that with lows (strictly lower than the left, <= the right).
 * Tie rule: on a plateau of equal extremes the FIRST bar of the plateau is the pivot (the
 * strict left test rules out the later ones, the non-strict right test lets the first one
 * through), so a plateau yields exactly one pivot.
 *
 * No look-ahead: bar p can only be judged once the `right` bars after it exist, so a pivot is
 * reported (confirmed) when bar p + right is added, never earlier. All getters report
 * confirmed pivots only. Each add checks one candidate over a fixed window of left+right+1
 * bars: constant work for given wings, no allocation (getters build their small result
 * objects on demand).
 *
 * `value` is the price of the most recent confirmed pivot, high or low (null before the first).
 */
export class SwingPivots implements StreamingIndicator<TimedHighLow> {
  readonly left: number;
  readonly right: number;
  private readonly width: number;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly times: Float64Array;
  private readonly state = new Float64Array(STATE);
  private readonly stateBefore = new Float64Array(STATE);
  private lastSlot = 0;
  private added = 0;
  private confirmedHigh = false;
  private confirmedLow = false;

  constructor(left: number, right: number) {
    checkPeriod('SwingPivots', 'left', left);
    checkPeriod('SwingPivots', 'right', right);
    this.left = left;
    this.right = right;
    this.width = left + right + 1;
    this.highs = new Float64Array(this.width);
    this.lows = new Float64Array(this.width);
    this.times = new Float64Array(this.width);
    this.clearState();
  }

  get count(): number {
    return this.added;
  }

  get value(): number | null {
    const s = this.state;
    if (s[HIGH] < 0 && s[LOW] < 0) return null;
    return s[HIGH] >= s[LOW] ? s[HIGH + 2] : s[LOW + 2];
  }

  /** The most recent confirmed pivot high. */
  get lastHigh(): Pivot | null {
    return this.pivot(HIGH);
  }

  /** The most recent confirmed pivot low. */
  get lastLow(): Pivot | null {
    return this.pivot(LOW);
  }

  /**
   * lastHigh (or lastLow) as two numbers, with no object to allocate for a per-bar caller:
   * the pivot's bar index (-1 when there is none yet) and its price.
   */
  lastIndex(high: boolean): number {
    return this.state[high ? HIGH : LOW];
  }

  lastPrice(high: boolean): number {
    return this.state[(high ? HIGH : LOW) + 2];
  }

  /** Did the latest bar confirm a pivot high (at index count-1-right)? */
  get confirmsHigh(): boolean {
    return this.confirmedHigh;
  }

  /** Did the latest bar confirm a pivot low (at index count-1-right)? */
  get confirmsLow(): boolean {
    return this.confirmedLow;
  }

  /**
   * The latest up-swing: the most recent confirmed pivot high and the last pivot low before
   * it. What a long's Fibonacci extensions are measured on.
   */
  get upSwing(): Swing | null {
    const low = this.pivot(LOW_BEFORE_HIGH);
    const high = this.pivot(HIGH);
    return low && high ? { low, high } : null;
  }

  /** The latest down-swing: the most recent confirmed pivot low and the last pivot high before it. */
  get downSwing(): Swing | null {
    const high = this.pivot(HIGH_BEFORE_LOW);
    const low = this.pivot(LOW);
    return low && high ? { low, high } : null;
  }

  /** The swing a position on `side` measures its extensions on (up for long, down for short). */
  swing(side: Side): Swing | null {
    return side === 'long' ? this.upSwing : this.downSwing;
  }

  add(bar: TimedHighLow): number | null {
    checkInput(bar, this.added);
    this.stateBefore.set(this.state);
    this.lastSlot = this.added % this.width;
    this.added++;
    this.apply(bar);
    return this.value;
  }

  replace(bar: TimedHighLow): number | null {
    if (this.added === 0) return this.add(bar);
    checkInput(bar, this.added - 1);
    this.state.set(this.stateBefore);
    this.apply(bar);
    return this.value;
  }

  reset(): void {
    this.highs.fill(0);
    this.lows.fill(0);
    this.times.fill(0);
    this.clearState();
    this.lastSlot = 0;
    this.added = 0;
  }

  private clearState(): void {
    const s = this.state;
    s.fill(0);
    s[HIGH] = s[LOW] = s[LOW_BEFORE_HIGH] = s[HIGH_BEFORE_LOW] = -1;
    this.stateBefore.set(s);
    this.confirmedHigh = false;
    this.confirmedLow = false;
  }

  private pivot(at: number): Pivot | null {
    const s = this.state;
    return s[at] < 0 ? null : { index: s[at], time: s[at + 1], price: s[at + 2] };
  }

  private apply(bar: TimedHighLow): void {
    const w = this.width;
    const slot = this.lastSlot;
    this.highs[slot] = bar.high;
    this.lows[slot] = bar.low;
    this.times[slot] = bar.time;
    this.confirmedHigh = false;
    this.confirmedLow = false;
    if (this.added < w) return;

    // The ring holds exactly the judged window; its oldest bar sits in the slot after the newest.
    const start = slot + 1 === w ? 0 : slot + 1;
    let c = start + this.left;
    if (c >= w) c -= w;
    const hi = this.highs[c];
    const lo = this.lows[c];
    let isHigh = true;
    let isLow = true;
    let j = start;
    for (let o = 0; o < w; o++) {
      if (o < this.left) {
        if (this.highs[j] >= hi) isHigh = false;
        if (this.lows[j] <= lo) isLow = false;
      } else if (o > this.left) {
        if (this.highs[j] > hi) isHigh = false;
        if (this.lows[j] < lo) isLow = false;
      }
      if (++j === w) j = 0;
    }

    const s = this.state;
    const index = this.added - 1 - this.right;
    const time = this.times[c];
    if (isHigh) {
      // "Before" is strict: an outside bar that is both pivots does not pair with itself.
      s[LOW_BEFORE_HIGH] = s[LOW];
      s[LOW_BEFORE_HIGH + 1] = s[LOW + 1];
      s[LOW_BEFORE_HIGH + 2] = s[LOW + 2];
    }
    if (isLow) {
      s[HIGH_BEFORE_LOW] = s[HIGH];
      s[HIGH_BEFORE_LOW + 1] = s[HIGH + 1];
      s[HIGH_BEFORE_LOW + 2] = s[HIGH + 2];
    }
    if (isHigh) {
      s[HIGH] = index;
      s[HIGH + 1] = time;
      s[HIGH + 2] = hi;
    }
    if (isLow) {
      s[LOW] = index;
      s[LOW + 1] = time;
      s[LOW + 2] = lo;
    }
    this.confirmedHigh = isHigh;
    this.confirmedLow = isLow;
  }
}

function checkInput(bar: TimedHighLow, index: number): void {
  const { time, high, low } = bar;
  if (time - time !== 0) throw nonFiniteInput('SwingPivots', 'time', index, time);
  if (high - high !== 0) throw nonFiniteInput('SwingPivots', 'high', index, high);
  if (low - low !== 0) throw nonFiniteInput('SwingPivots', 'low', index, low);
}
