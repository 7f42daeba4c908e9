import { BacktestError } from '../backtest/errors.js';
import type { GateColumns, GateProvider, ReversalGate, TradeScorer } from './lab-gate.js';
import type { Bar, Side } from '../types.js';
import { MlError } from './errors.js';
import { DECIDE_BARS } from './features.js';
import { TRADE_FEATURES, writeTradeState, type TradeState } from './trade-state.js';
import {
  settingsWith,
  walkForwardReversal,
  type ReversalRun,
  type ReversalSettings,
} from './walk-forward.js';

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

/** Per bars array and side, the walk-forward run (shared by every gated policy of a run). */
const runs = new WeakMap<readonly Bar[], Map<Side, ReversalRun>>();

function labRun(bars: readonly Bar[], side: Side): ReversalRun {
  let bySide = runs.get(bars);
  if (!bySide) runs.set(bars, (bySide = new Map()));
  let run = bySide.get(side);
  if (!run) {
    run = walkForwardReversal(bars, labSettings(bars, side), { baselines: false });
    bySide.set(side, run);
  }
  return run;
}

/**
 * The out-of-sample p(reversal) of every bar for `side` (NaN where no model scored it); with
 * the trade-state features, for the virtual trade (trade-state.ts).
 */
export function labProbabilities(bars: readonly Bar[], side: Side): Float64Array {
  return labRun(bars, side).p;
}

/**
 * p(reversal) at bar i for a lab trade in `state`: the bar's features, the trade's own state,
 * and the walk-forward model that scores bar i (trained on labels decided before i minus the
 * embargo, as for the columns). Null when the model reads no trade state.
 */
export function tradeScorer(run: ReversalRun, bars: readonly Bar[]): TradeScorer | null {
  const { matrix: x, valid } = run.features;
  const width = x.width;
  const barWidth = width - TRADE_FEATURES.length;
  if (!run.settings.tradeState) return null;
  const row = new Float64Array(width);
  const { firstScored, settings, models } = run;
  return (i: number, state: TradeState): number => {
    if (i < firstScored || valid[i] !== 1) return NaN;
    const model = models[Math.floor((i - firstScored) / settings.retrainEvery)];
    if (!model) return NaN;
    for (let f = 0; f < barWidth; f++) row[f] = x.values[i * width + f];
    writeTradeState(state, bars[i].close, row, barWidth);
    for (let f = barWidth; f < width; f++) if (!Number.isFinite(row[f])) return NaN;
    return model.predict(row, 0);
  };
}

/** The GateProvider that trains the model walk-forward: pass it as RunControl.gates. */
export const reversalGates: GateProvider = (
  bars: readonly Bar[],
  gate: ReversalGate,
  sides: { long: boolean; short: boolean },
): GateColumns => {
  const trained = (side: Side): ReversalRun => {
    try {
      return labRun(bars, side);
    } catch (e) {
      if (e instanceof MlError)
        throw new BacktestError('policies', `policies: the reversal model for ${side} trades: ${e.message}`);
      throw e;
    }
  };
  const long = sides.long ? trained('long') : null;
  const short = sides.short ? trained('short') : null;
  const open = (run: ReversalRun | null): Uint8Array | null =>
    run === null ? null : Uint8Array.from(run.p, (v) => (v > gate.threshold ? 1 : 0));
  const scorer = (run: ReversalRun | null): TradeScorer | null =>
    run === null ? null : tradeScorer(run, bars);
  const trade = { long: scorer(long), short: scorer(short) };
  return {
    mode: gate.mode,
    threshold: gate.threshold,
    long: open(long),
    short: open(short),
    trade: trade.long !== null || trade.short !== null ? trade : null,
  };
};
