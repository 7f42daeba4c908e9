import type { PolicyDef } from '../backtest/types.js';
import type { Bar, Side } from '../types.js';
import type { TradeState } from './trade-state.js';

/**
 * The lab policies that use the reversal model. The model is trained walk-forward inside the
 * backtest (walk-forward.ts): the probability a trade reads at bar i comes from a model trained
 * on labels decided before bar i (minus the embargo), so no trade is ever scored by a model that
 * saw it. The probability plugs into the exhaustion slot of the plan: the Position takes the
 * plan's exhaustion share at the close of a bar where the gate opens (on its rising edge, as it
 * does for the rule), so fills, costs and slippage follow the engine's one bar-playing rule.
 *
 * This file is light on purpose (the backtest imports it): the model itself comes in through a
 * GateProvider in RunControl, so a bundle that never runs an ML policy (the lab view's worker)
 * does not carry the learner.
 */
export interface ReversalGate {
  /** 'replace': the model alone fires the slice; 'and': the exhaustion rule fires it only when the model confirms. */
  mode: 'replace' | 'and';
  /** p(reversal) above this opens the gate. */
  threshold: number;
}

const STOP = 'atr14x2';
const LADDER = '1R:25,2R:25,3R:50';

export const ML_POLICIES: readonly PolicyDef[] = [
  {
    id: 'ml-filter',
    label: 'Ladder 25/25/50 + 33% off when p(reversal) > 0.7',
    stop: STOP,
    ladder: LADDER,
    exhaustion: 'rsi14>70<30,bb20x2,take33,act',
    gate: { mode: 'replace', threshold: 0.7 },
  },
  {
    id: 'exhaustion+ml',
    label: 'Ladder + exhaustion slice (25%) only when p(reversal) > 0.7',
    stop: STOP,
    ladder: LADDER,
    exhaustion: 'rsi14>70<30,bb20x2,take25,act',
    gate: { mode: 'and', threshold: 0.7 },
  },
  {
    id: 'ml-2r',
    label: '2R target + 33% off whenever p(reversal) > 0.7',
    stop: STOP,
    ladder: '2R:100',
    exhaustion: 'rsi14>70<30,bb20x2,take33,act',
    gate: { mode: 'replace', threshold: 0.7 },
  },
];

/** p(reversal) at bar i for a trade in `state` (NaN where no model scores bar i). */
export type TradeScorer = (i: number, state: TradeState) => number;

/**
 * What a trade run reads per bar: whether the gate is open, per side (null: no entries on that
 * side). With a model that reads the trade state, `trade` scores each trade's own state at
 * each bar instead (the columns then hold the virtual trade's, for reports).
 */
export interface GateColumns {
  mode: ReversalGate['mode'];
  threshold: number;
  long: Uint8Array | null;
  short: Uint8Array | null;
  trade: { long: TradeScorer | null; short: TradeScorer | null } | null;
}

/** Computes a gated policy's columns for a run: reversalGates (lab-policies.ts) in the CLI. */
export type GateProvider = (
  bars: readonly Bar[],
  gate: ReversalGate,
  sides: { long: boolean; short: boolean },
) => GateColumns;

/** The signal a gated policy acts on at bar i, given the exhaustion rule's own and the trade's state. */
export function gatedSignal(
  gate: GateColumns,
  side: Side,
  i: number,
  rule: boolean,
  state: TradeState,
): boolean {
  const scorer = gate.trade === null ? null : side === 'long' ? gate.trade.long : gate.trade.short;
  let open: boolean;
  if (scorer !== null) open = scorer(i, state) > gate.threshold;
  else {
    const column = side === 'long' ? gate.long : gate.short;
    open = column !== null && column[i] === 1;
  }
  return gate.mode === 'replace' ? open : rule && open;
}
