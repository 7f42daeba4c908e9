import type { Bar } from '../types.js';
import { MlError } from './errors.js';
import { barFeatures, CORE_WARMUP, type BarFeatures } from './features.js';
import { DEFAULT_GBDT, trainGbdt, type GbdtParams } from './gbdt.js';
import {
  checkBarriers,
  DEFAULT_BARRIERS,
  tripleBarrierLabels,
  type BarrierSpec,
  type Labels,
} from './labels.js';
import { trainLogistic } from './logistic.js';
import { checkTrainingMatrix, selectRows } from './matrix.js';
import { withTradeState } from './trade-state.js';
import type { TreeEnsemble } from './trees.js';

/**
 * Purged, embargoed, expanding walk-forward. Models are trained at bars T0, T0 + K, T0 + 2K, ...
 * (K = retrainEvery) where T0 = warm-up + minTrain + horizon + embargo: the schedule depends on
 * the settings and the series' start, never on its length. The model trained at T scores bars
 * T..T+K-1 and learns from every sample t whose label was decided by bar T - 1 - embargo
 * (purging: no label window reaches into the bars it will score; the embargo adds a gap for
 * the serial correlation of overlapping windows). Everything it reads is in bars 0..T-1, so a
 * prediction at bar i depends on bars 0..i only.
 */
export interface ReversalSettings extends BarrierSpec {
  retrainEvery: number;
  /** Labelled samples the first model needs. */
  minTrain: number;
  /** Bars between the last label a model learns and the first bar it scores. */
  embargo: number;
  /** Chronological groups the out-of-sample scores are reported in (reporting only). */
  folds: number;
  /**
   * The trade-state features (trade-state.ts): in training the virtual trade's, where a trade
   * exists its own. Off: the bar features alone (a version 1 model file).
   */
  tradeState: boolean;
  gbdt: GbdtParams;
}

export const DEFAULT_SETTINGS: Readonly<ReversalSettings> = {
  ...DEFAULT_BARRIERS,
  retrainEvery: 5000,
  minTrain: 2000,
  embargo: 20,
  folds: 5,
  tradeState: true,
  gbdt: DEFAULT_GBDT,
};

export function settingsWith(
  partial: Partial<Omit<ReversalSettings, 'gbdt'>> & { gbdt?: Partial<GbdtParams> } = {},
): ReversalSettings {
  const s: ReversalSettings = { ...DEFAULT_SETTINGS, ...partial, gbdt: { ...DEFAULT_GBDT, ...partial.gbdt } };
  checkBarriers(s);
  const whole = (name: 'retrainEvery' | 'minTrain' | 'embargo' | 'folds', min: number): void => {
    if (!Number.isInteger(s[name]) || s[name] < min)
      throw new MlError(name, `${name}: ${s[name]} must be a whole number of ${min} or more`);
  };
  whole('retrainEvery', 1);
  whole('minTrain', 100);
  whole('embargo', 0);
  whole('folds', 1);
  return s;
}

/** One model of the walk-forward: trained at `trainedAt`, scoring bars [from, to). */
export interface ModelBlock {
  trainedAt: number;
  from: number;
  to: number;
  trainRows: number;
  /** Why this block has no model (too few samples, one class only), or null. */
  skipped: string | null;
}

export interface ReversalRun {
  settings: ReversalSettings;
  features: BarFeatures;
  labels: Labels;
  /** Out-of-sample probability of a reversal per bar (the trees); NaN where no model scored it. */
  p: Float64Array;
  /** The baselines at the same bars, trained on the same rows: logistic regression, the training base rate, the exhaustion rule calibrated on the training rows. */
  logistic: Float64Array;
  baseRate: Float64Array;
  exhaustion: Float64Array;
  blocks: ModelBlock[];
  /** The trees of each block (null where it was skipped): a lab trade scores its own state with them. */
  models: (TreeEnsemble | null)[];
  /** First bar a model scores (T0). */
  firstScored: number;
}

/** Bars a series needs before the first model can score one bar, given where its features warm up. */
export function barsNeeded(settings: ReversalSettings, warmup: number): number {
  return warmup + settings.minTrain + settings.horizon + settings.embargo + 1;
}

export interface WalkForwardOptions {
  /** Train the baselines too (the report needs them; the lab does not). */
  baselines: boolean;
}

/**
 * The walk-forward as steps: yields the fraction done after each model, returns the run.
 */
export function* walkForwardSteps(
  bars: readonly Bar[],
  settings: ReversalSettings,
  options: WalkForwardOptions = { baselines: true },
): Generator<number, ReversalRun> {
  const n = bars.length;
  let features = barFeatures(bars);
  const { warmup, valid, atr } = features;
  const nominalWarmup = warmup < n ? warmup : CORE_WARMUP;
  const needed = barsNeeded(settings, nominalWarmup);
  if (settings.tradeState) features = withTradeState(features, bars, settings.side);
  if (n < needed)
    throw new MlError(
      'bars',
      `bars: the reversal model needs at least ${needed} bars with these settings (${nominalWarmup} to warm up the features, ${settings.minTrain} labelled bars to train on, ${settings.horizon} for the last label to resolve, an embargo of ${settings.embargo}, and one bar to score); the file has ${n}. Give a longer history or lower --min-train`,
    );
  const high = Float64Array.from(bars, (b) => b.high);
  const low = Float64Array.from(bars, (b) => b.low);
  const close = Float64Array.from(bars, (b) => b.close);
  const labels = tripleBarrierLabels(high, low, close, atr, valid, settings);
  const nan = (): Float64Array => new Float64Array(n).fill(NaN);
  const run: ReversalRun = {
    settings,
    features,
    labels,
    p: nan(),
    logistic: nan(),
    baseRate: nan(),
    exhaustion: nan(),
    blocks: [],
    models: [],
    firstScored: barsNeeded(settings, warmup) - 1,
  };
  const rule = settings.side === 'long' ? features.exhaustionLong : features.exhaustionShort;
  const { matrix: x } = features;
  const width = x.width;
  const time = (i: number): string => `bar ${i + 1} (time ${bars[i].time})`;
  let checked = false;
  const steps = Math.max(1, Math.ceil((n - run.firstScored) / settings.retrainEvery));
  for (let T = run.firstScored, k = 0; T < n; T += settings.retrainEvery, k++) {
    const block: ModelBlock = {
      trainedAt: T,
      from: T,
      to: Math.min(n, T + settings.retrainEvery),
      trainRows: 0,
      skipped: null,
    };
    run.blocks.push(block);
    run.models.push(null);
    const rows: number[] = [];
    const limit = T - 1 - settings.embargo;
    for (let t = warmup; t < T; t++)
      if (valid[t] === 1 && labels.end[t] >= 0 && labels.end[t] <= limit) rows.push(t);
    block.trainRows = rows.length;
    if (rows.length < settings.minTrain) {
      block.skipped = `${rows.length} labelled bars, fewer than the ${settings.minTrain} a model needs`;
      yield (k + 1) / steps;
      continue;
    }
    const train = selectRows(x, rows);
    const y = Float64Array.from(rows, (t) => labels.label[t]);
    if (!checked) {
      checkTrainingMatrix(train, y, (r) => time(rows[r]));
      checked = true;
    }
    let positives = 0;
    for (let r = 0; r < y.length; r++) positives += y[r];
    if (positives === 0 || positives === y.length) {
      block.skipped = `every labelled bar is ${positives === 0 ? 'not ' : ''}a reversal`;
      yield (k + 1) / steps;
      continue;
    }
    const trees = trainGbdt(train, y, settings.gbdt);
    run.models[k] = trees;
    const logistic = options.baselines ? trainLogistic(train, y) : null;
    // The rule as a classifier: the reversal rate the training rows show when it fires / not.
    const fired = [0, 0];
    const firedReversals = [0, 0];
    for (let r = 0; r < rows.length; r++) {
      const f = rule[rows[r]];
      fired[f]++;
      firedReversals[f] += y[r];
    }
    const rate = positives / y.length;
    const ruleRate = [0, 1].map((f) => (fired[f] > 0 ? firedReversals[f] / fired[f] : rate));
    for (let i = block.from; i < block.to; i++) {
      if (valid[i] !== 1) continue;
      run.p[i] = trees.predict(x.values, i * width);
      if (logistic !== null) run.logistic[i] = logistic.predict(x.values, i * width);
      run.baseRate[i] = rate;
      run.exhaustion[i] = ruleRate[rule[i]];
    }
    yield (k + 1) / steps;
  }
  if (run.blocks.every((b) => b.skipped !== null))
    throw new MlError(
      'bars',
      `bars: no model could be trained (${run.blocks[0].skipped}); give a longer history or other barriers`,
    );
  return run;
}

export function walkForwardReversal(
  bars: readonly Bar[],
  settings: ReversalSettings = settingsWith(),
  options?: WalkForwardOptions,
): ReversalRun {
  const steps = walkForwardSteps(bars, settings, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
