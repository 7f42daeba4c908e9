import { ExitTracker } from '../exits/tracker.js';
import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import { tradeStateOf, type TradeState } from './trade-state.js';

/**
 * A chart's plan as the trade the reversal model scores: the engine's ExitTracker plays the
 * plan over the bars as the widget does, and at each close while its position is open this
 * gives the trade's state (trade-state.ts): its levels, the stop in force during the bar, the
 * MFE through it, the bars since the entry bar. Null before the entry and after the exit (the
 * model then reads its virtual trade). A plan without an entry time enters on the last bar the
 * chart held when it was loaded, as computeOverlay anchors it.
 */
export class PlanTrade {
  private tracker: ExitTracker | null;
  private held = -1;
  private readonly state: TradeState = {
    side: 'long',
    entry: NaN,
    risk: NaN,
    stop: NaN,
    mfe: 0,
    bars: 0,
    nextLegR: NaN,
  };

  constructor(plan: PlanSpec, history: readonly Bar[]) {
    const anchored =
      plan.entryTime === undefined && history.length > 0
        ? { ...plan, entryTime: history[history.length - 1].time }
        : plan;
    this.tracker = new ExitTracker(anchored, { recordTrail: false });
  }

  /** The trade at `bar`'s close (each closed bar once, in order). */
  next(bar: Bar): TradeState | null {
    const tracker = this.tracker;
    if (tracker === null) return null;
    const stopBefore = tracker.stop;
    tracker.add(bar);
    const status = tracker.state.status;
    if (status !== 'open') {
      if (status === 'closed') this.tracker = null;
      return null;
    }
    this.held++;
    // On the entry bar the stop is the one it opened with (after its close, as the lab's).
    const stop = this.held === 0 ? tracker.stop : stopBefore;
    return tradeStateOf(this.state, tracker.levels(), stop, tracker.state.mfe, this.held);
  }
}
