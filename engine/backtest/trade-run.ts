import { emptyContext, type MarketContext } from '../exits/context.js';
import { Position, type PositionOptions } from '../exits/position.js';
import { exhaustionSignal } from '../exits/tracker.js';
import type { ExhaustionSpec, PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import type { ContextView, SeriesColumns } from './columns.js';
import { gapBar, isStressBar } from './stress.js';
import type { CostSpec, Entry, StressSpec, Trade, TradeFill } from './types.js';

/** What every trade of one policy shares. */
export interface TradeEnv {
  /** The bars as columns: what a trade reads. */
  columns: SeriesColumns;
  /**
   * One bar object refilled from the columns for each step (the Position and the exhaustion
   * test read its numbers and keep nothing of it).
   */
  bar: Bar;
  context: ContextView;
  costs: CostSpec;
  stress: StressSpec | null;
  stressAtr: Float64Array | null;
  equity: Float64Array;
  policy: string;
  /** Quiet (no markers or labels), no recorded trail, the run's slippage: shared by every Position. */
  positionOptions: PositionOptions;
}

/**
 * One open trade: the engine's Position stepped bar by bar exactly as ExitTracker steps it
 * (same context, same exhaustion edge, same order of calls), reading the shared precomputed
 * context. The state lives in fields rather than closures so the per-bar loop stays tight.
 */
export class TradeRun {
  private readonly position: Position;
  private readonly dir: 1 | -1;
  private readonly exhaustion: ExhaustionSpec | null;
  /** The context through the bar last stepped (one object, refilled bar after bar). */
  private readonly cur: MarketContext;
  private signalBefore: boolean;
  private realised = 0;
  private seen = 0;
  private slippageCost: number;
  private readonly fills: TradeFill[] = [];
  private readonly base: number;
  private readonly riskPerUnit: number;
  /** Next bar to step. */
  private next: number;
  private exitIndex: number;

  constructor(
    private readonly env: TradeEnv,
    private readonly entry: Entry,
    private readonly plan: PlanSpec,
    entrySlip: number,
    private readonly entryFee: number,
    private readonly equityBefore: number,
    prev: MarketContext,
    cur: MarketContext,
  ) {
    const i0 = entry.index;
    const bar = barAt(env, i0);
    this.dir = entry.side === 'long' ? 1 : -1;
    this.cur = cur;
    this.position = new Position(plan, env.positionOptions);
    // Throws PlanError when the plan cannot be placed at this entry.
    this.position.open(bar, prev, i0);
    this.riskPerUnit = this.position.levels!.riskPerUnit;
    this.position.closeEntryBar(bar, cur);
    this.exhaustion = plan.exhaustion;
    this.signalBefore = this.exhaustion !== null && exhaustionSignal(entry.side, bar, cur, this.exhaustion);
    this.slippageCost = entrySlip * plan.size;
    this.base = equityBefore - entryFee;
    env.equity[i0] = this.base + this.dir * (bar.close - plan.entry) * plan.size;
    this.next = i0 + 1;
    this.exitIndex = env.columns.length - 1;
  }

  /** Steps at most `budget` bars; returns how many it stepped (fewer when the trade ended). */
  advance(budget: number): number {
    const { columns, context, stress, stressAtr, equity } = this.env;
    const close = columns.close;
    const position = this.position;
    const ctx = this.cur;
    const exhaustion = this.exhaustion;
    const side = this.entry.side;
    const dir = this.dir;
    const entryPrice = this.plan.entry;
    const n = columns.length;
    const end = Math.min(n, this.next + budget);
    const start = this.next;
    let signalBefore = this.signalBefore;
    let i = start;
    for (; i < end; i++) {
      const bar = barAt(this.env, i);
      let stepped = bar;
      if (stress !== null && stressAtr !== null && isStressBar(stress, i)) {
        // Indicators stay those of the recorded bars: the gap hits fills and excursions.
        const a = stressAtr[i - 1];
        if (Number.isFinite(a)) stepped = gapBar(bar, close[i - 1], side, stress.atrMultiple * a);
      }
      context.readBar(i, ctx);
      const signalNow = exhaustion !== null && exhaustionSignal(side, stepped, ctx, exhaustion);
      position.step(stepped, ctx, signalNow && !signalBefore);
      signalBefore = signalNow;
      if (position.fills.length > this.seen) this.book(i, ctx);
      equity[i] = this.base + this.realised + dir * (stepped.close - entryPrice) * position.remaining;
      if (position.status === 'closed') {
        this.exitIndex = i;
        this.next = n;
        return i - start + 1;
      }
    }
    this.signalBefore = signalBefore;
    this.next = i;
    return i - start;
  }

  get done(): boolean {
    return this.next >= this.env.columns.length;
  }

  /** Cash after the trade (valid once done). */
  get cashAfter(): number {
    return this.base + this.realised;
  }

  get lastIndex(): number {
    return this.exitIndex;
  }

  /** Closes what remains at the last close when the data ran out, and describes the trade. */
  finish(): Trade {
    const { columns, equity } = this.env;
    const n = columns.length;
    const position = this.position;
    const endOfData = position.status === 'open';
    if (endOfData) {
      // The data ended with the position open: a market exit at the last close.
      const last = barAt(this.env, n - 1);
      position.closeAt(last, last.close, this.cur);
      this.book(n - 1, this.cur);
      equity[n - 1] = this.base + this.realised;
    }
    const size = this.plan.size;
    const pnl = this.realised - this.entryFee;
    const fees = this.entryFee + position.fees;
    const i0 = this.entry.index;
    return {
      policy: this.env.policy,
      side: this.entry.side,
      entryIndex: i0,
      entryTime: this.entry.time,
      signalPrice: this.entry.price,
      entryPrice: this.plan.entry,
      entryFee: this.entryFee,
      initialStop: position.levels!.initialStop,
      riskPerUnit: this.riskPerUnit,
      size,
      fills: this.fills,
      exitIndex: this.exitIndex,
      exitTime: columns.time[this.exitIndex],
      pnl,
      r: pnl / (this.riskPerUnit * size),
      grossPnl: pnl + fees,
      fees,
      slippage: this.slippageCost,
      mfe: position.mfe,
      mae: position.mae,
      mfeR: position.mfe / position.levels!.riskPerUnit,
      maeR: position.mae / position.levels!.riskPerUnit,
      barsHeld: this.exitIndex - i0,
      equityBefore: this.equityBefore,
      endOfData,
    };
  }

  /** Books the Position's new fills. */
  private book(index: number, ctx: MarketContext): void {
    const fills = this.position.fills;
    const { slippageAtr, slippageBps } = this.env.costs;
    const dir = this.dir;
    while (this.seen < fills.length) {
      const f = fills[this.seen++];
      this.realised += f.pnl;
      // Undo the Position's slippage to report it: price = p - dir * (bps * p + k * atr).
      let market = f.price;
      if (f.reason !== 'target') {
        const atr = Number.isFinite(ctx.atrSlip) ? ctx.atrSlip : 0;
        market = (f.price + dir * slippageAtr * atr) / (1 - (dir * slippageBps) / 1e4);
      }
      this.slippageCost += dir * (market - f.price) * f.size;
      this.fills.push({
        time: f.time,
        index,
        leg: f.leg,
        reason: f.reason,
        plannedPrice: f.plannedPrice,
        marketPrice: market,
        price: f.price,
        size: f.size,
        fee: f.fee,
        pnl: f.pnl,
        r: f.r,
      });
    }
  }
}

/**
 * Bar i read from the columns into the env's one bar object (dense columns, where each bar
 * object keeps every number in a heap cell of its own: a cache miss or several per bar).
 */
function barAt(env: TradeEnv, i: number): Bar {
  const { bar, columns } = env;
  bar.time = columns.time[i];
  bar.open = columns.open[i];
  bar.high = columns.high[i];
  bar.low = columns.low[i];
  bar.close = columns.close[i];
  return bar;
}

export const freshContexts = (): [MarketContext, MarketContext] => [emptyContext(), emptyContext()];
