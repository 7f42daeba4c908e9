import { emptyContext, type MarketContext } from '../exits/context.js';
import type { LevelsProblem } from '../exits/levels.js';
import { Position, type PositionOptions } from '../exits/position.js';
import { exhaustionSignal } from '../exits/tracker.js';
import { gatedSignal, type GateColumns } from '../ml/lab-gate.js';
import { tradeStateOf, type TradeState } from '../ml/trade-state.js';
import { LIQUIDATE, SELL, type ExitDirector, type ExitView } from '../ml/policy/director.js';
import type { ExhaustionSpec, PlanSpec } from '../plan/types.js';
import { readBar } from '../io/bar-column-store.js';
import type { Bar } from '../types.js';
import type { ContextView, SeriesColumns } from './columns.js';
import { gapBar, isStressBar } from './stress.js';
import type { TradeColumns } from './trade-columns.js';
import type { CostSpec, Entry, StressSpec } from './types.js';

/** What every trade of one policy shares. */
export interface TradeEnv {
  /** The bars as columns: what a trade reads (null when the bars stream past: stream-lab.ts). */
  columns: SeriesColumns | null;
  /** Index of the last bar of the series (where a position still open is closed). */
  lastIndex: number;
  /**
   * One bar object refilled from the columns for each step (the Position and the exhaustion
   * test read its numbers and keep nothing of it).
   */
  bar: Bar;
  context: ContextView | null;
  costs: CostSpec;
  stress: StressSpec | null;
  stressAtr: Float64Array | null;
  /** The mark-to-market curve written bar by bar (null when streamed: read `mark` after each bar). */
  equity: Float64Array | null;
  /** Quiet (no markers or labels), no recorded trail, the run's slippage: shared by every Position. */
  positionOptions: PositionOptions;
  /** The reversal model's gate of an ML policy (engine/ml/lab-policies.ts), null for the others. */
  gate: GateColumns | null;
  /** The exit director of a director policy (engine/ml/policy/director.ts), null for the others. */
  director: ExitDirector | null;
}

/**
 * The trades of one policy, one at a time: the engine's Position stepped bar by bar exactly as
 * ExitTracker steps it (same context, same exhaustion edge, same order of calls), reading the
 * shared precomputed context. One Position serves every trade (`reset`), and each trade is
 * written to the policy's TradeColumns as it closes. The state lives in fields rather than
 * closures so the per-bar loop stays tight.
 */
export class TradeRun {
  private readonly position: Position;
  private dir: 1 | -1 = 1;
  private entry!: Entry;
  private exhaustion: ExhaustionSpec | null = null;
  /** The context through the bar last stepped (one object, refilled bar after bar). */
  private cur!: MarketContext;
  private signalBefore = false;
  private realised = 0;
  private seen = 0;
  private slippageCost = 0;
  private entryFee = 0;
  private equityBefore = 0;
  private base = 0;
  private riskPerUnit = NaN;
  /** Next bar to step. */
  private next = 0;
  private exitIndex = 0;
  private exitTime = NaN;
  /** The equity marked to market at the close of the bar last stepped. */
  mark = NaN;
  /** The trade's state as the reversal model reads it (one object, refilled bar after bar). */
  private readonly tradeState: TradeState = {
    side: 'long',
    entry: NaN,
    risk: NaN,
    stop: NaN,
    mfe: 0,
    bars: 0,
    nextLegR: NaN,
  };

  constructor(
    private readonly env: TradeEnv,
    /** The policy's one plan object, which the caller rewrites with each trade's side, entry, time and size. */
    private readonly plan: PlanSpec,
    readonly trades: TradeColumns,
  ) {
    this.position = new Position(plan, env.positionOptions);
  }

  /**
   * Opens the next trade on `plan` (already holding its side, entry, time and size). Returns why
   * the plan cannot be placed at this entry, or null when the trade is open.
   */
  start(
    entry: Entry,
    entrySlip: number,
    entryFee: number,
    equityBefore: number,
    prev: MarketContext,
    cur: MarketContext,
    /** The entry bar (read from the columns when not given). */
    given?: Bar,
  ): LevelsProblem | null {
    const { env, plan, position } = this;
    const i0 = entry.index;
    const bar = given ?? barAt(env, i0);
    position.reset(plan);
    const problem = position.tryOpen(bar, prev, i0);
    if (problem !== null) return problem;
    this.entry = entry;
    this.dir = entry.side === 'long' ? 1 : -1;
    this.cur = cur;
    this.riskPerUnit = position.levels!.riskPerUnit;
    position.closeEntryBar(bar, cur);
    this.exhaustion = plan.exhaustion;
    this.signalBefore = this.exhaustion !== null && exhaustionSignal(entry.side, bar, cur, this.exhaustion);
    if (env.gate !== null)
      this.signalBefore = gatedSignal(
        env.gate,
        entry.side,
        i0,
        this.signalBefore,
        tradeStateOf(this.tradeState, position.levels!, position.stop, 0, 0),
      );
    this.realised = 0;
    this.seen = 0;
    this.slippageCost = entrySlip * plan.size;
    this.entryFee = entryFee;
    this.equityBefore = equityBefore;
    this.base = equityBefore - entryFee;
    this.mark = this.base + this.dir * (bar.close - plan.entry) * plan.size;
    if (env.equity !== null) env.equity[i0] = this.mark;
    this.next = i0 + 1;
    this.exitIndex = env.lastIndex;
    this.exitTime = NaN;
    return null;
  }
  /** Steps at most `budget` bars; returns how many it stepped (fewer when the trade ended). */
  advance(budget: number): number {
    const { columns, stressAtr, equity } = this.env;
    const close = columns!.close;
    const n = columns!.length;
    const end = Math.min(n, this.next + budget);
    const start = this.next;
    let i = start;
    for (; i < end; i++) {
      const closed = this.stepAt(
        i,
        barAt(this.env, i),
        close[i - 1],
        stressAtr !== null ? stressAtr[i - 1] : NaN,
        this.cur,
        true,
      );
      equity![i] = this.mark;
      if (closed) {
        this.next = n;
        return i - start + 1;
      }
    }
    this.next = i;
    return i - start;
  }

  /**
   * Steps bar i (the bar after the last stepped): what one turn of advance does, for a run
   * that reads its bars as they stream past (stream-lab.ts), where `prevClose` and `prevAtr`
   * (the stress ATR) are those of bar i - 1 and `ctx` already holds the context through bar i
   * (`readContext` false). Sets `mark`; returns whether the position closed on this bar.
   */
  stepAt(
    i: number,
    bar: Bar,
    prevClose: number,
    prevAtr: number,
    ctx: MarketContext,
    readContext: boolean,
  ): boolean {
    const { context, stress, gate } = this.env;
    const position = this.position;
    const side = this.entry.side;
    const exhaustion = this.exhaustion;
    let stepped = bar;
    if (stress !== null && isStressBar(stress, i)) {
      // Indicators stay those of the recorded bars: the gap hits fills and excursions.
      if (Number.isFinite(prevAtr)) stepped = gapBar(bar, prevClose, side, stress.atrMultiple * prevAtr);
    }
    if (readContext) context!.readBar(i, ctx);
    let signalNow = exhaustion !== null && exhaustionSignal(side, stepped, ctx, exhaustion);
    if (gate !== null) {
      // The state at this close, before the step acts on it: the stop in force during the bar,
      // the MFE through its favourable extreme (what the step will record).
      const dir = this.dir;
      const favourable = dir * ((dir === 1 ? stepped.high : stepped.low) - position.levels!.entry);
      const mfe = favourable > position.mfe ? favourable : position.mfe;
      const state = tradeStateOf(this.tradeState, position.levels!, position.stop, mfe, i - this.entry.index);
      signalNow = gatedSignal(gate, side, i, signalNow, state);
    }
    if (this.env.director !== null) this.direct(stepped, ctx, i, signalNow && !this.signalBefore);
    else position.step(stepped, ctx, signalNow && !this.signalBefore);
    this.signalBefore = signalNow;
    if (position.fills.length > this.seen) this.book(i, ctx);
    this.mark = this.base + this.realised + this.dir * (stepped.close - this.plan.entry) * position.remaining;
    if (position.status === 'closed') {
      this.exitIndex = i;
      this.exitTime = bar.time;
      return true;
    }
    return false;
  }

  get done(): boolean {
    return this.next >= this.env.lastIndex + 1;
  }

  /** Cash after the trade (valid once done). */
  get cashAfter(): number {
    return this.base + this.realised;
  }

  get lastIndex(): number {
    return this.exitIndex;
  }

  /**
   * Closes what remains at the last close when the data ran out, and writes the trade down.
   * `given`: the last bar (read from the columns when not given).
   */
  finish(given?: Bar): void {
    const { equity, lastIndex } = this.env;
    const position = this.position;
    const endOfData = position.status === 'open';
    if (endOfData) {
      // The data ended with the position open: a market exit at the last close.
      const last = given ?? barAt(this.env, lastIndex);
      position.closeAt(last, last.close, this.cur);
      this.book(lastIndex, this.cur);
      this.mark = this.base + this.realised;
      if (equity !== null) equity[lastIndex] = this.mark;
      this.exitTime = last.time;
    }
    const t = this.trades;
    const size = this.plan.size;
    const pnl = this.realised - this.entryFee;
    const risk = position.levels!.riskPerUnit;
    t.side.push(this.entry.side);
    t.entryIndex.push(this.entry.index);
    t.entryTime.push(this.entry.time);
    t.signalPrice.push(this.entry.price);
    t.entryPrice.push(this.plan.entry);
    t.entryFee.push(this.entryFee);
    t.initialStop.push(position.levels!.initialStop);
    t.riskPerUnit.push(this.riskPerUnit);
    t.size.push(size);
    t.exitIndex.push(this.exitIndex);
    t.exitTime.push(this.exitTime);
    t.pnl.push(pnl);
    t.r.push(pnl / (this.riskPerUnit * size));
    t.fees.push(this.entryFee + position.fees);
    t.slippage.push(this.slippageCost);
    t.mfe.push(position.mfe);
    t.mae.push(position.mae);
    t.mfeR.push(position.mfe / risk);
    t.maeR.push(position.mae / risk);
    t.equityBefore.push(this.equityBefore);
    t.endOfData.push(endOfData);
    t.fills.push(this.seen + 1);
    t.fillEnd.push(t.fill.length);
  }

  /**
   * A director policy's bar: the Position plays it (stop, trail) with no exhaustion, the
   * director reads the close and answers; a sell replays the bar with the exhaustion slot
   * taken (the Position's checkpoint/restore, as for a still-forming bar), a liquidation is a
   * market exit at this close.
   */
  private direct(bar: Bar, ctx: MarketContext, i: number, edge: boolean): void {
    const position = this.position;
    position.checkpoint();
    position.step(bar, ctx, false);
    if (position.status !== 'open') return;
    const v = this.view;
    const risk = this.riskPerUnit;
    v.side = this.entry.side;
    v.entryIndex = this.entry.index;
    v.index = i;
    v.barsHeld = i - this.entry.index;
    v.unrealisedR = (this.dir * (bar.close - this.plan.entry)) / risk;
    v.openShare = position.remaining / this.plan.size;
    v.stopDistanceR = (this.dir * (bar.close - position.stop)) / risk;
    v.mfeR = position.mfe / risk;
    v.exhaustionEdge = edge;
    const action = this.env.director!(v);
    if (action === SELL) {
      position.restore();
      position.step(bar, ctx, true);
    } else if (action === LIQUIDATE) position.closeAt(bar, bar.close, ctx, 'close');
  }

  private readonly view: ExitView = {
    side: 'long',
    entryIndex: 0,
    index: 0,
    barsHeld: 0,
    unrealisedR: 0,
    openShare: 1,
    stopDistanceR: 0,
    mfeR: 0,
    exhaustionEdge: false,
  };

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
      const c = this.trades.fill;
      c.time.push(f.time);
      c.index.push(index);
      c.leg.push(f.leg);
      c.reason.push(f.reason);
      c.plannedPrice.push(f.plannedPrice);
      c.marketPrice.push(market);
      c.price.push(f.price);
      c.size.push(f.size);
      c.fee.push(f.fee);
      c.pnl.push(f.pnl);
      c.r.push(f.r);
    }
  }
}

/**
 * Bar i read from the columns into the env's one bar object (dense columns, where each bar
 * object keeps every number in a heap cell of its own: a cache miss or several per bar).
 */
const barAt = (env: TradeEnv, i: number): Bar => readBar(env.columns!, i, env.bar);

export const freshContexts = (): [MarketContext, MarketContext] => [emptyContext(), emptyContext()];
