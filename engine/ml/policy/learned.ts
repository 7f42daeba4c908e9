import type { Bar } from '../../types.js';
import { regimesBatch } from '../regimes.js';
import { LIQUIDATE, type Action, type ExitDirector, type ExitView } from './director.js';
import { MlError } from '../errors.js';
import { bestAction, type QTable } from './fqi.js';
import { cellsOf, REVERSAL_FEATURE } from './state.js';

/**
 * The episode's time limit: at this many bars held the environment closes what remains (in
 * training and in the lab alike), so every episode ends and Hold cannot be valued forever.
 */
export const MAX_BARS = 60;

/** The per-bar market state the policy reads beside the trade's own: ATR percentile and regime (causal). */
export interface MarketStates {
  atrPercentile: Float64Array;
  regime: Uint8Array;
}

const states = new WeakMap<readonly Bar[], MarketStates>();

export function marketStates(bars: readonly Bar[]): MarketStates {
  let s = states.get(bars);
  if (!s) {
    const atrPercentile = new Float64Array(bars.length);
    const regime = regimesBatch(bars, atrPercentile);
    states.set(bars, (s = { atrPercentile, regime }));
  }
  return s;
}

/**
 * The reversal probability of every bar (causal: bar i's from bars 0..i, NaN while warming up)
 * and the feature list of the model that gave it.
 */
export interface ReversalColumn {
  p: Float64Array;
  features: readonly string[];
}

/**
 * A director that chooses by `choose` from the state's cells, under the time limit. With a
 * reversal column the fine cell carries the probability's bin; without one, bin 0.
 */
export function cellDirector(
  bars: readonly Bar[],
  choose: (fine: number, coarse: number, v: ExitView) => Action,
  reversal: ReversalColumn | null = null,
): ExitDirector {
  const m = marketStates(bars);
  const p = reversal?.p ?? null;
  return (v) => {
    if (v.barsHeld >= MAX_BARS) return LIQUIDATE;
    const { fine, coarse } = cellsOf(v, m.atrPercentile[v.index], m.regime[v.index], p ? p[v.index] : NaN);
    return choose(fine, coarse, v);
  };
}

/**
 * Checks that `reversal` is what the table was learned with: a table that reads the reversal
 * probability needs a model of the same features; a table learned without one ignores a model
 * (returns null, so its cells stay the ones it learned).
 */
export function reversalFor(table: QTable, reversal: ReversalColumn | null): ReversalColumn | null {
  const wanted = table.stateFeatures.includes(REVERSAL_FEATURE);
  if (!wanted) return null;
  const want = (table.reversalFeatures ?? []).join(', ');
  if (reversal === null)
    throw new MlError(
      'policy',
      `policy: it was learned with the reversal probability of a model on the features ${want}; give that reversal model too (or learn the policy without --reversal)`,
    );
  if (reversal.features.join(', ') !== want)
    throw new MlError(
      'policy',
      `policy: it was learned with a reversal model on the features ${want}, and the model given reads ${reversal.features.join(', ')}; give the model it was learned with, or learn the policy again`,
    );
  return reversal;
}

/** The learned policy as a director: the best known action of the state's cell. */
export function learnedDirector(
  bars: readonly Bar[],
  table: QTable,
  reversal: ReversalColumn | null = null,
): ExitDirector {
  return cellDirector(bars, (fine, coarse) => bestAction(table, fine, coarse), reversalFor(table, reversal));
}
