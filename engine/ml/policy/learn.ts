import { bootstrapTrades, type BootstrapResult } from '../../backtest/bootstrap.js';
import { DEFAULT_POLICIES } from '../../backtest/policies.js';
import { BacktestError } from '../../backtest/errors.js';
import { runBacktest } from '../../backtest/run.js';
import type { BacktestOptions, Entry, PolicyStats } from '../../backtest/types.js';
import type { Bar } from '../../types.js';
import { MlError } from '../errors.js';
import { adaptiveDirector } from './adaptive.js';
import { DIRECTOR_POLICIES, type DirectorProvider } from './director.js';
import { collectEpisodes } from './episodes.js';
import { DEFAULT_Q, fitQ, type QSettings, type QTable } from './fqi.js';
import { learnedDirector, type ReversalColumn } from './learned.js';
import { stateFeatures } from './state.js';

export interface PolicySettings {
  /** Fraction of the bars the policy learns on; it is judged on the entries after [0.7]. */
  split: number;
  seed: number;
  /** Behaviour-policy passes over the training entries (different seeds) [4]. */
  passes: number;
  q: QSettings;
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = { split: 0.7, seed: 1, passes: 4, q: DEFAULT_Q };

/** Training episodes (purged) below this are refused: a table of ~200 coarse cells needs many more. */
export const MIN_EPISODES = 50;

export interface TrainedPolicy {
  table: QTable;
  settings: PolicySettings;
  splitIndex: number;
  episodes: number;
  purged: number;
  transitions: number;
}

/**
 * Learns the exit policy on the entries before the split bar (see collectEpisodes, fitQ). With
 * a reversal column (a saved reversal model's causal probability per bar) the state carries
 * its bin, and the table records the model's feature list.
 */
export function trainPolicy(
  bars: readonly Bar[],
  entries: readonly Entry[],
  options: BacktestOptions,
  settings: PolicySettings = DEFAULT_POLICY_SETTINGS,
  reversal: ReversalColumn | null = null,
): TrainedPolicy {
  if (!(settings.split > 0 && settings.split < 1))
    throw new MlError('split', `split: ${settings.split} must be between 0 and 1 (e.g. 0.7)`);
  const splitIndex = Math.floor(bars.length * settings.split);
  if (reversal !== null && reversal.p.length !== bars.length)
    throw new MlError(
      'reversal',
      `reversal: ${reversal.p.length} probabilities for ${bars.length} bars; score the same bars with the model`,
    );
  const set = collectEpisodes(bars, entries, splitIndex, options, settings.seed, settings.passes, reversal);
  const perPass = set.episodes / settings.passes;
  if (perPass < MIN_EPISODES)
    throw new MlError(
      'entries',
      `entries: ${perPass} trades closed before the split bar (${splitIndex + 1}) to learn from; the policy needs at least ${MIN_EPISODES}. Use a rule with more entries (a shorter period), more bars, or a later --split`,
    );
  const table = fitQ(set.transitions, settings.q);
  table.stateFeatures = stateFeatures(reversal !== null);
  table.reversalFeatures = reversal !== null ? [...reversal.features] : null;
  return {
    table,
    settings,
    splitIndex,
    episodes: Math.round(perPass),
    purged: Math.round(set.purged / settings.passes),
    transitions: set.transitions.action.length,
  };
}

/**
 * The directors of a run: 'adaptive' (the regime matrix) and 'learned' (this table, with the
 * reversal column when it was learned with one). `more` adds tables by name: a custom policy's
 * `policy=learned:<file>` names its director `learned:<file>`.
 */
export function policyDirectors(
  table: QTable | null,
  reversal: ReversalColumn | null = null,
  more: ReadonlyMap<string, QTable> = new Map(),
): DirectorProvider {
  return (bars, name) => {
    if (name === 'adaptive') return adaptiveDirector(bars);
    if (name === 'learned' && table !== null) return learnedDirector(bars, table, reversal);
    const named = more.get(name);
    if (named !== undefined) return learnedDirector(bars, named, reversal);
    throw new BacktestError(
      'policies',
      `policies: "${name}" needs a learned policy, which exitplan backtest does not carry; run exitplan learn policy (or --policy file.json there)`,
    );
  };
}

export interface PolicyComparison {
  id: string;
  label: string;
  stats: PolicyStats;
  bootstrap: BootstrapResult;
}

/** The static policies, the adaptive one and the learned one on the entries at or after the split bar. */
export function judgePolicy(
  bars: readonly Bar[],
  entries: readonly Entry[],
  options: BacktestOptions,
  trained: TrainedPolicy,
  samples = 1000,
  reversal: ReversalColumn | null = null,
): PolicyComparison[] {
  const test = entries.filter((e) => e.index >= trained.splitIndex);
  if (test.length === 0)
    throw new MlError(
      'entries',
      `entries: none at or after the split bar (${trained.splitIndex + 1}) to judge the policy on; use an earlier --split`,
    );
  const policies = [...DEFAULT_POLICIES, ...DIRECTOR_POLICIES];
  const result = runBacktest(
    bars,
    test,
    { ...options, policies },
    { directors: policyDirectors(trained.table, reversal) },
  );
  return result.policies.map((p) => ({
    id: p.policy.id,
    label: p.policy.label,
    stats: p.stats,
    bootstrap: bootstrapTrades(p.trades, samples, trained.settings.seed),
  }));
}
