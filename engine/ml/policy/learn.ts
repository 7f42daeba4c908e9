import { bootstrapTrades, type BootstrapResult } from '../../backtest/bootstrap.js';
import { DEFAULT_POLICIES } from '../../backtest/policies.js';
import { BacktestError } from '../../backtest/errors.js';
import { runBacktest } from '../../backtest/run.js';
import type { BacktestOptions, Entry, PolicyStats } from '../../backtest/types.js';
import type { Bar } from '../../types.js';
import { MlError } from '../errors.js';
import { adaptiveDirector } from './adaptive.js';
import { ACTION_NAMES, DIRECTOR_POLICIES, HOLD, type DirectorProvider } from './director.js';
import { collectEpisodes } from './episodes.js';
import { bestAction, DEFAULT_Q, fitQ, qValue, type QSettings, type QTable } from './fqi.js';
import { learnedDirector } from './learned.js';
import { BARS_BINS, BINS, coarseCell, SHARE_BINS, UR_BINS } from './state.js';

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

/** Learns the exit policy on the entries before the split bar (see collectEpisodes, fitQ). */
export function trainPolicy(
  bars: readonly Bar[],
  entries: readonly Entry[],
  options: BacktestOptions,
  settings: PolicySettings = DEFAULT_POLICY_SETTINGS,
): TrainedPolicy {
  if (!(settings.split > 0 && settings.split < 1))
    throw new MlError('split', `split: ${settings.split} must be between 0 and 1 (e.g. 0.7)`);
  const splitIndex = Math.floor(bars.length * settings.split);
  const set = collectEpisodes(bars, entries, splitIndex, options, settings.seed, settings.passes);
  const perPass = set.episodes / settings.passes;
  if (perPass < MIN_EPISODES)
    throw new MlError(
      'entries',
      `entries: ${perPass} trades closed before the split bar (${splitIndex + 1}) to learn from; the policy needs at least ${MIN_EPISODES}. Use a rule with more entries (a shorter period), more bars, or a later --split`,
    );
  return {
    table: fitQ(set.transitions, settings.q),
    settings,
    splitIndex,
    episodes: Math.round(perPass),
    purged: Math.round(set.purged / settings.passes),
    transitions: set.transitions.action.length,
  };
}

/** The directors of a run: 'adaptive' (the regime matrix) and 'learned' (this table). */
export function policyDirectors(table: QTable | null): DirectorProvider {
  return (bars, name) => {
    if (name === 'adaptive') return adaptiveDirector(bars);
    if (name === 'learned' && table !== null) return learnedDirector(bars, table);
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
    { directors: policyDirectors(trained.table) },
  );
  return result.policies.map((p) => ({
    id: p.policy.id,
    label: p.policy.label,
    stats: p.stats,
    bootstrap: bootstrapTrades(p.trades, samples, trained.settings.seed),
  }));
}

export interface HeatCell {
  action: (typeof ACTION_NAMES)[number];
  /** max Q - Q(hold) in R (0 where Hold is best); NaN where nothing was learned. */
  advantage: number;
  samples: number;
}

/** The learned action over unrealised R (rows) x bars held (columns), at full size, from the coarse table. */
export interface HeatMap {
  rows: string[];
  columns: string[];
  cells: HeatCell[][];
}

const labels = (edges: readonly number[], unit: string): string[] =>
  Array.from({ length: edges.length + 1 }, (_, k) =>
    k === 0
      ? `<${edges[0]}${unit}`
      : k === edges.length
        ? `>=${edges[k - 1]}${unit}`
        : `${edges[k - 1]}..${edges[k]}${unit}`,
  );

export function heatMap(table: QTable, shareBin = SHARE_BINS - 1): HeatMap {
  const cells: HeatCell[][] = [];
  for (let u = UR_BINS - 1; u >= 0; u--) {
    const row: HeatCell[] = [];
    for (let b = 0; b < BARS_BINS; b++) {
      const c = coarseCell(u, b, shareBin);
      // A coarse-only lookup: the fine index is out of range on purpose, so qValue backs off.
      const noFine = -1;
      const hold = qValue(table, noFine, c, HOLD);
      const action = bestAction(table, noFine, c);
      const best = qValue(table, noFine, c, action);
      const samples = table.coarseN[c * 3] + table.coarseN[c * 3 + 1] + table.coarseN[c * 3 + 2];
      row.push({ action: ACTION_NAMES[action], advantage: Number.isNaN(hold) ? NaN : best - hold, samples });
    }
    cells.push(row);
  }
  return { rows: labels(BINS.unrealisedR, 'R').reverse(), columns: labels(BINS.barsHeld, ' bars'), cells };
}
