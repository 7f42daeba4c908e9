import { labOptions, resolveEntries } from '../../backtest/lab.js';
import type { PlanSpec } from '../../plan/types.js';
import type { Bar } from '../../types.js';
import type { AdaptiveSessionOptions } from '../adaptive-options.js';
import { MlError } from '../errors.js';
import { REGIMES, RESPONSE_MATRIX, type Regime } from '../regimes.js';
import { adaptiveChooser, advantageOverHold, learnedChooser } from './choosers.js';
import { ACTION_NAMES } from './director.js';
import { buildPolicyFile, loadPolicyFile } from './file.js';
import type { QTable } from './fqi.js';
import { DEFAULT_POLICY_SETTINGS, trainPolicy } from './learn.js';
import { marketStates } from './learned.js';
import { PolicyTrade, type Chooser } from './policy-trade.js';
import { REVERSAL_FEATURE } from './state.js';

/**
 * The entry rule a chart's policy learns from when nothing else is given: 20-bar breakouts
 * both ways (the CLI's and the bench's rule), with the lab's default costs. The chart's own
 * plan has one trade; the rule gives the policy the many trades a table needs.
 */
export const CHART_ENTRY_RULE = 'donchian:20';
/** A chart learns on the first 90% of its bars: a live policy wants the most recent trades it can get. */
export const CHART_SPLIT = 0.9;

export interface PolicySummary {
  source: 'trained' | 'file';
  /** Trades learned from (per behaviour pass), 0 for a file. */
  episodes: number;
  transitions: number;
  /** The entry rule learned from (null: a file, whose own record says). */
  rule: string | null;
}

export interface PolicyTrainResult {
  /** The policy file as JSON text (what `load` takes back, and what a page may save). */
  policy: string;
  summary: PolicySummary;
}

/** The regime of the last bar and the exit logic the response matrix gives it. */
export interface RegimeNow {
  regime: Regime;
  logic: string;
  urgency: string;
}

/** The policy's answer for the open trade at the last close. */
export interface ActionNow {
  action: (typeof ACTION_NAMES)[number];
  /** Q(action) - Q(hold) in R (0 for Hold, NaN where the policy has no values: adaptive, or a cell not learned). */
  advantageR: number;
  /** The share of the plan open when it decides, under the policy (it may have sold before). */
  openShare: number;
  unrealisedR: number;
  barsHeld: number;
  time: number;
}

export interface PolicyNow {
  /** One regime code per bar (REGIMES), for the band under the candles. */
  regimes: Uint8Array;
  current: RegimeNow | null;
  /** null: no policy, or no open trade under it at the last bar. */
  action: ActionNow | null;
  /** Which policy answered: 'learned', 'adaptive' or null. */
  policy: 'learned' | 'adaptive' | null;
  /** Why the plan could not be played (a level that does not fit), or null. */
  problem: string | null;
}

export const regimeNow = (code: number): RegimeNow => {
  const regime = REGIMES[code];
  return { regime, ...RESPONSE_MATRIX[regime] };
};

/**
 * The learned exit policy of one chart, in the adaptive worker (remote.policy): trains a table
 * on the chart's bars (or takes a saved file), and answers for the chart's plan at the last
 * close: the regime of every bar, the exit logic it picks, and the policy's action with its
 * advantage over Hold, from a PolicyTrade played over the bars (so the answer at a close
 * reads bars up to that close only).
 */
export class PolicySession {
  private table: QTable | null = null;

  constructor(protected readonly options: AdaptiveSessionOptions = {}) {}

  async train(
    bars: readonly Bar[],
    onProgress?: (fraction: number, stage: string) => void,
  ): Promise<PolicyTrainResult> {
    onProgress?.(0, 'entries');
    await this.options.pause?.();
    const own = bars.map(copyBar);
    const entries = resolveEntries(own, CHART_ENTRY_RULE);
    const options = labOptions({ entries: CHART_ENTRY_RULE });
    onProgress?.(0.1, 'episodes and fitted Q-iteration');
    await this.options.pause?.();
    const trained = trainPolicy(own, entries, options, { ...DEFAULT_POLICY_SETTINGS, split: CHART_SPLIT });
    this.table = trained.table;
    onProgress?.(1, 'done');
    return {
      policy: JSON.stringify(buildPolicyFile(own, trained, options.costs)),
      summary: {
        source: 'trained',
        episodes: trained.episodes,
        transitions: trained.transitions,
        rule: CHART_ENTRY_RULE,
      },
    };
  }

  /** Takes a saved policy file; one for other features, or one that needs a reversal model, is refused. */
  load(text: string): PolicySummary {
    const table = loadPolicyFile(text);
    if (table.stateFeatures.includes(REVERSAL_FEATURE))
      throw new MlError(
        'policy',
        'policy: it reads the reversal probability, which the chart does not give it; use a policy learned without --reversal',
      );
    this.table = table;
    return { source: 'file', episodes: 0, transitions: 0, rule: null };
  }

  clear(): void {
    this.table = null;
  }

  /**
   * The regimes of `bars`, and, with a plan, the action of the learned table (or of the regime
   * matrix when the plan says policy=adaptive and no table is there) at the last bar.
   */
  now(bars: readonly Bar[], plan: PlanSpec | null): PolicyNow {
    const own = bars.map(copyBar);
    const m = marketStates(own);
    const out: PolicyNow = {
      regimes: m.regime,
      current: own.length > 0 ? regimeNow(m.regime[own.length - 1]) : null,
      action: null,
      policy: null,
      problem: null,
    };
    const chooser: Chooser | null =
      this.table !== null
        ? learnedChooser(this.table)
        : plan?.policy?.kind === 'adaptive'
          ? adaptiveChooser
          : null;
    if (plan === null || chooser === null) return out;
    out.policy = this.table !== null ? 'learned' : 'adaptive';
    const trade = new PolicyTrade(plan, chooser);
    let last = null;
    for (let i = 0; i < own.length && trade.status !== 'closed'; i++)
      last =
        trade.add(own[i], { atrPercentile: m.atrPercentile[i], regime: m.regime[i], reversalP: NaN }) ?? last;
    out.problem = trade.problem;
    // A decision at the last close is the answer now (a Liquidate there has just closed the trade).
    if (last === null || last.index !== own.length - 1) return out;
    out.action = {
      action: ACTION_NAMES[last.action],
      advantageR: advantageOverHold(last.q, last.action),
      openShare: last.view.openShare,
      unrealisedR: last.view.unrealisedR,
      barsHeld: last.view.barsHeld,
      time: last.time,
    };
    return out;
  }
}

// A bar from a page or comlink: only its OHLCV (structured clones carry no prototypes anyway).
const copyBar = (b: Bar): Bar => ({
  time: b.time,
  open: b.open,
  high: b.high,
  low: b.low,
  close: b.close,
  volume: b.volume,
});
