import { MlError } from '../errors.js';
import type { CostSpec } from '../../backtest/types.js';
import type { Bar } from '../../types.js';
import { ACTION_NAMES } from './director.js';
import type { QTable } from './fqi.js';
import type { TrainedPolicy } from './learn.js';
import { MAX_BARS } from './learned.js';
import { BINS, COARSE_CELLS, FINE_CELLS, REVERSAL_FEATURE, stateFeatures } from './state.js';

export const POLICY_FORMAT = 'exitplan-exit-policy';
/** 2: sparse tables, the reversal bin in the fine cell, the reversal model's feature list. */
export const POLICY_VERSION = 2;

/** One table, sparse: the (cell x 3 + action) slots with samples, their Q and sample counts. */
export interface SparseTable {
  slot: number[];
  q: number[];
  n: number[];
}

/** The saved policy: versioned, with its state features, bins, settings and the table. */
export interface ExitPolicyFile {
  format: typeof POLICY_FORMAT;
  version: number;
  /** The state it reads (state.ts); `reversalP` means it needs a reversal model on `reversalFeatures`. */
  stateFeatures: string[];
  reversalFeatures: string[] | null;
  bins: Record<string, readonly number[]>;
  actions: string[];
  maxBars: number;
  settings: TrainedPolicy['settings'];
  costs: CostSpec;
  trainedOn: { firstTime: number; lastTime: number; episodes: number; transitions: number };
  table: { fine: SparseTable; coarse: SparseTable };
}

const round = (x: number): number => Math.round(x * 1e9) / 1e9;

function sparse(q: Float64Array, n: Int32Array): SparseTable {
  const out: SparseTable = { slot: [], q: [], n: [] };
  for (let k = 0; k < n.length; k++) {
    if (n[k] === 0) continue;
    out.slot.push(k);
    out.q.push(round(q[k]));
    out.n.push(n[k]);
  }
  return out;
}

export function buildPolicyFile(
  bars: readonly Bar[],
  trained: TrainedPolicy,
  costs: CostSpec,
): ExitPolicyFile {
  const t = trained.table;
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    stateFeatures: [...t.stateFeatures],
    reversalFeatures: t.reversalFeatures === null ? null : [...t.reversalFeatures],
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
    table: { fine: sparse(t.fineQ, t.fineN), coarse: sparse(t.coarseQ, t.coarseN) },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const fail = (message: string): never => {
  throw new MlError('policy', `policy: ${message}`);
};

function dense(t: SparseTable | undefined, size: number, which: string): [Float64Array, Int32Array] {
  const q = new Float64Array(size);
  const n = new Int32Array(size);
  const ok =
    t !== undefined &&
    Array.isArray(t.slot) &&
    Array.isArray(t.q) &&
    Array.isArray(t.n) &&
    t.slot.length === t.q.length &&
    t.slot.length === t.n.length;
  if (!ok)
    return fail(
      `the ${which} table is incomplete (slot, q and n lists of one length); learn the policy again`,
    );
  for (let k = 0; k < t.slot.length; k++) {
    const slot = t.slot[k];
    if (!Number.isInteger(slot) || slot < 0 || slot >= size || !Number.isFinite(t.q[k]) || !(t.n[k] >= 1))
      fail(
        `the ${which} table's entry ${k + 1} (slot ${String(slot)}) is not a cell of this state; learn the policy again`,
      );
    q[slot] = t.q[k];
    n[slot] = t.n[k];
  }
  return [q, n];
}

/**
 * Reads a policy file back; another format, version, state or binning is refused by name.
 * The reversal model a `reversalP` policy needs is checked where the model is given
 * (learned.ts reversalFor).
 */
export function loadPolicyFile(text: string): QTable {
  let f: Partial<ExitPolicyFile>;
  try {
    f = JSON.parse(text) as Partial<ExitPolicyFile>;
  } catch {
    return fail('the file is not JSON; give a file written by exitplan learn policy --out');
  }
  if (f === null || typeof f !== 'object')
    return fail('the file is not a policy object; give a file written by exitplan learn policy --out');
  if (f.format !== POLICY_FORMAT)
    fail(
      `format "${String(f.format)}" is not an exit policy (${POLICY_FORMAT}); a reversal model goes to learn reversal`,
    );
  if (f.version !== POLICY_VERSION)
    fail(
      `version ${String(f.version)} cannot be read by this build (version ${POLICY_VERSION}); learn the policy again`,
    );
  const withReversal = Array.isArray(f.stateFeatures) && f.stateFeatures.includes(REVERSAL_FEATURE);
  const ours = stateFeatures(withReversal);
  if (!same(f.stateFeatures, ours) || !same(f.bins, BINS) || f.maxBars !== MAX_BARS)
    fail(
      `the file's state (${Array.isArray(f.stateFeatures) ? f.stateFeatures.join(', ') : 'none listed'}) or its bins differ from this build's (${ours.join(', ')}); learn the policy again`,
    );
  const rf = f.reversalFeatures;
  if (withReversal && !(Array.isArray(rf) && rf.length > 0 && rf.every((x) => typeof x === 'string')))
    fail(
      "it reads the reversal probability but does not list the reversal model's features; learn the policy again",
    );
  if (!f.settings || !f.table) return fail('the settings or the table are missing; learn the policy again');
  const [fineQ, fineN] = dense(f.table.fine, FINE_CELLS * 3, 'fine');
  const [coarseQ, coarseN] = dense(f.table.coarse, COARSE_CELLS * 3, 'coarse');
  return {
    fineQ,
    fineN,
    coarseQ,
    coarseN,
    settings: f.settings.q,
    iterations: 0,
    stateFeatures: ours,
    reversalFeatures: withReversal ? [...(rf as string[])] : null,
  };
}
