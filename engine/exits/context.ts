import { ATR, atrBatch } from '../indicators/atr.js';
import { BollingerBands, bbandsBatch } from '../indicators/bollinger-bands.js';
import { barsToColumns } from '../indicators/columns.js';
import { HighestHigh, highestBatch } from '../indicators/highest-high.js';
import { LowestLow, lowestBatch } from '../indicators/lowest-low.js';
import { RSI, rsiBatch } from '../indicators/rsi.js';
import { SwingPivots } from '../indicators/swing-pivots.js';
import {
  DEFAULT_ATR_PERIOD,
  DEFAULT_BB_K,
  DEFAULT_BB_PERIOD,
  DEFAULT_CHANDELIER_LOOKBACK,
  DEFAULT_RSI_PERIOD,
} from '../plan/defaults.js';
import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';

/**
 * What the exit logic needs to know about the market at one bar's close. Plain numbers, NaN
 * while an indicator warms up; one preallocated object is refilled bar after bar so the hot
 * path allocates nothing.
 */
export interface MarketContext {
  atrStop: number;
  atrTrail: number;
  atrLeg: number;
  /** ATR used to express slippage as a fraction of volatility. */
  atrSlip: number;
  /** Highest high / lowest low over the chandelier lookback. */
  highest: number;
  lowest: number;
  rsi: number;
  bbUpper: number;
  bbLower: number;
  bbWidth: number;
  /** The last completed up-swing (pivot low, then the pivot high after it): anchors long extensions. */
  upSwingLow: number;
  upSwingHigh: number;
  /** The last completed down-swing (pivot high, then the pivot low after it): anchors short extensions. */
  downSwingHigh: number;
  downSwingLow: number;
}

export function emptyContext(): MarketContext {
  return {
    atrStop: NaN,
    atrTrail: NaN,
    atrLeg: NaN,
    atrSlip: NaN,
    highest: NaN,
    lowest: NaN,
    rsi: NaN,
    bbUpper: NaN,
    bbLower: NaN,
    bbWidth: NaN,
    upSwingLow: NaN,
    upSwingHigh: NaN,
    downSwingHigh: NaN,
    downSwingLow: NaN,
  };
}

/** Bars on each side that make a fractal pivot for Fibonacci anchors. */
export const PIVOT_STRENGTH = 5;

/** The indicator settings a plan needs; plans that share them can share one context stream. */
export interface ContextNeeds {
  atrStopPeriod: number;
  atrTrailPeriod: number;
  atrLegPeriod: number;
  atrSlipPeriod: number;
  lookback: number;
  rsiPeriod: number;
  bbPeriod: number;
  bbK: number;
  pivotStrength: number;
  /** Only Fibonacci legs need swings; finding pivots is the costliest part of a context. */
  swings: boolean;
  /** Only a chandelier trail needs the highest high / lowest low. */
  extremes: boolean;
  /** Only exhaustion needs RSI and Bollinger bands. */
  exhaustion: boolean;
}

export function contextNeeds(plan: PlanSpec): ContextNeeds {
  const legAtr = plan.ladder.find((leg) => leg.target.kind === 'atr')?.target;
  const trail = plan.trail;
  return {
    atrStopPeriod: plan.stop.kind === 'atr' ? plan.stop.period : DEFAULT_ATR_PERIOD,
    atrTrailPeriod:
      trail.kind === 'atr'
        ? trail.period
        : trail.kind === 'chandelier'
          ? trail.atrPeriod
          : DEFAULT_ATR_PERIOD,
    atrLegPeriod: legAtr && legAtr.kind === 'atr' ? legAtr.period : DEFAULT_ATR_PERIOD,
    atrSlipPeriod: DEFAULT_ATR_PERIOD,
    lookback: trail.kind === 'chandelier' ? trail.lookback : DEFAULT_CHANDELIER_LOOKBACK,
    rsiPeriod: plan.exhaustion?.rsiPeriod ?? DEFAULT_RSI_PERIOD,
    bbPeriod: plan.exhaustion?.bbPeriod ?? DEFAULT_BB_PERIOD,
    bbK: plan.exhaustion?.bbK ?? DEFAULT_BB_K,
    pivotStrength: PIVOT_STRENGTH,
    swings: plan.ladder.some((leg) => leg.target.kind === 'fib'),
    extremes: trail.kind === 'chandelier',
    exhaustion: plan.exhaustion !== null,
  };
}

export function sameNeeds(a: ContextNeeds, b: ContextNeeds): boolean {
  return (Object.keys(a) as (keyof ContextNeeds)[]).every((key) => a[key] === b[key]);
}

/**
 * Pairs confirmed fractal pivots into the last completed up-swing (a pivot low, then the pivot
 * high after it) and down-swing (the reverse): the anchors of Fibonacci extensions.
 */
class SwingPairs {
  private readonly pivots: SwingPivots;
  // The pivot low seen before the latest pivot high (and vice versa).
  private lowBeforeHigh = NaN;
  private highBeforeLow = NaN;
  private lastHighIndex = -1;
  private lastLowIndex = -1;
  private readonly saved = { lowBeforeHigh: NaN, highBeforeLow: NaN, lastHighIndex: -1, lastLowIndex: -1 };

  constructor(strength: number) {
    this.pivots = new SwingPivots(strength, strength);
  }

  add(bar: Bar, into: MarketContext): void {
    this.pivots.add(bar);
    this.saved.lowBeforeHigh = this.lowBeforeHigh;
    this.saved.highBeforeLow = this.highBeforeLow;
    this.saved.lastHighIndex = this.lastHighIndex;
    this.saved.lastLowIndex = this.lastLowIndex;
    this.write(into);
  }

  replace(bar: Bar, into: MarketContext): void {
    this.pivots.replace(bar);
    this.lowBeforeHigh = this.saved.lowBeforeHigh;
    this.highBeforeLow = this.saved.highBeforeLow;
    this.lastHighIndex = this.saved.lastHighIndex;
    this.lastLowIndex = this.saved.lastLowIndex;
    this.write(into);
  }

  private write(c: MarketContext): void {
    // Per bar: the pivots as indexes and prices (no Pivot objects); index -1 is none yet.
    const pivots = this.pivots;
    const high = pivots.lastIndex(true);
    const low = pivots.lastIndex(false);
    const highPrice = pivots.lastPrice(true);
    const lowPrice = pivots.lastPrice(false);
    if (high >= 0 && high !== this.lastHighIndex) {
      this.lastHighIndex = high;
      this.lowBeforeHigh = low >= 0 && low < high ? lowPrice : NaN;
    }
    if (low >= 0 && low !== this.lastLowIndex) {
      this.lastLowIndex = low;
      this.highBeforeLow = high >= 0 && high < low ? highPrice : NaN;
    }
    const up = high >= 0 && this.lowBeforeHigh < highPrice;
    const down = low >= 0 && this.highBeforeLow > lowPrice;
    c.upSwingHigh = up ? highPrice : NaN;
    c.upSwingLow = up ? this.lowBeforeHigh : NaN;
    c.downSwingLow = down ? lowPrice : NaN;
    c.downSwingHigh = down ? this.highBeforeLow : NaN;
  }
}

/**
 * Streams bars through the indicators a plan needs and keeps `current` (values through the
 * last bar) and `previous` (through the bar before): a position opened on a bar sizes its
 * levels from `previous`, because the entry bar's own range is not known when the trade is placed.
 */
export class StreamingContext {
  readonly current = emptyContext();
  readonly previous = emptyContext();
  /**
   * Whether add() keeps `previous` up to date. A consumer done with it may turn this off and
   * save the copy on every bar: ExitTracker does once its position has opened, as only opening
   * reads `previous`. While off, `previous` stays as it was.
   */
  keepsPrevious = true;
  /** One ATR per distinct period (a plan usually uses one), and the one serving each role. */
  private readonly atrs: ATR[] = [];
  private readonly atrStop: ATR;
  private readonly atrTrail: ATR;
  private readonly atrLeg: ATR;
  private readonly atrSlip: ATR;
  private readonly highest: HighestHigh | null;
  private readonly lowest: LowestLow | null;
  private readonly rsi: RSI | null;
  private readonly bb: BollingerBands | null;
  private readonly swings: SwingPairs | null;
  private bars = 0;

  constructor(readonly needs: ContextNeeds) {
    const atr = (period: number): ATR => {
      let found = this.atrs.find((a) => a.period === period);
      if (!found) this.atrs.push((found = new ATR(period)));
      return found;
    };
    this.atrStop = atr(needs.atrStopPeriod);
    this.atrTrail = atr(needs.atrTrailPeriod);
    this.atrLeg = atr(needs.atrLegPeriod);
    this.atrSlip = atr(needs.atrSlipPeriod);
    this.highest = needs.extremes ? new HighestHigh(needs.lookback) : null;
    this.lowest = needs.extremes ? new LowestLow(needs.lookback) : null;
    this.rsi = needs.exhaustion ? new RSI(needs.rsiPeriod) : null;
    this.bb = needs.exhaustion ? new BollingerBands(needs.bbPeriod, needs.bbK) : null;
    this.swings = needs.swings ? new SwingPairs(needs.pivotStrength) : null;
  }

  /** Bars added so far. */
  get count(): number {
    return this.bars;
  }

  add(bar: Bar): void {
    if (this.keepsPrevious) this.copyToPrevious();
    // push, not add: nothing returned, so nothing to box where V8 does not inline.
    for (let i = 0; i < this.atrs.length; i++) this.atrs[i].push(bar);
    this.highest?.add(bar.high);
    this.lowest?.add(bar.low);
    this.rsi?.push(bar.close);
    this.bb?.push(bar.close);
    this.swings?.add(bar, this.current);
    this.bars++;
    this.refresh();
  }

  /** Recomputes the still-forming last bar. */
  replace(bar: Bar): void {
    if (this.bars === 0) return this.add(bar);
    // `previous` (through the bar before) is unchanged by a new version of the last bar.
    for (let i = 0; i < this.atrs.length; i++) this.atrs[i].replace(bar);
    this.highest?.replace(bar.high);
    this.lowest?.replace(bar.low);
    this.rsi?.replace(bar.close);
    this.bb?.replace(bar.close);
    this.swings?.replace(bar, this.current);
    this.refresh();
  }

  /**
   * current -> previous, for the fields this context computes: the others stay NaN in both
   * (a copy of every field would be half wasted work on every bar).
   */
  private copyToPrevious(): void {
    const c = this.current;
    const p = this.previous;
    p.atrStop = c.atrStop;
    p.atrTrail = c.atrTrail;
    p.atrLeg = c.atrLeg;
    p.atrSlip = c.atrSlip;
    if (this.highest) {
      p.highest = c.highest;
      p.lowest = c.lowest;
    }
    if (this.rsi) {
      p.rsi = c.rsi;
      p.bbUpper = c.bbUpper;
      p.bbLower = c.bbLower;
      p.bbWidth = c.bbWidth;
    }
    if (this.swings) {
      p.upSwingLow = c.upSwingLow;
      p.upSwingHigh = c.upSwingHigh;
      p.downSwingHigh = c.downSwingHigh;
      p.downSwingLow = c.downSwingLow;
    }
  }

  private refresh(): void {
    const c = this.current;
    // The OrNaN getters: a `number | null` read would box its double on every bar.
    c.atrStop = this.atrStop.valueOrNaN;
    c.atrTrail = this.atrTrail.valueOrNaN;
    c.atrLeg = this.atrLeg.valueOrNaN;
    c.atrSlip = this.atrSlip.valueOrNaN;
    if (this.highest && this.lowest) {
      c.highest = this.highest.valueOrNaN;
      c.lowest = this.lowest.valueOrNaN;
    }
    if (this.rsi && this.bb) {
      c.rsi = this.rsi.valueOrNaN;
      c.bbUpper = this.bb.upperOrNaN;
      c.bbLower = this.bb.lowerOrNaN;
      c.bbWidth = this.bb.bandwidthOrNaN;
    }
  }
}

/**
 * The context of every bar of a series, computed once with the batch indicator functions and
 * shared by many positions (the backtest lab runs thousands of trades over the same bars).
 * Equal to what StreamingContext gives bar by bar (the batch functions match the streaming
 * classes; test/unit/engine/context.test.ts holds them to it).
 */
export class ContextColumns {
  private readonly columns: Record<keyof MarketContext, Float64Array>;
  readonly length: number;

  constructor(bars: readonly Bar[], needs: ContextNeeds) {
    const n = bars.length;
    this.length = n;
    const { high, low, close } = barsToColumns(bars);
    const atrs = new Map<number, Float64Array>();
    const atr = (period: number): Float64Array => {
      let column = atrs.get(period);
      if (!column) atrs.set(period, (column = atrBatch(high, low, close, period)));
      return column;
    };
    const nan = (): Float64Array => new Float64Array(n).fill(NaN);
    const bands = needs.exhaustion
      ? bbandsBatch(close, needs.bbPeriod, needs.bbK)
      : { upper: nan(), lower: nan(), bandwidth: nan() };
    const swing = {
      up: [new Float64Array(n), new Float64Array(n)],
      down: [new Float64Array(n), new Float64Array(n)],
    };
    if (!needs.swings) for (const column of [...swing.up, ...swing.down]) column.fill(NaN);
    const pairs = new SwingPairs(needs.pivotStrength);
    const scratch = emptyContext();
    for (let i = 0; needs.swings && i < n; i++) {
      pairs.add(bars[i], scratch);
      swing.up[0][i] = scratch.upSwingLow;
      swing.up[1][i] = scratch.upSwingHigh;
      swing.down[0][i] = scratch.downSwingHigh;
      swing.down[1][i] = scratch.downSwingLow;
    }
    this.columns = {
      atrStop: atr(needs.atrStopPeriod),
      atrTrail: atr(needs.atrTrailPeriod),
      atrLeg: atr(needs.atrLegPeriod),
      atrSlip: atr(needs.atrSlipPeriod),
      highest: needs.extremes ? highestBatch(high, needs.lookback) : nan(),
      lowest: needs.extremes ? lowestBatch(low, needs.lookback) : nan(),
      rsi: needs.exhaustion ? rsiBatch(close, needs.rsiPeriod) : nan(),
      bbUpper: bands.upper,
      bbLower: bands.lower,
      bbWidth: bands.bandwidth,
      upSwingLow: swing.up[0],
      upSwingHigh: swing.up[1],
      downSwingHigh: swing.down[0],
      downSwingLow: swing.down[1],
    };
  }

  /** Fills `into` with the context through bar i (i = -1 gives an all-NaN context). */
  read(i: number, into: MarketContext): void {
    const c = this.columns;
    const ok = i >= 0 && i < this.length;
    into.atrStop = ok ? c.atrStop[i] : NaN;
    into.atrTrail = ok ? c.atrTrail[i] : NaN;
    into.atrLeg = ok ? c.atrLeg[i] : NaN;
    into.atrSlip = ok ? c.atrSlip[i] : NaN;
    into.highest = ok ? c.highest[i] : NaN;
    into.lowest = ok ? c.lowest[i] : NaN;
    into.rsi = ok ? c.rsi[i] : NaN;
    into.bbUpper = ok ? c.bbUpper[i] : NaN;
    into.bbLower = ok ? c.bbLower[i] : NaN;
    into.bbWidth = ok ? c.bbWidth[i] : NaN;
    into.upSwingLow = ok ? c.upSwingLow[i] : NaN;
    into.upSwingHigh = ok ? c.upSwingHigh[i] : NaN;
    into.downSwingHigh = ok ? c.downSwingHigh[i] : NaN;
    into.downSwingLow = ok ? c.downSwingLow[i] : NaN;
  }
}
