import type { ContextNeeds, MarketContext } from '../exits/context.js';
import { atrBatch } from '../indicators/atr.js';
import { bbandsBatch } from '../indicators/bollinger-bands.js';
import { highestBatch } from '../indicators/highest-high.js';
import { lowestBatch } from '../indicators/lowest-low.js';
import { rsiBatch } from '../indicators/rsi.js';
import type { Bar } from '../types.js';
import { barCount, type BacktestBars, type PriceColumns } from './bar-input.js';
import { SwingCursor } from './swing-cursor.js';

interface Bands {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/**
 * Per-series columns computed once per run and shared by every policy and trade: the bars as
 * columns (dense, where the bar objects spread each number over its own heap cell: a
 * position is stepped bar by bar from these), and each indicator once per distinct setting (the default policies all read one
 * ATR(14); only the exhaustion policy adds RSI and Bollinger bands). The engine's batch
 * functions compute them, the same ones ContextColumns uses, so every value is bit-identical
 * to the engine's context.
 *
 * The columns are written into buffers taken from `spare` (a previous run's, see
 * run.ts) when there are any, else fresh ones: a lab re-run over the same bars then reuses
 * its memory instead of page-faulting a fresh 8 bytes per bar per column, and fresh large
 * buffers in a process that holds many bar objects also set off V8's external-memory
 * collections, which mark the whole heap. `buffers` gives them back after the run.
 */
export class SeriesColumns {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  private readonly atrs = new Map<number, Float64Array>();
  private readonly rsis = new Map<number, Float64Array>();
  private readonly bands = new Map<string, Bands>();
  private readonly highests = new Map<number, Float64Array>();
  private readonly lowests = new Map<number, Float64Array>();
  private readonly taken: Float64Array[] = [];

  private readonly spare: Float64Array[];

  constructor(bars: BacktestBars, spare: readonly Float64Array[] = []) {
    const n = barCount(bars);
    this.length = n;
    // Buffers of another length (the array has grown since) are left to the collector.
    this.spare = spare.filter((b) => b.length === n);
    if (!Array.isArray(bars)) {
      // Bars given as columns are read where they are (the CLI's: no second copy of a big file).
      const given = bars as PriceColumns;
      this.time = given.time;
      this.open = given.open;
      this.high = given.high;
      this.low = given.low;
      this.close = given.close;
      return;
    }
    const objects = bars as readonly Bar[];
    this.time = this.buffer();
    this.open = this.buffer();
    this.high = this.buffer();
    this.low = this.buffer();
    this.close = this.buffer();
    for (let i = 0; i < n; i++) {
      const b = objects[i];
      this.time[i] = b.time;
      this.open[i] = b.open;
      this.high[i] = b.high;
      this.low[i] = b.low;
      this.close[i] = b.close;
    }
  }

  /** Every buffer these columns were written into (and the spares left), for the next run. */
  buffers(): Float64Array[] {
    return [...this.taken, ...this.spare];
  }

  atr(period: number): Float64Array {
    return memo(this.atrs, period, () => atrBatch(this.high, this.low, this.close, period, this.buffer()));
  }

  /** The market context for one policy's needs, reading these shared columns. */
  view(needs: ContextNeeds): ContextView {
    const { high, low, close } = this;
    const { lookback, rsiPeriod, bbPeriod, bbK } = needs;
    return new ContextView(this.length, {
      atrStop: this.atr(needs.atrStopPeriod),
      atrTrail: this.atr(needs.atrTrailPeriod),
      atrLeg: this.atr(needs.atrLegPeriod),
      atrSlip: this.atr(needs.atrSlipPeriod),
      extremes: needs.extremes
        ? {
            highest: memo(this.highests, lookback, () => highestBatch(high, lookback, this.buffer())),
            lowest: memo(this.lowests, lookback, () => lowestBatch(low, lookback, this.buffer())),
          }
        : null,
      exhaustion: needs.exhaustion
        ? {
            rsi: memo(this.rsis, rsiPeriod, () => rsiBatch(close, rsiPeriod, this.buffer())),
            ...memo(this.bands, `${bbPeriod}x${bbK}`, () => {
              const target = { upper: this.buffer(), middle: this.buffer(), lower: this.buffer() };
              bbandsBatch(close, bbPeriod, bbK, target);
              return target;
            }),
          }
        : null,
      swings: needs.swings ? new SwingCursor(high, low, needs.pivotStrength) : null,
    });
  }

  private buffer(): Float64Array {
    const b = this.spare.pop() ?? new Float64Array(this.length);
    this.taken.push(b);
    return b;
  }
}

function memo<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = compute()));
  return value;
}

interface ViewColumns {
  atrStop: Float64Array;
  atrTrail: Float64Array;
  atrLeg: Float64Array;
  atrSlip: Float64Array;
  extremes: { highest: Float64Array; lowest: Float64Array } | null;
  exhaustion: { rsi: Float64Array; upper: Float64Array; middle: Float64Array; lower: Float64Array } | null;
  swings: SwingCursor | null;
}

/**
 * One policy's market context over the shared columns: what ContextColumns.read gives for the
 * same needs, field for field. A field the needs leave out is never written, so it stays NaN
 * in a context made by emptyContext(), as ContextColumns leaves it.
 */
export class ContextView {
  constructor(
    readonly length: number,
    private readonly c: ViewColumns,
  ) {}

  /**
   * The whole context through bar i (i = -1: nothing known yet, all NaN): what a plan's levels
   * are resolved from. Swing anchors are found here only, forward from the previous call.
   */
  readEntry(i: number, into: MarketContext): void {
    const swings = this.c.swings;
    if (i < 0 || i >= this.length) {
      into.atrStop = into.atrTrail = into.atrLeg = into.atrSlip = NaN;
      if (this.c.extremes !== null) into.highest = into.lowest = NaN;
      if (this.c.exhaustion !== null) into.rsi = into.bbUpper = into.bbLower = into.bbWidth = NaN;
      if (swings !== null) into.upSwingLow = into.upSwingHigh = into.downSwingHigh = into.downSwingLow = NaN;
      return;
    }
    this.readBar(i, into);
    if (swings !== null) {
      swings.moveTo(i);
      into.upSwingLow = swings.upSwingLow;
      into.upSwingHigh = swings.upSwingHigh;
      into.downSwingHigh = swings.downSwingHigh;
      into.downSwingLow = swings.downSwingLow;
    }
  }

  /**
   * Every field but the swing anchors, through bar i (0 <= i < length): what an open position
   * reads bar by bar. The anchors only place a plan's levels, so readEntry alone finds them.
   */
  readBar(i: number, into: MarketContext): void {
    const c = this.c;
    into.atrStop = c.atrStop[i];
    into.atrTrail = c.atrTrail[i];
    into.atrLeg = c.atrLeg[i];
    into.atrSlip = c.atrSlip[i];
    const extremes = c.extremes;
    if (extremes !== null) {
      into.highest = extremes.highest[i];
      into.lowest = extremes.lowest[i];
    }
    const exhaustion = c.exhaustion;
    if (exhaustion !== null) {
      const upper = exhaustion.upper[i];
      const middle = exhaustion.middle[i];
      const lower = exhaustion.lower[i];
      into.rsi = exhaustion.rsi[i];
      into.bbUpper = upper;
      into.bbLower = lower;
      // The bandwidth as bbandsBatch derives it (its lazy column would be one more fresh
      // array per run): (upper - lower) / middle, NaN for a zero middle and while warming up.
      into.bbWidth = middle === 0 ? NaN : (upper - lower) / middle;
    }
  }
}
