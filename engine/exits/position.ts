import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import type { MarketContext } from './context.js';
import type { TickPath } from './tick-path.js';
import { fillMarker } from './fill-marker.js';
import {
  emptyLevels,
  entryOutsideBar,
  formatPrice,
  levelsError,
  tryResolveLevels,
  type LevelsProblem,
} from './levels.js';
import { Core, PENDING, type StopSource } from './position-core.js';
import { positionSnapshot } from './position-state.js';
import { moveStop } from './stop-moves.js';
import type {
  Fill,
  FillReason,
  OverlayMarker,
  PlanLevels,
  PositionState,
  PositionStatus,
  TrailPoint,
} from './types.js';

/** Market orders (stops, signal exits) give up this much against the planned price. */
export interface Slippage {
  bps: number;
  /** Fraction of ATR (the context's atrSlip). */
  atrFraction: number;
}

export interface PositionOptions {
  slippage?: Slippage;
  /** Keep the stop in force bar by bar (for drawing a stepped trail line). */
  recordTrail?: boolean;
  /** No markers and no label strings: fills and numbers only (backtests). */
  quiet?: boolean;
  /**
   * Refuse (PlanError) an entry price outside the entry bar's low..high: what a plan a person
   * typed or dragged must meet. Off by default: a backtest's entry is a close plus slippage,
   * which may lie just beyond the bar, and tests place entries freely.
   */
  entryInBar?: boolean;
}

/** At most this many legs (the filled set is a bit mask). */
export const MAX_LEGS = 30;

/**
 * One position run through its plan, bar by bar.
 *
 * The intrabar rule (we never know the order of prices inside a bar, so we assume the worst):
 * 1. the bar opens: a stop the open has gapped through exits everything at the open; targets the
 *    open has gapped through fill at the open;
 * 2. price then goes to the adverse extreme (the low for a long): touching the stop exits all
 *    that remains at the stop, before any target in that bar;
 * 3. then to the favourable extreme (the high for a long): targets it reaches fill at their price;
 * 4. then to the close: exhaustion and time-decay are judged on the close; breakeven and the
 *    trail move the stop at the close, and the new stop is in force from the next bar on.
 * The entry bar itself is not checked for exits (the entry's moment inside it is unknown),
 * but its close already updates the trail. That is the bar rule (backtests); a live chart's
 * ticks are played in their own order by `stepTicks` (engine/exits/tick-path.ts).
 */
export class Position {
  readonly fills: Fill[] = [];
  readonly markers: OverlayMarker[] = [];
  readonly trail: TrailPoint[] = [];
  levels: PlanLevels | null = null;
  private readonly core = new Core();
  private readonly saved = new Core();
  private spec!: PlanSpec;
  private dir: 1 | -1 = 1;
  private readonly legFillTimes: number[] = [];
  /** The nearest unfilled target (dir * Infinity when none is left): most bars reach none. */
  private nextTarget = NaN;
  /** Set while stepTicks plays live ticks: their fills are marked intrabar. */
  private intrabar = false;
  /** Where `open` resolves the levels, kept across `reset` (a backtest opens one Position per trade). */
  private readonly resolved = emptyLevels();

  constructor(
    plan: PlanSpec,
    private readonly options: PositionOptions = {},
  ) {
    this.setPlan(plan);
  }

  get plan(): PlanSpec {
    return this.spec;
  }

  /**
   * Makes this Position what `new Position(plan, same options)` would be: a backtest steps one
   * per policy through all its trades instead of building one per trade.
   */
  reset(plan: PlanSpec): void {
    this.setPlan(plan);
    this.core.copyFrom(PENDING);
    this.saved.copyFrom(PENDING);
    this.fills.length = 0;
    this.markers.length = 0;
    this.trail.length = 0;
    this.levels = null;
    this.nextTarget = NaN;
  }

  private setPlan(plan: PlanSpec): void {
    if (plan.ladder.length > MAX_LEGS) throw new RangeError(`at most ${MAX_LEGS} ladder legs`);
    this.spec = plan;
    this.dir = plan.side === 'long' ? 1 : -1;
    this.legFillTimes.length = 0;
    for (let i = 0; i < plan.ladder.length; i++) this.legFillTimes.push(NaN);
  }

  get status(): PositionStatus {
    return this.core.status;
  }

  /** Keeps the state as it is now, so `restore` can undo the next bar. */
  checkpoint(): void {
    this.core.fillsLength = this.fills.length;
    this.core.markersLength = this.markers.length;
    this.core.trailLength = this.trail.length;
    this.saved.copyFrom(this.core);
  }

  restore(): void {
    this.core.copyFrom(this.saved);
    this.fills.length = this.core.fillsLength;
    this.markers.length = this.core.markersLength;
    this.trail.length = this.core.trailLength;
    for (let i = 0; i < this.legFillTimes.length; i++) {
      if (!(this.core.filledMask & (1 << i))) this.legFillTimes[i] = NaN;
    }
    if (this.levels) this.aimNextTarget();
  }

  /**
   * Opens at the plan's entry on `bar`, sizing levels from `before` (the context through the
   * previous bar). Throws PlanError when the plan cannot be placed, or (with `entryInBar`)
   * when its entry price is outside the bar's range.
   */
  open(bar: Bar, before: MarketContext, barsBefore: number): void {
    const outside = this.options.entryInBar ? entryOutsideBar(this.spec, bar) : null;
    if (outside !== null) throw outside;
    const problem = this.tryOpen(bar, before, barsBefore);
    if (problem !== null) throw levelsError(this.spec, problem, barsBefore);
  }

  /** As `open`, but says why the plan cannot be placed instead of throwing (and stays pending). */
  tryOpen(bar: Bar, before: MarketContext, barsBefore: number): LevelsProblem | null {
    const levels = this.resolved;
    const problem = tryResolveLevels(this.spec, before, barsBefore, !this.options.quiet, levels);
    if (problem !== null) return problem;
    this.levels = levels;
    const c = this.core;
    c.status = 'open';
    c.entryTime = bar.time;
    c.remaining = this.spec.size;
    c.stop = levels.initialStop;
    c.stopSource = 'stop';
    c.trailActive = this.spec.trail.kind !== 'none' && this.spec.trail.activateAfterLeg === 0;
    this.aimNextTarget();
    if (this.options.recordTrail) this.trail.push({ time: bar.time, price: c.stop });
    if (this.options.quiet) return null;
    this.markers.push({
      time: bar.time,
      role: 'entry',
      text: `${this.spec.side === 'long' ? 'Long' : 'Short'} ${formatPrice(this.spec.entry)}`,
      price: this.spec.entry,
    });
    return null;
  }

  /** The entry bar's close: excursions of the entry bar are not counted, the trail starts. */
  closeEntryBar(bar: Bar, ctx: MarketContext): void {
    this.core.lastClose = bar.close;
    moveStop(this.core, this.spec, bar, ctx);
  }

  /** One bar after the entry bar. `exhaustion` says whether the signal fired on this bar's close. */
  step(bar: Bar, ctx: MarketContext, exhaustion: boolean): void {
    const c = this.core;
    if (c.status !== 'open') return;
    const dir = this.dir;
    const stop = c.stop;
    if (this.options.recordTrail) this.trail.push({ time: bar.time, price: stop });
    c.barsOpen++;
    const adverse = dir > 0 ? bar.low : bar.high;
    const favourable = dir > 0 ? bar.high : bar.low;
    // Most bars fill nothing. V8 may leave any call here un-inlined, and then boxes (allocates)
    // every double passed to it: so this path tests the stop and the nearest target itself and
    // passes prices to a call only when something fills.

    // 1. The open: gaps through the stop or through targets.
    if (dir * (bar.open - stop) <= 0) {
      this.excursion(bar.open, bar.open);
      this.exitAll(bar, stop, this.slipped(bar.open, ctx), this.stopReason());
      return;
    }
    if (!(dir * (bar.open - this.nextTarget) < 0)) {
      this.fillTargets(bar, bar.open, true);
      if (c.status !== 'open') return this.excursion(bar.open, bar.open);
    }
    // 2. The adverse extreme.
    if (dir * (adverse - stop) <= 0) {
      this.excursion(stop, bar.open);
      this.exitAll(bar, stop, this.slipped(stop, ctx), this.stopReason());
      return;
    }
    // 3. The favourable extreme (the excursion written out, as said above).
    const entry = this.spec.entry;
    const mae = dir * (entry - adverse);
    const mfe = dir * (favourable - entry);
    if (mae > c.mae) c.mae = mae;
    if (mfe > c.mfe) c.mfe = mfe;
    if (!(dir * (favourable - this.nextTarget) < 0)) {
      this.fillTargets(bar, favourable, false);
      if (c.status !== 'open') return;
    }
    // 4. The close.
    c.lastClose = bar.close;
    if (exhaustion) this.onExhaustion(bar, ctx);
    if (c.status === 'open' && this.spec.decay) this.checkDecay(bar, ctx);
    if (c.status === 'open') moveStop(this.core, this.spec, bar, ctx);
  }

  /**
   * Live ('ticks' rule, engine/exits/tick-path.ts): the bar as `step` plays it when first seen,
   * or from the entry on the entry bar, then each later tick's new extreme in the order it came:
   * one that reaches the stop exits what remains at the stop, one that reaches targets fills
   * them, at once. Those fills are marked intrabar. The close is judged as in `step`.
   */
  stepTicks(bar: Bar, ctx: MarketContext, exhaustion: boolean, path: TickPath, entryBar: boolean): void {
    const c = this.core;
    if (c.status !== 'open') return;
    const dir = this.dir;
    // On the entry bar, prices before the plan was set (the bar as first seen) are not the trade's.
    if (!entryBar) {
      const [low0, high0] = path.start;
      if (this.options.recordTrail) this.trail.push({ time: bar.time, price: c.stop });
      c.barsOpen++;
      // The open, as step plays it: gaps through the stop or through targets.
      this.excursion(bar.open, bar.open);
      if (dir * (bar.open - c.stop) <= 0) {
        this.exitAll(bar, c.stop, this.slipped(bar.open, ctx), this.stopReason());
        return;
      }
      if (!(dir * (bar.open - this.nextTarget) < 0)) this.fillTargets(bar, bar.open, true);
      // Then the bar as first seen, by the bar rule: its adverse extreme, its favourable one.
      this.walk(bar, ctx, dir > 0 ? low0 : high0, dir > 0 ? high0 : low0);
    }
    this.intrabar = true;
    const steps = path.steps;
    // Both extremes in one tick: their order is unknown, so the adverse one first.
    for (let i = 0; i < steps.length; i += 2)
      this.walk(bar, ctx, steps[i + (dir > 0 ? 0 : 1)], steps[i + (dir > 0 ? 1 : 0)]);
    this.intrabar = false;
    if (c.status !== 'open') return;
    c.lastClose = bar.close;
    if (entryBar) return moveStop(this.core, this.spec, bar, ctx);
    if (exhaustion) this.onExhaustion(bar, ctx);
    if (c.status === 'open' && this.spec.decay) this.checkDecay(bar, ctx);
    if (c.status === 'open') moveStop(this.core, this.spec, bar, ctx);
  }

  /** stepTicks: the price went to `adverse`, then to `favourable` (NaN: not beyond before). */
  private walk(bar: Bar, ctx: MarketContext, adverse: number, favourable: number): void {
    const c = this.core;
    const dir = this.dir;
    for (const price of [adverse, favourable]) {
      if (Number.isNaN(price) || c.status !== 'open') continue;
      if (dir * (price - c.stop) <= 0) {
        this.excursion(c.stop, c.stop);
        this.exitAll(bar, c.stop, this.slipped(c.stop, ctx), this.stopReason());
        return;
      }
      this.excursion(price, price);
      if (!(dir * (price - this.nextTarget) < 0)) this.fillTargets(bar, price, false);
    }
  }

  /** Exits what remains at `price` (a market order: slippage applies), e.g. at the end of the data. */
  closeAt(bar: Bar, price: number, ctx: MarketContext, reason: FillReason = 'close'): void {
    if (this.core.status !== 'open') return;
    this.exitAll(bar, price, this.slipped(price, ctx), reason);
  }

  private stopReason(): FillReason {
    return this.core.stopSource;
  }

  /** Price after slippage for a market order at `price` (always against the trade). */
  private slipped(price: number, ctx: MarketContext): number {
    const s = this.options.slippage;
    if (!s) return price;
    const atr = Number.isFinite(ctx.atrSlip) ? ctx.atrSlip : 0;
    return price - this.dir * ((s.bps / 1e4) * price + s.atrFraction * atr);
  }

  private excursion(adverse: number, favourable: number): void {
    const c = this.core;
    const e = this.spec.entry;
    const mae = this.dir * (e - adverse);
    const mfe = this.dir * (favourable - e);
    if (mae > c.mae) c.mae = mae;
    if (mfe > c.mfe) c.mfe = mfe;
  }

  /** Fills the legs `reached` reaches; step calls it only when it reaches the nearest one. */
  private fillTargets(bar: Bar, reached: number, atOpen: boolean): void {
    const legs = this.levels!.legs;
    const c = this.core;
    for (let i = 0; i < legs.length; i++) {
      if (c.filledMask & (1 << i)) continue;
      const leg = legs[i];
      if (this.dir * (reached - leg.price) < 0) continue;
      c.filledMask |= 1 << i;
      this.legFillTimes[i] = bar.time;
      const size = Math.min(c.remaining, (leg.share / 100) * this.spec.size);
      // A gap through a target fills at the open, which is the better price.
      this.record(bar, leg.id, 'target', leg.price, atOpen ? bar.open : leg.price, size);
      if (c.remaining <= 1e-12 * this.spec.size) this.finish(bar);
      this.aimNextTarget();
      if (c.status !== 'open') return;
    }
  }

  private aimNextTarget(): void {
    const legs = this.levels!.legs;
    const dir = this.dir;
    let nearest = dir * Infinity;
    for (let i = 0; i < legs.length; i++) {
      if (!(this.core.filledMask & (1 << i)) && dir * (legs[i].price - nearest) < 0) nearest = legs[i].price;
    }
    this.nextTarget = nearest;
  }

  private onExhaustion(bar: Bar, ctx: MarketContext): void {
    const spec = this.spec.exhaustion;
    const c = this.core;
    if (!spec || !spec.act) return;
    // Each signal takes its slice of the original size, never more than remains.
    const size = Math.min(c.remaining, (spec.takeShare / 100) * this.spec.size);
    if (size <= 0) return;
    this.record(bar, 'exhaustion', 'exhaustion', bar.close, this.slipped(bar.close, ctx), size);
    if (c.remaining <= 1e-12 * this.spec.size) this.finish(bar);
  }

  private checkDecay(bar: Bar, ctx: MarketContext): void {
    const spec = this.spec.decay!;
    const c = this.core;
    if (c.decayFlagged || c.barsOpen < spec.bars) return;
    const risk = this.levels!.riskPerUnit;
    if (c.filledMask !== 0 || c.mfe / risk >= spec.minProgressR) return;
    c.decayFlagged = true;
    if (!this.options.quiet)
      this.markers.push({
        time: bar.time,
        role: 'decay',
        text: `${c.barsOpen} bars, below ${spec.minProgressR}R`,
        price: bar.close,
      });
    if (spec.act) this.exitAll(bar, bar.close, this.slipped(bar.close, ctx), 'decay');
  }

  /** Exits all that remains: a stop (any of its sources), a decay exit or a close; never a target. */
  private exitAll(bar: Bar, planned: number, price: number, reason: FillReason): void {
    const id = reason === 'decay' || reason === 'close' ? reason : 'stop';
    this.record(bar, id, reason, planned, price, this.core.remaining);
    this.finish(bar);
  }

  private record(
    bar: Bar,
    leg: string,
    reason: FillReason,
    planned: number,
    price: number,
    size: number,
  ): void {
    const c = this.core;
    const f = this.spec.fees;
    const fee = f.perFill + f.perUnit * size + (f.bps / 1e4) * price * size;
    const pnl = this.dir * (price - this.spec.entry) * size - fee;
    const r = pnl / (this.levels!.riskPerUnit * this.spec.size);
    c.remaining -= size;
    if (c.remaining < 1e-12 * this.spec.size) c.remaining = 0;
    c.realisedPnl += pnl;
    c.fees += fee;
    const fill: Fill = { time: bar.time, leg, reason, plannedPrice: planned, price, size, fee, pnl, r };
    if (this.intrabar) fill.intrabar = true;
    this.fills.push(fill);
    if (this.options.quiet) return;
    this.markers.push(fillMarker(bar.time, leg, reason, r, price, this.intrabar));
  }

  private finish(bar: Bar): void {
    this.core.status = 'closed';
    this.core.exitTime = bar.time;
  }

  /** A snapshot of the state (fresh objects: safe to keep or send across a worker). */
  state(): PositionState {
    return positionSnapshot(this.core, this.spec, this.levels, this.fills, this.legFillTimes);
  }

  /** Current stop and where it came from, without building a whole snapshot. */
  get stop(): number {
    return this.core.stop;
  }

  get stopSource(): StopSource {
    return this.core.stopSource;
  }

  get remaining(): number {
    return this.core.remaining;
  }

  get filledMask(): number {
    return this.core.filledMask;
  }

  /** Excursions in price distance from the entry, and fees so far (cheap: no snapshot). */
  get mfe(): number {
    return this.core.mfe;
  }

  get mae(): number {
    return this.core.mae;
  }

  get fees(): number {
    return this.core.fees;
  }
}
