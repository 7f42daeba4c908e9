import { MlError } from '../errors.js';
import type { CostSpec } from '../../backtest/types.js';
import type { Bar } from '../../types.js';
import { ACTION_NAMES } from './director.js';
import type { QTable } from './fqi.js';
import type { TrainedPolicy } from './learn.js';
import { MAX_BARS } from './learned.js';
import { BINS, COARSE_CELLS, FINE_CELLS, STATE_FEATURES } from './state.js';

export const POLICY_FORMAT = 'exitplan-exit-policy';
export const POLICY_VERSION = 1;

/** The saved policy: versioned, with its state features, bins, settings and the table. */
export interface ExitPolicyFile {
  format: typeof POLICY_FORMAT;
  version: number;
  stateFeatures: string[];
  bins: Record<string, readonly number[]>;
  actions: string[];
  maxBars: number;
  settings: TrainedPolicy['settings'];
  costs: CostSpec;
  trainedOn: { firstTime: number; lastTime: number; episodes: number; transitions: number };
  table: { fineQ: number[]; fineN: number[]; coarseQ: number[]; coarseN: number[] };
}

const round = (x: number): number => Math.round(x * 1e9) / 1e9;

export function buildPolicyFile(
  bars: readonly Bar[],
  trained: TrainedPolicy,
  costs: CostSpec,
): ExitPolicyFile {
  const t = trained.table;
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    stateFeatures: [...STATE_FEATURES],
    bins: BINS,
    actions: [...ACTION_NAMES],
    maxBars: MAX_BARS,
    settings: trained.settings,
    costs,
    trainedOn: {
      firstTime: bars[0].time,
      lastTime: bars[trained.splitIndex - 1].time,
      episodes: trained.episodes,
      transitions: trained.transitions,
    },
    table: {
      fineQ: Array.from(t.fineQ, round),
      fineN: Array.from(t.fineN),
      coarseQ: Array.from(t.coarseQ, round),
      coarseN: Array.from(t.coarseN),
    },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Reads a policy file back; another format, version, state or binning is refused by name. */
export function loadPolicyFile(text: string): QTable {
  let f: Partial<ExitPolicyFile>;
  try {
    f = JSON.parse(text) as Partial<ExitPolicyFile>;
  } catch {
    throw new MlError(
      'policy',
      'policy: the file is not JSON; give a file written by exitplan learn policy --out',
    );
  }
  if (f.format !== POLICY_FORMAT)
    throw new MlError(
      'policy',
      `policy: format "${String(f.format)}" is not an exit policy (${POLICY_FORMAT}); a reversal model goes to learn reversal`,
    );
  if (f.version !== POLICY_VERSION)
    throw new MlError(
      'policy',
      `policy: version ${String(f.version)} cannot be read by this build (version ${POLICY_VERSION}); learn the policy again`,
    );
  if (!same(f.stateFeatures, STATE_FEATURES) || !same(f.bins, BINS) || f.maxBars !== MAX_BARS)
    throw new MlError(
      'policy',
      `policy: the file's state (${(f.stateFeatures ?? []).join(', ')}) or its bins differ from this build's (${STATE_FEATURES.join(', ')}); learn the policy again`,
    );
  const t = f.table;
  if (!t || t.fineQ.length !== FINE_CELLS * 3 || t.coarseQ.length !== COARSE_CELLS * 3 || !f.settings)
    throw new MlError('policy', 'policy: the table is incomplete; learn the policy again');
  return {
    fineQ: Float64Array.from(t.fineQ),
    fineN: Int32Array.from(t.fineN),
    coarseQ: Float64Array.from(t.coarseQ),
    coarseN: Int32Array.from(t.coarseN),
    settings: f.settings.q,
    iterations: 0,
  };
}
