import type { Bar } from '../../types.js';
import { regimesBatch } from '../regimes.js';
import { HOLD, LIQUIDATE, SELL, type Action, type ExitDirector, type ExitView } from './director.js';

/** Temporal decay of the quiet regime: this many bars held with less than DECAY_MIN_R of MFE. */
export const DECAY_BARS = 20;
export const DECAY_MIN_R = 0.5;

/**
 * The adaptive policy: the regime response matrix (engine/ml/regimes.ts RESPONSE_MATRIX) as
 * an exit director. The regime of bar i is computed causally over the whole series once.
 * - trending: hold (the plan's relaxed 3 x ATR trail does the work);
 * - resistance: sell 25% when the plan's exhaustion rule fires (sniping the exhaustion);
 * - shift: liquidate at this close (the flash exit);
 * - quiet: liquidate after DECAY_BARS bars without DECAY_MIN_R of progress (temporal decay);
 * - none: hold.
 */
export function adaptiveDirector(bars: readonly Bar[]): ExitDirector {
  const regime = regimesBatch(bars);
  return (v) => adaptiveAction(regime[v.index], v);
}

/** The matrix's answer at one close, given the bar's regime code. */
export function adaptiveAction(regime: number, v: Readonly<ExitView>): Action {
  switch (regime) {
    case 2:
      return v.exhaustionEdge ? SELL : HOLD;
    case 3:
      return LIQUIDATE;
    case 4:
      return v.barsHeld >= DECAY_BARS && v.mfeR < DECAY_MIN_R ? LIQUIDATE : HOLD;
    default:
      return HOLD;
  }
}
