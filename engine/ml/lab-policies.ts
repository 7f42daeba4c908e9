import { BacktestError } from '../backtest/errors.js';
import type { GateColumns, GateProvider, ReversalGate } from './lab-gate.js';
import type { Bar, Side } from '../types.js';
import { MlError } from './errors.js';
import { DECIDE_BARS } from './features.js';
import { settingsWith, walkForwardReversal, type ReversalSettings } from './walk-forward.js';

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

/** The GateProvider that trains the model walk-forward: pass it as RunControl.gates. */
export const reversalGates: GateProvider = (
  bars: readonly Bar[],
  gate: ReversalGate,
  sides: { long: boolean; short: boolean },
): GateColumns => {
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
};
