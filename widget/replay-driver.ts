import { isPlanSpec, parsePlan, type Bar, type PlanSpec, type PlanText } from '../engine/index.js';
import { ReplayClock, type ReplayState } from './replay-clock.js';
import type { WidgetOptions } from './types.js';

/** What a replay needs from its widget. */
export interface ReplayHost {
  /** Pushes one replayed bar exactly as a live feed would. */
  push(bar: Bar): void;
  /** Loads `bars` afresh (Restart), after the work already queued. */
  reload(bars: Bar[]): Promise<void>;
  onState(state: ReplayState): void;
}

/**
 * A replay of a file: the bars up to `start(bars)` are loaded, the rest arrive one by one
 * (widget/replay-clock.ts). It keeps every bar from the first, so Restart starts again from
 * those, never from what happens to be drawn.
 */
export class ReplayDriver {
  private clock: ReplayClock | null = null;

  constructor(
    private readonly bars: Bar[],
    private readonly startAt: number,
    private readonly speed: number,
    private readonly host: ReplayHost,
  ) {}

  /** The bars loaded before the first Play. */
  get initial(): Bar[] {
    return this.bars.slice(0, this.startAt);
  }

  /** The clock over the bars after the start, paused (replacing any clock before it). */
  begin(): void {
    this.clock?.pause();
    const clock: ReplayClock = new ReplayClock(
      this.bars.slice(this.startAt),
      this.startAt,
      this.clock?.current.speed ?? this.speed,
      // A clock replaced by Restart delivers nothing more.
      (bar) => {
        if (this.clock === clock) this.host.push(bar);
      },
      (state) => {
        if (this.clock === clock) this.host.onState(state);
      },
    );
    this.clock = clock;
    this.host.onState(clock.current);
  }

  play(): void {
    this.clock?.play();
  }

  pause(): void {
    this.clock?.pause();
  }

  setSpeed(speed: number): void {
    this.clock?.setSpeed(speed);
  }

  step(): void {
    this.clock?.step();
  }

  /**
   * Back to the first bar. The new clock stands in at once, so Play or Step pressed while the
   * bars reload push after the reload, never into it; bars the old clock had sent play out first.
   */
  restart(): Promise<void> {
    this.begin();
    return this.host.reload(this.initial);
  }
}

/**
 * Where a replay starts: `start-bars` when given, else just after the plan's entry bar (the
 * reader watches the trade unfold), else 200 bars before the end.
 */
export function replayStartIndex(bars: Bar[], options: WidgetOptions): number {
  if (options.replay?.startBars) return Math.max(1, Math.min(bars.length, options.replay.startBars));
  const at = entryTimeHint(options.plan);
  const i = at === null ? -1 : bars.findIndex((b) => b.time >= at);
  return i < 0 ? Math.max(1, bars.length - 200) : Math.min(bars.length, i + 1);
}

function entryTimeHint(plan: PlanText | PlanSpec): number | null {
  if (isPlanSpec(plan)) return plan.entryTime ?? null;
  try {
    return parsePlan(plan as PlanText).entryTime ?? null;
  } catch {
    return null;
  }
}
