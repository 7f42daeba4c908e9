import type { Bar } from '../../types.js';
import { regimesBatch } from '../regimes.js';
import { LIQUIDATE, type Action, type ExitDirector, type ExitView } from './director.js';
import { bestAction, type QTable } from './fqi.js';
import { cellsOf } from './state.js';

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

/** A director that chooses by `choose` from the state's cells, under the time limit. */
export function cellDirector(
  bars: readonly Bar[],
  choose: (fine: number, coarse: number, v: ExitView) => Action,
): ExitDirector {
  const m = marketStates(bars);
  return (v) => {
    if (v.barsHeld >= MAX_BARS) return LIQUIDATE;
    const { fine, coarse } = cellsOf(v, m.atrPercentile[v.index], m.regime[v.index]);
    return choose(fine, coarse, v);
  };
}

/** The learned policy as a director: the best known action of the state's cell. */
export function learnedDirector(bars: readonly Bar[], table: QTable): ExitDirector {
  return cellDirector(bars, (fine, coarse) => bestAction(table, fine, coarse));
}
