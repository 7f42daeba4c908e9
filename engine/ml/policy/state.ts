import type { ExitView } from './director.js';

/**
 * The exit policy's state, discretised. A tabular state (rather than the GBDT as a regressor:
 * engine/ml/gbdt.ts fits log loss for a binary label and has no squared-error objective) keeps
 * the learner exact, deterministic and fast, and makes the learned table itself the heat map a
 * trader reads. Two resolutions: the fine cell (every feature) and the coarse cell (unrealised
 * R x bars held x share open); a fine cell with too few samples backs off to its coarse cell.
 */
export const STATE_FEATURES = [
  'unrealisedR',
  'barsHeld',
  'openShare',
  'atrPercentile',
  'regime',
  'stopDistanceR',
] as const;

/**
 * The optional seventh feature: the reversal model's probability at this close, where a
 * reversal model is given (engine/ml/stream.ts, model-file.ts). Without a model its bin is 0
 * ("no model"), so a policy learned without one reads the same cells as before.
 */
export const REVERSAL_FEATURE = 'reversalP';

/** The state features of a policy learned with or without a reversal model, as its file records them. */
export const stateFeatures = (withReversal: boolean): string[] =>
  withReversal ? [...STATE_FEATURES, REVERSAL_FEATURE] : [...STATE_FEATURES];

/** Bin edges: a value falls in bin k when k edges are at or below it. */
export const BINS = {
  unrealisedR: [-0.5, 0, 0.5, 1, 1.5, 2, 3],
  barsHeld: [3, 6, 10, 20, 40],
  /** openShare: 0.25, 0.5, 0.75, 1 -> bins 0..3. */
  openShare: [0.375, 0.625, 0.875],
  atrPercentile: [1 / 3, 2 / 3],
  /** regime: the code itself (engine/ml/regimes.ts REGIMES), 5 values. */
  regime: [1, 2, 3, 4],
  stopDistanceR: [0.5],
  /** reversalP: bin 0 is "no model / warming up"; p < 0.5, 0.5..0.7, >= 0.7 are bins 1..3 (0.7: the ML filter's threshold). */
  reversalP: [0.5, 0.7],
} as const;

export const UR_BINS = BINS.unrealisedR.length + 1;
export const BARS_BINS = BINS.barsHeld.length + 1;
export const SHARE_BINS = BINS.openShare.length + 1;
export const ATR_BINS = BINS.atrPercentile.length + 1;
export const REGIME_BINS = BINS.regime.length + 1;
export const STOP_BINS = BINS.stopDistanceR.length + 1;
export const REVERSAL_BINS = BINS.reversalP.length + 2;
export const COARSE_CELLS = UR_BINS * BARS_BINS * SHARE_BINS;
/** Fine cells per coarse cell, laid out ATR-major (see cellsOf). */
export const FINE_PER_COARSE = ATR_BINS * REGIME_BINS * STOP_BINS * REVERSAL_BINS;
export const FINE_CELLS = COARSE_CELLS * FINE_PER_COARSE;

export function bin(x: number, edges: readonly number[]): number {
  let k = 0;
  while (k < edges.length && x >= edges[k]) k++;
  return k;
}

export const coarseCell = (urBin: number, barsBin: number, shareBin: number): number =>
  (urBin * BARS_BINS + barsBin) * SHARE_BINS + shareBin;

/**
 * The coarse and fine cells of a view, given the bar's ATR percentile (NaN: the middle bin),
 * regime and reversal probability (NaN: no model, or its features warming up: bin 0).
 */
export function cellsOf(
  v: ExitView,
  atrPercentile: number,
  regime: number,
  reversalP = NaN,
): { coarse: number; fine: number } {
  const coarse = coarseCell(
    bin(v.unrealisedR, BINS.unrealisedR),
    bin(v.barsHeld, BINS.barsHeld),
    bin(v.openShare, BINS.openShare),
  );
  const atr = Number.isFinite(atrPercentile) ? bin(atrPercentile, BINS.atrPercentile) : 1;
  const stop = bin(v.stopDistanceR, BINS.stopDistanceR);
  const rev = Number.isFinite(reversalP) ? 1 + bin(reversalP, BINS.reversalP) : 0;
  const fine = (((coarse * ATR_BINS + atr) * REGIME_BINS + regime) * STOP_BINS + stop) * REVERSAL_BINS + rev;
  return { coarse, fine };
}
