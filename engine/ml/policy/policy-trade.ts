import { contextNeeds, StreamingContext } from '../../exits/context.js';
import { Position } from '../../exits/position.js';
import { exhaustionSignal } from '../../exits/tracker.js';
import type { Fill } from '../../exits/types.js';
import { parseExhaustion } from '../../plan/parse.js';
import type { PlanSpec } from '../../plan/types.js';
import type { Bar } from '../../types.js';
import { LIQUIDATE, SELL, type Action, type ExitView } from './director.js';

/** The slot a director's Sell 25% fires: the lab's director plans use the same (director.ts BASE). */
export const DIRECTOR_EXHAUSTION = 'rsi14>70<30,bb20x2,take25,act';

/** The market state a policy reads at one close beside the trade's own (all causal). */
export interface MarketReading {
  atrPercentile: number;
  regime: number;
  /** NaN: no reversal model, or its features warming up. */
  reversalP: number;
}

/** A policy's answer at one close: its action and each action's value in R (NaN: not learned / not valued). */
export interface Choice {
  action: Action;
  q: [number, number, number];
}

export type Chooser = (view: Readonly<ExitView>, market: MarketReading) => Choice;

/** One decision of the policy at a close of the open trade. */
export interface PolicyDecision {
  time: number;
  index: number;
  action: Action;
  q: [number, number, number];
  view: ExitView;
}

/**
 * One trade of a chart's plan played under an exit policy, bar by bar: the engine's Position
 * stepped as ExitTracker steps it under the bar rule (the same context, the same calls), and
 * at each close after the entry bar the policy answers as the lab's TradeRun.direct does: a
 * Sell 25% replays the bar with the plan's exhaustion slot taken (25%, at this close), a
 * Liquidate is a market exit at this close (a learned chooser liquidates at its time limit,
 * as in training: learnedChooser). So the fills follow the one bar-playing rule, with the plan's fees per fill.
 * The plan's own exhaustion slot is the policy's: its Sell 25%.
 */
export class PolicyTrade {
  readonly plan: PlanSpec;
  readonly decisions: PolicyDecision[] = [];
  private readonly context: StreamingContext;
  private readonly position: Position;
  private readonly exhaustion;
  private readonly dir: 1 | -1;
  private signalBefore = false;
  private count = 0;
  private entryIndex = -1;
  private risk = NaN;
  /** Why the trade could not open (a level that does not fit the entry bar), or null. */
  problem: string | null = null;

  constructor(
    plan: PlanSpec,
    private readonly choose: Chooser,
  ) {
    this.exhaustion = parseExhaustion(DIRECTOR_EXHAUSTION)!;
    this.plan = { ...plan, exhaustion: this.exhaustion, decay: plan.decay && { ...plan.decay, act: false } };
    this.context = new StreamingContext(contextNeeds(this.plan));
    this.position = new Position(this.plan, { quiet: true });
    this.dir = plan.side === 'long' ? 1 : -1;
  }

  get status(): 'pending' | 'open' | 'closed' {
    return this.position.status;
  }

  get fills(): readonly Fill[] {
    return this.position.fills;
  }

  get remaining(): number {
    return this.position.remaining;
  }

  get riskPerUnit(): number {
    return this.risk;
  }

  /** The bar index the trade opened on (-1: not yet). */
  get entryAt(): number {
    return this.entryIndex;
  }

  /** Adds a closed bar with the market state at its close; returns the policy's decision there, if it made one. */
  add(bar: Bar, market: MarketReading): PolicyDecision | null {
    const i = this.count++;
    this.context.add(bar);
    const ctx = this.context.current;
    const now = exhaustionSignal(this.plan.side, bar, ctx, this.exhaustion);
    const edge = now && !this.signalBefore;
    this.signalBefore = now;
    const position = this.position;
    if (position.status === 'pending' && this.problem === null) {
      if (this.plan.entryTime === undefined || bar.time >= this.plan.entryTime) {
        try {
          position.open(bar, this.context.previous, i);
        } catch (e) {
          this.problem = e instanceof Error ? e.message : String(e);
          return null;
        }
        position.closeEntryBar(bar, ctx);
        this.entryIndex = i;
        this.risk = position.levels!.riskPerUnit;
      }
      return null;
    }
    if (position.status !== 'open') return null;
    position.checkpoint();
    position.step(bar, ctx, false);
    if (position.status !== 'open') return null;
    const risk = this.risk;
    const view: ExitView = {
      side: this.plan.side,
      entryIndex: this.entryIndex,
      index: i,
      barsHeld: i - this.entryIndex,
      unrealisedR: (this.dir * (bar.close - this.plan.entry)) / risk,
      openShare: position.remaining / this.plan.size,
      stopDistanceR: (this.dir * (bar.close - position.stop)) / risk,
      mfeR: position.mfe / risk,
      exhaustionEdge: edge,
    };
    const choice = this.choose(view, market);
    if (choice.action === SELL) {
      position.restore();
      position.step(bar, ctx, true);
    } else if (choice.action === LIQUIDATE) position.closeAt(bar, bar.close, ctx, 'close');
    const decision: PolicyDecision = { time: bar.time, index: i, action: choice.action, q: choice.q, view };
    this.decisions.push(decision);
    return decision;
  }
}
