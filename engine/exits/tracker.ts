import { BarsError } from '../errors.js';
import { validatePlan } from '../plan/parse.js';
import type { ExhaustionSpec, PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import { contextNeeds, type MarketContext, StreamingContext } from './context.js';
import { formatPrice, resolveLevels } from './levels.js';
import { Position, type Slippage } from './position.js';
import { TickPaths, type IntrabarRule } from './tick-path.js';
import type { Overlay, OverlayLine, OverlayMarker, PlanLevels, PositionState } from './types.js';

export interface TrackerOptions {
  /** Keep the stop in force bar by bar for a stepped trail line (default true). */
  recordTrail?: boolean;
  /** Most exhaustion markers kept (oldest dropped first); default 2000. */
  maxMarkers?: number;
  slippage?: Slippage;
  /**
   * How the forming bar is played (engine/exits/tick-path.ts): 'bars' (default) by the bar
   * rule; 'ticks' (live) along its ticks, each `replace` a tick in the order it came.
   */
  intrabar?: IntrabarRule;
  /** The ticks recorded so far ('ticks' only): a tracker rebuilt for a new plan replays them. */
  tickPaths?: TickPaths;
  /** Refuse an entry price outside the entry bar's range (see PositionOptions.entryInBar). */
  entryInBar?: boolean;
}

/**
 * Whether the exhaustion signal for a position on `side` stands at this bar's close: RSI beyond
 * its threshold and price touching or beyond the Bollinger band, from data up to this bar only.
 * Collapsed bands (zero width) never signal: a motionless market is not exhausted.
 */
export function exhaustionSignal(
  side: 'long' | 'short',
  bar: Bar,
  ctx: MarketContext,
  spec: ExhaustionSpec,
): boolean {
  if (!(ctx.bbWidth > 0)) return false;
  return side === 'long'
    ? ctx.rsi >= spec.overbought && bar.high >= ctx.bbUpper
    : ctx.rsi <= spec.oversold && bar.low <= ctx.bbLower;
}

/**
 * The exit engine's streaming front door: bars in, an overlay out. Bars before the plan's
 * entry time warm the indicators; the position opens on the first bar at or after it (the
 * first bar of all when the plan has no entry time). `add` appends a bar, `replace` recomputes
 * the still-forming last one; both are O(1) and allocate only when something happens (a fill,
 * a marker, a step of the recorded trail).
 */
export class ExitTracker {
  readonly plan: PlanSpec;
  private readonly context: StreamingContext;
  private readonly position: Position;
  private readonly exhaustionMarkers: OverlayMarker[] = [];
  private readonly maxMarkers: number;
  private readonly trimAt: number;
  private lastTime = -Infinity;
  private signalBefore = false;
  private signalNow = false;
  // State before the last add, for replace.
  private savedLastTime = -Infinity;
  private savedSignal = false;
  private savedMarkers = 0;
  private failure: Error | null = null;
  /** Set in the 'ticks' rule: the paths, and the forming bar as the last tick left it. */
  private readonly ticks: TickPaths | null;
  private readonly forming = { low: NaN, high: NaN, close: NaN };

  constructor(plan: PlanSpec, options: TrackerOptions = {}) {
    validatePlan(plan);
    this.plan = plan;
    this.context = new StreamingContext(contextNeeds(plan));
    this.position = new Position(plan, {
      recordTrail: options.recordTrail ?? true,
      slippage: options.slippage,
      entryInBar: options.entryInBar,
    });
    this.maxMarkers = options.maxMarkers ?? 2000;
    this.trimAt = this.maxMarkers + Math.floor(this.maxMarkers / 8);
    this.ticks = options.intrabar === 'ticks' ? (options.tickPaths ?? new TickPaths()) : null;
  }

  /** How this tracker plays a bar (see TrackerOptions.intrabar). */
  get intrabar(): IntrabarRule {
    return this.ticks ? 'ticks' : 'bars';
  }

  /** Bars seen so far. */
  get count(): number {
    return this.context.count;
  }

  get time(): number {
    return this.lastTime;
  }

  /** Appends a bar that starts after the last one. */
  add(bar: Bar): void {
    if (!(bar.time > this.lastTime)) {
      throw new BarsError(
        this.count + 1,
        'time',
        `bar at time ${bar.time} does not come after the last bar (${this.lastTime}); use replace() to update the last bar`,
      );
    }
    // Trimmed in batches, not by one on every marker (each splice moves every marker kept):
    // the list runs up to an eighth over the cap, and overlay() shows only what the cap allows.
    const markers = this.exhaustionMarkers;
    if (markers.length > this.trimAt) markers.splice(0, markers.length - this.maxMarkers);
    this.savedLastTime = this.lastTime;
    this.savedSignal = this.signalBefore = this.signalNow;
    this.savedMarkers = this.exhaustionMarkers.length;
    this.position.checkpoint();
    this.context.add(bar);
    this.process(bar);
  }

  /** Recomputes the last bar with new values (a tick inside the still-forming bar). */
  replace(bar: Bar): void {
    if (this.count === 0) return this.add(bar);
    if (bar.time !== this.lastTime) {
      throw new BarsError(
        this.count,
        'time',
        `replace() got time ${bar.time}, but the last bar is at ${this.lastTime}`,
      );
    }
    // Live, this replace is a tick: what it reached is recorded before the bar is played again.
    if (this.ticks) this.ticks.tick(this.forming, bar);
    this.lastTime = this.savedLastTime;
    this.signalBefore = this.savedSignal;
    this.exhaustionMarkers.length = this.savedMarkers;
    this.position.restore();
    this.context.replace(bar);
    this.process(bar);
  }

  /** Exits what remains at `price` on the last bar (end of data, a manual close). */
  closeAt(bar: Bar, price: number): void {
    this.position.closeAt(bar, price, this.context.current);
  }

  private process(bar: Bar): void {
    this.lastTime = bar.time;
    const path = this.ticks?.get(bar.time);
    if (this.ticks) {
      this.forming.low = bar.low;
      this.forming.high = bar.high;
      this.forming.close = bar.close;
    }
    const spec = this.plan.exhaustion;
    this.signalNow = spec ? exhaustionSignal(this.plan.side, bar, this.context.current, spec) : false;
    const fired = this.signalNow && !this.signalBefore;
    const position = this.position;
    if (position.status === 'pending' && this.failure === null) {
      if (this.plan.entryTime === undefined || bar.time >= this.plan.entryTime) {
        try {
          position.open(bar, this.context.previous, this.count - 1);
        } catch (error) {
          this.failure = error as Error;
          throw error;
        }
        if (path) position.stepTicks(bar, this.context.current, false, path, true);
        else position.closeEntryBar(bar, this.context.current);
        // Only opening reads `previous`; a replace of this bar finds it as it is now.
        this.context.keepsPrevious = false;
      }
    } else if (position.status === 'open') {
      if (path) position.stepTicks(bar, this.context.current, fired, path, false);
      else position.step(bar, this.context.current, fired);
    }
    if (fired && spec) {
      this.exhaustionMarkers.push({
        time: bar.time,
        role: 'exhaustion',
        text: `RSI ${this.context.current.rsi.toFixed(0)}: take ${spec.takeShare}%`,
        price: this.plan.side === 'long' ? bar.high : bar.low,
      });
    }
  }

  /** The position alone (no level preview before the entry): a fresh snapshot. */
  get state(): PositionState {
    return this.position.state();
  }

  /** The stop in force for the next bar and what remains, without a snapshot (hot loops). */
  get stop(): number {
    return this.position.stop;
  }

  get remaining(): number {
    return this.position.remaining;
  }

  /** The plan's levels: fixed at the entry; before it, what they would be if entered now. */
  levels(): PlanLevels {
    if (this.failure) throw this.failure;
    return this.position.levels ?? resolveLevels(this.plan, this.context.current, this.count);
  }

  /** A fresh, serialisable picture of everything to draw. */
  overlay(): Overlay {
    const { levels, lines, markers, state } = this.overlayButTrail();
    return { levels, lines, markers, trail: this.trailFrom(0), state };
  }

  /** Points recorded on the trail so far (see trailFrom). */
  get trailLength(): number {
    return this.position.trail.length;
  }

  /**
   * Copies of the trail's points from index `from` on: the stop in force during each bar since
   * the entry (the next bar's stop is the 'trail' line). A live tick changes only the last one
   * or two, so its reply need not copy the whole trail since the entry.
   */
  trailFrom(from: number): Overlay['trail'] {
    const trail = this.position.trail;
    const out: Overlay['trail'] = [];
    for (let i = Math.max(0, from); i < trail.length; i++) out.push({ ...trail[i] });
    return out;
  }

  /** The overlay without its trail (see trailFrom): levels, lines, markers, state. */
  overlayButTrail(): Omit<Overlay, 'trail'> {
    const levels = this.levels();
    const state = this.position.state();
    if (state.status === 'pending') {
      state.initialStop = levels.initialStop;
      state.stop = levels.initialStop;
      state.riskPerUnit = levels.riskPerUnit;
      state.legs = levels.legs.map((leg) => ({ ...leg, filled: false, fillTime: null }));
    }
    const lines: OverlayLine[] = [
      { id: 'entry', role: 'entry', price: levels.entry, label: `Entry ${formatPrice(levels.entry)}` },
      {
        id: 'stop',
        role: 'stop',
        price: levels.initialStop,
        label: `Stop ${formatPrice(levels.initialStop)} (1R = ${formatPrice(levels.riskPerUnit)})`,
      },
    ];
    if (state.status === 'open' && state.stop !== levels.initialStop) {
      const role = this.position.stopSource === 'breakeven' ? 'breakeven' : 'trail';
      lines.push({
        id: 'trail',
        role,
        price: state.stop,
        label: `${role === 'trail' ? 'Trail' : 'Breakeven'} ${formatPrice(state.stop)}`,
      });
    }
    for (const leg of state.legs) {
      lines.push({
        id: leg.id,
        role: 'target',
        price: leg.price,
        label: leg.label,
        share: leg.share,
        filled: leg.filled,
      });
    }
    // The newest maxMarkers from before the last bar, and the last bar's own.
    const kept = this.exhaustionMarkers.slice(Math.max(0, this.savedMarkers - this.maxMarkers));
    const markers = [...kept, ...this.position.markers].sort((a, b) => a.time - b.time);
    return { levels, lines, markers: markers.map((m) => ({ ...m })), state };
  }
}

/** Runs a whole series through a plan. Without an entry time the position opens on the last bar. */
export function computeOverlay(bars: readonly Bar[], plan: PlanSpec, options?: TrackerOptions): Overlay {
  const anchored =
    plan.entryTime === undefined && bars.length > 0
      ? { ...plan, entryTime: bars[bars.length - 1].time }
      : plan;
  const tracker = new ExitTracker(anchored, options);
  for (const bar of bars) tracker.add(bar);
  return tracker.overlay();
}
