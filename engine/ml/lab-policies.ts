import { BacktestError } from '../backtest/errors.js';
import type { PolicyDef } from '../backtest/types.js';
import type { Bar, Side } from '../types.js';
import { MlError } from './errors.js';
import { DECIDE_BARS } from './features.js';
import { settingsWith, walkForwardReversal, type ReversalSettings } from './walk-forward.js';

/**
 * The lab policies that use the reversal model. The model is trained walk-forward inside the
 * backtest (walk-forward.ts): the probability a trade reads at bar i comes from a model trained
 * on labels decided before bar i (minus the embargo), so no trade is ever scored by a model that
 * saw it. The probability plugs into the exhaustion slot of the plan: the Position takes the
 * plan's exhaustion share at the close of a bar where the gate opens (on its rising edge, as it
 * does for the rule), so fills, costs and slippage follow the engine's one bar-playing rule.
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

/**
 * The lab's walk-forward settings: the CLI's defaults, retraining every 500 bars on daily (or
 * slower) bars and every 5,000 on intraday bars, judged from the first bars only so the schedule
 * never depends on the file's length.
 */
export function labSettings(bars: readonly Bar[], side: Side): ReversalSettings {
  return settingsWith({ side, retrainEvery: defaultRetrainEvery(bars) });
}

export function defaultRetrainEvery(bars: readonly Bar[]): number {
  const m = Math.min(bars.length, DECIDE_BARS);
  const steps: number[] = [];
  for (let i = 1; i < m; i++) steps.push(bars[i].time - bars[i - 1].time);
  steps.sort((a, b) => a - b);
  const step = steps.length > 0 ? steps[steps.length >> 1] : 0;
  return step >= 86_400 ? 500 : 5000;
}

/** Per bars array and side, the walk-forward probabilities (shared by every gated policy of a run). */
const probabilities = new WeakMap<readonly Bar[], Map<Side, Float64Array>>();

/** The out-of-sample p(reversal) of every bar for `side` (NaN where no model scored it). */
export function labProbabilities(bars: readonly Bar[], side: Side): Float64Array {
  let bySide = probabilities.get(bars);
  if (!bySide) probabilities.set(bars, (bySide = new Map()));
  let p = bySide.get(side);
  if (!p) {
    p = walkForwardReversal(bars, labSettings(bars, side), { baselines: false }).p;
    bySide.set(side, p);
  }
  return p;
}

/** What a trade run reads per bar: whether the gate is open, per side (null: no entries on that side). */
export interface GateColumns {
  mode: ReversalGate['mode'];
  long: Uint8Array | null;
  short: Uint8Array | null;
}

export function gateColumns(
  bars: readonly Bar[],
  gate: ReversalGate,
  sides: { long: boolean; short: boolean },
): GateColumns {
  const open = (side: Side): Uint8Array => {
    let p: Float64Array;
    try {
      p = labProbabilities(bars, side);
    } catch (e) {
      if (e instanceof MlError)
        throw new BacktestError('policies', `policies: the reversal model for ${side} trades: ${e.message}`);
      throw e;
    }
    return Uint8Array.from(p, (v) => (v > gate.threshold ? 1 : 0));
  };
  return {
    mode: gate.mode,
    long: sides.long ? open('long') : null,
    short: sides.short ? open('short') : null,
  };
}

/** The signal a gated policy acts on at bar i, given the exhaustion rule's own. */
export function gatedSignal(gate: GateColumns, side: Side, i: number, rule: boolean): boolean {
  const column = side === 'long' ? gate.long : gate.short;
  const open = column !== null && column[i] === 1;
  return gate.mode === 'replace' ? open : rule && open;
}
