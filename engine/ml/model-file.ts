import type { Bar } from '../types.js';
import { MlError } from './errors.js';
import { barFeatures } from './features.js';
import { trainGbdt } from './gbdt.js';
import { selectRows } from './matrix.js';
import type { ValidationReport } from './report.js';
import { readsTradeState, withTradeState } from './trade-state.js';
import { TreeEnsemble, type TreeArrays } from './trees.js';
import type { ReversalRun, ReversalSettings } from './walk-forward.js';

export const MODEL_FORMAT = 'exitplan-reversal-model';
/**
 * Bumped whenever features, labels or the tree layout change meaning: a file of another version
 * is refused, unless it is listed in READABLE_VERSIONS (its meaning is still known here).
 * Version 2 added the trade-state features (trade-state.ts), listed in `features` when the
 * model reads them; a version 1 file has none, means the same as a version 2 file without
 * them, and is read as one.
 */
export const MODEL_VERSION = 2;
export const READABLE_VERSIONS: readonly number[] = [1, 2];

/** What `exitplan learn reversal --out` writes: everything needed to trust, reproduce and use the model. */
export interface ReversalModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  /** The side whose reversal the model predicts. */
  side: 'long' | 'short';
  /** Feature names in the order the trees read them. */
  features: string[];
  settings: ReversalSettings;
  /** The bars the final model learned from (every bar whose label was decided). */
  trainedOn: { firstTime: number; lastTime: number; samples: number };
  /** The whole file the model came from. */
  data: { bars: number; firstTime: number; lastTime: number; fingerprint: string };
  /** Out-of-sample scores of the walk-forward, beside the baselines. */
  validation: ValidationReport;
  model: { base: number; trees: TreeArrays[] };
}

/**
 * FNV-1a (two 32-bit lanes with different offsets, 16 hex digits) over every bar's time,
 * open, high, low, close and volume as text: the same bars give the same fingerprint anywhere.
 */
export function barsFingerprint(bars: readonly Bar[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
    }
  };
  for (const bar of bars)
    feed(`${bar.time},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume ?? ''};`);
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

/**
 * The model file for a walk-forward run: the final model is trained on every sample whose
 * label is decided (the walk-forward's models only ever served their own blocks).
 */
export function buildModelFile(
  bars: readonly Bar[],
  run: ReversalRun,
  validation: ValidationReport,
): ReversalModelFile {
  const { features, labels, settings } = run;
  const rows: number[] = [];
  for (let t = features.warmup; t < bars.length; t++)
    if (features.valid[t] === 1 && labels.end[t] >= 0) rows.push(t);
  const y = Float64Array.from(rows, (t) => labels.label[t]);
  const ensemble = trainGbdt(selectRows(features.matrix, rows), y, settings.gbdt);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    side: settings.side,
    features: [...features.matrix.names],
    settings,
    trainedOn: {
      firstTime: bars[rows[0]].time,
      lastTime: bars[rows[rows.length - 1]].time,
      samples: rows.length,
    },
    data: {
      bars: bars.length,
      firstTime: bars[0].time,
      lastTime: bars[bars.length - 1].time,
      fingerprint: barsFingerprint(bars),
    },
    validation,
    model: { base: ensemble.base, trees: ensemble.trees.map((t) => ({ ...t })) },
  };
}

export interface LoadedModel {
  file: ReversalModelFile;
  ensemble: TreeEnsemble;
}

/** Reads a model file, refusing another format or version and trees that do not fit the feature list. */
export function loadModelFile(text: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MlError(
      'model',
      `model: the file is not JSON (${(e as Error).message}); give a file written by "exitplan learn reversal --out"`,
    );
  }
  const file = json as Partial<ReversalModelFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== MODEL_FORMAT)
    throw new MlError(
      'model',
      `model: not a reversal model file (its "format" is not "${MODEL_FORMAT}"); give a file written by "exitplan learn reversal --out"`,
    );
  if (typeof file.version !== 'number' || !READABLE_VERSIONS.includes(file.version))
    throw new MlError(
      'model',
      `model: the file is version ${String(file.version)} and this exitplan reads versions ${READABLE_VERSIONS.join(' and ')}; retrain it with "exitplan learn reversal"`,
    );
  const features = file.features;
  if (!Array.isArray(features) || features.some((f) => typeof f !== 'string'))
    throw new MlError(
      'model',
      'model: "features" must be the list of feature names; the file is damaged, retrain it',
    );
  const model = file.model;
  if (!model || typeof model.base !== 'number' || !Array.isArray(model.trees))
    throw new MlError(
      'model',
      'model: "model" must hold "base" and "trees"; the file is damaged, retrain it',
    );
  model.trees.forEach((t, k) => checkTree(t, k, features.length));
  const tradeState = readsTradeState(features);
  if (file.version === 1 && tradeState)
    throw new MlError(
      'model',
      'model: a version 1 file cannot read trade-state features; the file is damaged, retrain it',
    );
  // A version 1 file has no such setting: its feature list says the model reads none.
  if (file.settings) file.settings = { ...file.settings, tradeState };
  return {
    file: file as ReversalModelFile,
    ensemble: new TreeEnsemble(model.base, model.trees, features.length),
  };
}

function checkTree(t: TreeArrays, k: number, width: number): void {
  const keys = ['feature', 'threshold', 'left', 'right', 'value'] as const;
  const n = Array.isArray(t?.feature) ? t.feature.length : -1;
  for (const key of keys) {
    const a = t?.[key];
    if (
      !Array.isArray(a) ||
      a.length !== n ||
      n < 1 ||
      a.some((v) => typeof v !== 'number' || !Number.isFinite(v))
    )
      throw new MlError(
        'model',
        `model: tree ${k + 1} has a bad "${key}" list; the file is damaged, retrain it`,
      );
  }
  for (let i = 0; i < n; i++) {
    const f = t.feature[i];
    if (f >= width || !Number.isInteger(f))
      throw new MlError(
        'model',
        `model: tree ${k + 1} reads feature ${f}, but the file lists ${width}; the file is damaged, retrain it`,
      );
    if (f >= 0 && !(t.left[i] > i && t.left[i] < n && t.right[i] > i && t.right[i] < n))
      throw new MlError(
        'model',
        `model: tree ${k + 1} node ${i} points outside the tree; the file is damaged, retrain it`,
      );
  }
}

/**
 * The reversal probability of every bar under a saved model (NaN while the features warm up);
 * a model that reads the trade state reads the virtual trade's (trade-state.ts).
 * Refuses bars whose feature set differs from the model's (another market type, volume or not).
 */
export function scoreWithModel(bars: readonly Bar[], loaded: LoadedModel): Float64Array {
  const plain = barFeatures(bars);
  const features = readsTradeState(loaded.file.features)
    ? withTradeState(plain, bars, loaded.file.side)
    : plain;
  const want = loaded.file.features;
  const have = features.matrix.names;
  if (want.join(',') !== have.join(',')) {
    const missing = want.filter((f) => !have.includes(f));
    const extra = have.filter((f) => !want.includes(f));
    throw new MlError(
      'model',
      `model: it was trained on the features ${want.join(', ')}, and these bars give ${have.join(', ')}` +
        `${missing.length > 0 ? ` (missing: ${missing.join(', ')})` : ''}${extra.length > 0 ? ` (extra: ${extra.join(', ')})` : ''}; ` +
        'retrain it on bars of this kind with "exitplan learn reversal"',
    );
  }
  const out = new Float64Array(bars.length).fill(NaN);
  const { values, width } = features.matrix;
  for (let i = 0; i < bars.length; i++)
    if (features.valid[i] === 1) out[i] = loaded.ensemble.predict(values, i * width);
  return out;
}
