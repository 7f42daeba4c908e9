import type { Side } from '../types.js';
import type { PolicyRef } from './policy-ref.js';

/** Where the initial stop goes. */
export type StopSpec =
  | { kind: 'price'; price: number }
  | { kind: 'percent'; percent: number }
  | { kind: 'atr'; period: number; multiple: number };

/** How the stop trails once active. `activateAfterLeg` 0 = from the entry bar. */
export type TrailSpec =
  | { kind: 'none' }
  | { kind: 'atr'; period: number; multiple: number; activateAfterLeg: number }
  | { kind: 'chandelier'; lookback: number; atrPeriod: number; multiple: number; activateAfterLeg: number };

/** Where one ladder leg takes profit. */
export type TargetSpec =
  | { kind: 'r'; multiple: number }
  | { kind: 'fib'; ratio: number }
  | { kind: 'atr'; multiple: number; period: number }
  | { kind: 'percent'; percent: number }
  | { kind: 'price'; price: number };

export interface LegSpec {
  target: TargetSpec;
  /** Percent of the original position, 0 < share <= 100. */
  share: number;
}

/** Move the stop to entry (+ offset, e.g. fees) once leg `afterLeg` (1-based) has filled. */
export interface BreakevenSpec {
  afterLeg: number;
  /** Extra distance in the trade's favour, in price units. */
  offset: number;
  /** Add the round-trip fees per unit to the offset. */
  plusFees: boolean;
}

/** RSI beyond a threshold together with price at or beyond the Bollinger band. */
export interface ExhaustionSpec {
  rsiPeriod: number;
  /** Long positions: RSI >= overbought. */
  overbought: number;
  /** Short positions: RSI <= oversold. */
  oversold: number;
  bbPeriod: number;
  bbK: number;
  /** Percent of the original position the suggestion takes off. */
  takeShare: number;
  /** Execute the suggestion at the signal bar's close (backtests) instead of only marking it. */
  act: boolean;
}

/** Flag a trade that has not filled its first leg or made `minProgressR` after `bars` bars. */
export interface DecaySpec {
  bars: number;
  minProgressR: number;
  /** Exit the remainder at the flag bar's close instead of only flagging it. */
  act: boolean;
}

export interface FeeSpec {
  /** Fixed amount per unit filled. */
  perUnit: number;
  /** Basis points of the fill's notional. */
  bps: number;
  /** Fixed amount per fill. */
  perFill: number;
}

/** A swing used to anchor Fibonacci extensions; found by the engine when absent. */
export interface SwingSpec {
  low: number;
  high: number;
}

export interface PlanSpec {
  side: Side;
  entry: number;
  /** UNIX seconds; the bar at or after it is the entry bar. Absent: the last bar known when the plan is loaded. */
  entryTime?: number;
  /** Units; default 1. */
  size: number;
  stop: StopSpec;
  ladder: LegSpec[];
  trail: TrailSpec;
  breakeven: BreakevenSpec | null;
  exhaustion: ExhaustionSpec | null;
  decay: DecaySpec | null;
  fees: FeeSpec;
  swing: SwingSpec | null;
  /** Who directs the exits at each close beyond the levels (policy-ref.ts); absent: the plan alone. */
  policy?: PolicyRef;
}
