import { adaptiveAction } from './adaptive.js';
import { HOLD, LIQUIDATE } from './director.js';
import { bestAction, qValue, type QTable } from './fqi.js';
import { MAX_BARS } from './learned.js';
import type { Chooser } from './policy-trade.js';
import { cellsOf, REVERSAL_FEATURE } from './state.js';

const UNVALUED: [number, number, number] = [NaN, NaN, NaN];

/**
 * The learned table as a live chooser: the same cells, back-off and ties as learnedDirector,
 * with each action's Q (R to come, net of costs) for the advantage over Hold. The reversal
 * probability enters only when the table was learned with it (as reversalFor decides).
 */
export function learnedChooser(table: QTable): Chooser {
  const readsReversal = table.stateFeatures.includes(REVERSAL_FEATURE);
  return (v, m) => {
    if (v.barsHeld >= MAX_BARS) return { action: LIQUIDATE, q: UNVALUED };
    const { fine, coarse } = cellsOf(v, m.atrPercentile, m.regime, readsReversal ? m.reversalP : NaN);
    return {
      action: bestAction(table, fine, coarse),
      q: [qValue(table, fine, coarse, 0), qValue(table, fine, coarse, 1), qValue(table, fine, coarse, 2)],
    };
  };
}

/** The regime matrix as a live chooser (adaptive.ts); it has no values, so no advantage. */
export const adaptiveChooser: Chooser = (v, m) => ({ action: adaptiveAction(m.regime, v), q: UNVALUED });

/** Q(action) - Q(hold) in R; 0 for Hold itself; NaN where either is not valued. */
export function advantageOverHold(q: readonly number[], action: number): number {
  return action === HOLD ? (Number.isNaN(q[HOLD]) ? NaN : 0) : q[action] - q[HOLD];
}
