import { HOLD, LIQUIDATE, SELL, type Action } from './director.js';
import { COARSE_CELLS, FINE_CELLS, stateFeatures } from './state.js';

/** One step of an episode: state s (its cells), action a, reward r in R, next state (-1: terminal). */
export interface Transitions {
  fine: number[];
  coarse: number[];
  action: number[];
  reward: number[];
  nextFine: number[];
  nextCoarse: number[];
}

export const emptyTransitions = (): Transitions => ({
  fine: [],
  coarse: [],
  action: [],
  reward: [],
  nextFine: [],
  nextCoarse: [],
});

export interface QSettings {
  /** A fine cell's estimate is used from this many samples of the action on; else the coarse cell's. */
  minFine: number;
  /** The coarse estimate is used from this many samples; below it the action is unknown there. */
  minCoarse: number;
  iterations: number;
}

export const DEFAULT_Q: QSettings = { minFine: 20, minCoarse: 5, iterations: 60 };

/** Q(s, a) by cell (3 actions per cell) with the number of samples behind each. */
export interface QTable {
  fineQ: Float64Array;
  fineN: Int32Array;
  coarseQ: Float64Array;
  coarseN: Int32Array;
  settings: QSettings;
  /** Iterations run until the values stopped changing (or settings.iterations). */
  iterations: number;
  /** The state features it was learned on (state.ts): with `reversalP` it needs a reversal model's column. */
  stateFeatures: string[];
  /** That reversal model's own feature list (engine/ml/features.ts), null without one. */
  reversalFeatures: string[] | null;
}

/** Q of action a in a state, backing off from the fine to the coarse cell; NaN when unknown. */
export function qValue(t: QTable, fine: number, coarse: number, a: number): number {
  if (t.fineN[fine * 3 + a] >= t.settings.minFine) return t.fineQ[fine * 3 + a];
  if (t.coarseN[coarse * 3 + a] >= t.settings.minCoarse) return t.coarseQ[coarse * 3 + a];
  return NaN;
}

/** The best known action (ties and the unknown go to Hold: the policy acts only where it has learned to). */
export function bestAction(t: QTable, fine: number, coarse: number): Action {
  const hold = qValue(t, fine, coarse, HOLD);
  let best: Action = HOLD;
  let value = Number.isNaN(hold) ? -Infinity : hold;
  for (const a of [SELL, LIQUIDATE] as const) {
    const q = qValue(t, fine, coarse, a);
    if (q > value) {
      value = q;
      best = a;
    }
  }
  return best;
}

function stateValue(t: QTable, fine: number, coarse: number): number {
  let v = -Infinity;
  for (let a = 0; a < 3; a++) {
    const q = qValue(t, fine, coarse, a);
    if (q > v) v = q;
  }
  // Every logged state carries a liquidation sample (its counterfactual): the coarse mean is there.
  if (v === -Infinity) v = t.coarseN[coarse * 3 + LIQUIDATE] > 0 ? t.coarseQ[coarse * 3 + LIQUIDATE] : 0;
  return v;
}

/**
 * Fitted Q-iteration on the table: y = r + max_a' Q(s', a') (undiscounted: every episode
 * ends, at the stop, the time limit or the data's end), Q(s, a) = mean y over the samples in
 * the cell, repeated until no value moves by more than 1e-9 R. Deterministic: no random draw.
 */
export function fitQ(tr: Transitions, settings: QSettings = DEFAULT_Q): QTable {
  const m = tr.action.length;
  const t: QTable = {
    fineQ: new Float64Array(FINE_CELLS * 3),
    fineN: new Int32Array(FINE_CELLS * 3),
    coarseQ: new Float64Array(COARSE_CELLS * 3),
    coarseN: new Int32Array(COARSE_CELLS * 3),
    settings,
    iterations: 0,
    stateFeatures: stateFeatures(false),
    reversalFeatures: null,
  };
  for (let j = 0; j < m; j++) {
    t.fineN[tr.fine[j] * 3 + tr.action[j]]++;
    t.coarseN[tr.coarse[j] * 3 + tr.action[j]]++;
  }
  const fineSum = new Float64Array(t.fineQ.length);
  const coarseSum = new Float64Array(t.coarseQ.length);
  for (let it = 0; it < settings.iterations; it++) {
    fineSum.fill(0);
    coarseSum.fill(0);
    for (let j = 0; j < m; j++) {
      const next = tr.nextFine[j] < 0 ? 0 : stateValue(t, tr.nextFine[j], tr.nextCoarse[j]);
      const y = tr.reward[j] + next;
      fineSum[tr.fine[j] * 3 + tr.action[j]] += y;
      coarseSum[tr.coarse[j] * 3 + tr.action[j]] += y;
    }
    let moved = 0;
    for (let k = 0; k < fineSum.length; k++) {
      if (t.fineN[k] === 0) continue;
      const q = fineSum[k] / t.fineN[k];
      moved = Math.max(moved, Math.abs(q - t.fineQ[k]));
      t.fineQ[k] = q;
    }
    for (let k = 0; k < coarseSum.length; k++) {
      if (t.coarseN[k] === 0) continue;
      const q = coarseSum[k] / t.coarseN[k];
      moved = Math.max(moved, Math.abs(q - t.coarseQ[k]));
      t.coarseQ[k] = q;
    }
    t.iterations = it + 1;
    if (moved < 1e-9) break;
  }
  return t;
}
