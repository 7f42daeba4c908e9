import type { PolicyDef } from '../../backtest/types.js';
import type { Bar, Side } from '../../types.js';

/**
 * Exit directors: policies that decide at each bar's close of an open trade whether to Hold,
 * Sell 25% of the original size, or Liquidate what remains. The backtest (trade-run.ts) asks
 * the director after the Position has played the bar (stop, trail) and carries the answer out
 * through the same Position: a sell is the plan's exhaustion slot (25%, at this close,
 * slipped and charged like any market order), a liquidation is Position.closeAt at this
 * close. So every fill follows the engine's one bar-playing rule and pays the lab's costs.
 *
 * This file is light on purpose (the backtest imports it); the learner comes in through a
 * DirectorProvider in RunControl, as the reversal model does through GateProvider.
 */
export const HOLD = 0;
export const SELL = 1;
export const LIQUIDATE = 2;
export type Action = typeof HOLD | typeof SELL | typeof LIQUIDATE;
export const ACTION_NAMES = ['hold', 'sell25', 'liquidate'] as const;

/** What a director reads at the close of bar `index` of an open trade (one object, refilled). */
export interface ExitView {
  side: Side;
  entryIndex: number;
  index: number;
  /** index - entryIndex. */
  barsHeld: number;
  /** direction x (close - entry) / risk per unit. */
  unrealisedR: number;
  /** remaining / size opened (1, 0.75, 0.5, 0.25). */
  openShare: number;
  /** direction x (close - stop in force) / risk per unit. */
  stopDistanceR: number;
  /** Maximum favourable excursion so far, in R. */
  mfeR: number;
  /** The plan's exhaustion rule fired on this close (its rising edge). */
  exhaustionEdge: boolean;
}

export type ExitDirector = (view: ExitView) => Action;

/** Makes the director of a policy for a run: policyDirectors (engine/ml/policy/provider.ts) in the CLI. */
export type DirectorProvider = (bars: readonly Bar[], name: string) => ExitDirector;

/**
 * The plan every director policy runs on: the shared 2 x ATR14 stop (one R is the same money
 * as in the static policies), a relaxed 3 x ATR14 trail (what the trending regime answers
 * with), and the exhaustion slot at 25% and acting, which only the director fires.
 */
const BASE = {
  stop: 'atr14x2',
  trail: 'atr14x3',
  exhaustion: 'rsi14>70<30,bb20x2,take25,act',
} as const;

// Built in a pure function: a spread at the top level would keep it in bundles that never use it.
export const DIRECTOR_POLICIES: readonly PolicyDef[] = /* @__PURE__ */ (() => [
  {
    id: 'adaptive',
    label:
      'Adaptive by regime: trail in trends, snipe exhaustion near resistance, flash exit on a shift, decay when quiet',
    ...BASE,
    director: 'adaptive',
  },
  {
    id: 'learned',
    label: 'Learned exit policy (Hold / Sell 25% / Liquidate), fitted Q-iteration',
    ...BASE,
    director: 'learned',
  },
])();
