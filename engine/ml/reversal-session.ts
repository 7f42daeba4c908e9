import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import type { AdaptiveSessionOptions } from './adaptive-options.js';
import { MlError } from './errors.js';
import { barFeatures, featureGroups } from './features.js';
import { tripleBarrierLabels } from './labels.js';
import { buildModelFile, loadModelFile, type LoadedModel, type ReversalModelFile } from './model-file.js';
import { validationReport } from './report.js';
import { PlanTrade } from './plan-trade.js';
import { ReversalStream } from './stream.js';
import { readsTradeState, withTradeState } from './trade-state.js';
import { barsNeeded, settingsWith, walkForwardSteps, type ReversalSettings } from './walk-forward.js';

/** What a chart may set; the rest follows from its bars (chartSettings). */
export interface ChartTrainSettings {
  side?: 'long' | 'short';
  horizon?: number;
  up?: number;
  down?: number;
  /** Walk-forward models over the scored part of the bars (each one a progress step). */
  folds?: number;
}

/** What a panel shows beside the probability: where the model comes from and how it did out of sample. */
export interface ModelSummary {
  side: 'long' | 'short';
  horizon: number;
  up: number;
  down: number;
  trainedOn: { firstTime: number; lastTime: number; samples: number };
  /** Last bar of the bars it was trained from: the model's age counts from here. */
  dataLastTime: number;
  retrainEvery: number;
  auc: number;
  /** 95 % block-bootstrap interval of the AUC (report.ts); NaN for a file that has none. */
  aucLow: number;
  aucHigh: number;
  /** Out-of-sample labels the scores are on. */
  scoredLabels: number;
  brier: number;
  baseRate: number;
  /** Brier of always saying the base rate, on the same bars: the bar the model must beat. */
  baseRateBrier: number;
  logisticAuc: number;
  verdict: string;
}

export interface TrainResult {
  /** The model file as JSON text (what storage keeps and `load` takes). */
  model: string;
  summary: ModelSummary;
  /** The final model's probability per bar, NaN while features warm up (bars it learned from are in-sample). */
  p: Float64Array;
  /** The walk-forward's out-of-sample probability per bar, NaN where no model scored it. */
  oos: Float64Array;
}

/** The decay monitor's reading: the model on the labels resolved since it was trained. */
export interface DecayReading {
  /** Labels resolved on bars after the training data ended. */
  resolved: number;
  /** Brier on them (NaN while there are none). */
  brier: number;
  validationBrier: number;
  /** Brier above validation by more than STALE_MARGIN, on at least MIN_RESOLVED labels. */
  stale: boolean;
  barsSinceTrained: number;
  /** New bars until a retrain is due (0: due now). */
  retrainDueIn: number;
}

/** Resolved labels the monitor needs before it will call a model stale. */
export const MIN_RESOLVED = 30;
/** Relative Brier rise over the validation score that reads as decay (10 %). */
export const STALE_MARGIN = 0.1;
/** Latest resolved labels the monitor scores. */
export const DECAY_WINDOW = 200;

/**
 * Settings for the bars a chart holds (a few thousand, not a file of 50,000): the first model
 * trains on half the bars that can be labelled (at least 300, at most the CLI's 2000) and the
 * rest is scored in `folds` walk-forward blocks, each a retrain and a progress step.
 */
export function chartSettings(bars: readonly Bar[], chosen: ChartTrainSettings = {}): ReversalSettings {
  const folds = chosen.folds ?? 5;
  // Only the keys given: an undefined one would hide its default.
  const given = Object.fromEntries(
    (['side', 'horizon', 'up', 'down'] as const)
      .filter((k) => chosen[k] !== undefined)
      .map((k) => [k, chosen[k]]),
  );
  const probe = settingsWith({ ...given, folds });
  const warmup = barFeatures(bars.slice(0, Math.min(bars.length, 400))).warmup;
  const usable = bars.length - warmup - probe.horizon - probe.embargo;
  const minTrain = Math.max(300, Math.min(2000, Math.floor(usable / 2)));
  const scored = bars.length - barsNeeded({ ...probe, minTrain }, warmup) + 1;
  const retrainEvery = Math.max(1, Math.ceil(Math.max(1, scored) / folds));
  return settingsWith({ ...probe, minTrain, retrainEvery, gbdt: probe.gbdt });
}

/**
 * The reversal model's side of the adaptive worker (engine/adaptive-worker.ts): training on
 * the bars a chart holds with progress between walk-forward models, then scoring them and
 * every bar pushed after. Cancel is the client ending the worker (adaptive-client.ts restart),
 * so a training run holds no state a cancel could leave half-made.
 */
export class ReversalSession {
  private loaded: LoadedModel | null = null;
  private stream: ReversalStream | null = null;
  private bars: Bar[] = [];
  private model: string | null = null;
  /** The chart's plan: its open trade is scored with its own state (plan-trade.ts). */
  private plan: PlanSpec | null = null;
  private trade: PlanTrade | null = null;

  constructor(protected readonly options: AdaptiveSessionOptions = {}) {}

  /**
   * Walk-forward on `bars` (purged, embargoed, see walk-forward.ts), then the final model on
   * every decided label; `onProgress(fraction, stage)` after each model. The session then
   * scores with the new model.
   */
  async train(
    bars: readonly Bar[],
    chosen: ChartTrainSettings = {},
    onProgress?: (fraction: number, stage: string) => void,
    plan: PlanSpec | null = null,
  ): Promise<TrainResult> {
    const held = bars.map(copyBar);
    this.plan = plan;
    const settings = chartSettings(held, chosen);
    const steps = walkForwardSteps(held, settings);
    let k = 0;
    let step = steps.next();
    while (!step.done) {
      k++;
      // The final model is about the last seventh of the work.
      onProgress?.(step.value * 0.85, `walk-forward model ${k} of ${settings.folds}`);
      await this.options.pause?.();
      step = steps.next();
    }
    const run = step.value;
    const validation = validationReport(
      run,
      held.map((b) => b.time),
    );
    onProgress?.(0.9, 'final model on every decided label');
    await this.options.pause?.();
    const file = buildModelFile(held, run, validation);
    const model = JSON.stringify(file);
    const { summary, p } = this.use(model, held);
    onProgress?.(1, 'done');
    return { model, summary, p, oos: run.p };
  }

  /** Takes a stored model for these bars: refuses another version or feature set (model-file.ts). */
  load(
    model: string,
    bars: readonly Bar[],
    plan: PlanSpec | null = null,
  ): { summary: ModelSummary; p: Float64Array } {
    this.plan = plan;
    return this.use(model, bars.map(copyBar));
  }

  /**
   * The chart's plan changed (or went): every bar is scored again with the new trade's state
   * (a model without the trade-state features gives the same line). Null before a model.
   */
  setPlan(plan: PlanSpec | null): Float64Array | null {
    this.plan = plan;
    if (this.model === null) return null;
    return this.use(this.model, this.bars).p;
  }

  /** p(reversal) at the close of a new bar, under the model in use (NaN while features warm up). */
  add(bar: Bar): number {
    if (this.stream === null)
      throw new MlError('model', 'model: no reversal model yet; train one on the chart first');
    this.bars.push(copyBar(bar));
    return this.stream.add(bar, this.trade?.next(bar) ?? null);
  }

  /** The decay monitor on the bars the session has seen. */
  decay(): DecayReading {
    if (this.loaded === null)
      throw new MlError('model', 'model: no reversal model yet; train one on the chart first');
    return decayReading(this.loaded.file, this.bars, this.loaded);
  }

  private use(model: string, bars: Bar[]): { summary: ModelSummary; p: Float64Array } {
    const loaded = loadModelFile(model);
    const groups = featureGroups(bars);
    const stream = ReversalStream.forHistory(
      loaded.ensemble,
      loaded.file.features,
      groups,
      bars,
      loaded.file.side,
    );
    const trade =
      this.plan !== null && loaded.file.settings.tradeState ? new PlanTrade(this.plan, bars) : null;
    const p = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) p[i] = stream.add(bars[i], trade?.next(bars[i]) ?? null);
    this.loaded = loaded;
    this.stream = stream;
    this.bars = bars;
    this.model = model;
    this.trade = trade;
    return { summary: summarize(loaded.file), p };
  }
}

function copyBar(b: Bar): Bar {
  return { time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
}

export function summarize(file: ReversalModelFile): ModelSummary {
  const o = file.validation.overall;
  const rate = o.model.baseRate;
  return {
    side: file.side,
    horizon: file.settings.horizon,
    up: file.settings.up,
    down: file.settings.down,
    trainedOn: file.trainedOn,
    dataLastTime: file.data.lastTime,
    retrainEvery: file.settings.retrainEvery,
    auc: o.model.auc,
    aucLow: file.validation.aucInterval?.[0] ?? NaN,
    aucHigh: file.validation.aucInterval?.[1] ?? NaN,
    scoredLabels: o.model.samples,
    brier: o.model.brier,
    baseRate: rate,
    baseRateBrier: o.baseRate.brier,
    logisticAuc: o.logistic.auc,
    verdict: file.validation.verdict,
  };
}

/**
 * Brier on the latest labels resolved after the training data ended (at most DECAY_WINDOW),
 * against the validation Brier. A label at bar t is resolved once its barrier or horizon is
 * reached within the bars held, so the reading uses no bar the chart has not seen.
 */
export function decayReading(
  file: ReversalModelFile,
  bars: readonly Bar[],
  loaded: LoadedModel,
): DecayReading {
  const after = bars.findIndex((b) => b.time > file.data.lastTime);
  const barsSinceTrained = after < 0 ? 0 : bars.length - after;
  const retrainDueIn = Math.max(0, file.settings.retrainEvery - barsSinceTrained);
  const validationBrier = file.validation.overall.model.brier;
  const none = { resolved: 0, brier: NaN, validationBrier, stale: false, barsSinceTrained, retrainDueIn };
  if (after < 0) return none;
  const plain = barFeatures(bars);
  const features = readsTradeState(file.features) ? withTradeState(plain, bars, file.side) : plain;
  if (features.matrix.names.join(',') !== file.features.join(',')) return none;
  const col = (k: 'high' | 'low' | 'close'): Float64Array => Float64Array.from(bars, (b) => b[k]);
  const labels = tripleBarrierLabels(
    col('high'),
    col('low'),
    col('close'),
    features.atr,
    features.valid,
    file.settings,
  );
  const { values, width } = features.matrix;
  let sum = 0;
  let resolved = 0;
  for (let i = bars.length - 1; i >= after && resolved < DECAY_WINDOW; i--) {
    if (features.valid[i] !== 1 || labels.end[i] < 0) continue;
    const p = loaded.ensemble.predict(values, i * width);
    sum += (p - labels.label[i]) ** 2;
    resolved++;
  }
  const brier = resolved > 0 ? sum / resolved : NaN;
  const stale = resolved >= MIN_RESOLVED && brier > validationBrier * (1 + STALE_MARGIN);
  return {
    resolved,
    brier,
    validationBrier,
    stale,
    barsSinceTrained,
    retrainDueIn: stale ? 0 : retrainDueIn,
  };
}
