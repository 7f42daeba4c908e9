import type { StorageArea } from '../platform/browser-api.js';
import { isQuotaError, StorageFullError } from './errors.js';

/**
 * One learned file per market and timeframe in browser.storage.local: a reversal model, or an
 * exit policy (issue 20, trained by the panel's Train), each kind under its own key prefix, one
 * key each (as the plans are: a save touches only its own). The key carries the record's schema, so a later
 * build that changes the record reads this one under its old key and never mistakes it; the
 * model file inside carries its own version, checked by the engine when the widget loads it
 * (model-file.ts refuses another version with a message saying to train again).
 * Extension updates keep storage.local, so a model trained once survives them like plans do.
 */
export const MODEL_RECORD_SCHEMA = 1;
export const MODEL_PREFIX = `reversal-model:v${MODEL_RECORD_SCHEMA}:`;

/** The exit policies' keys (the policy file inside carries its own format and version, checked by the engine). */
export const POLICY_PREFIX = `exit-policy:v${MODEL_RECORD_SCHEMA}:`;

export const modelKey = (market: string, timeframe: string, prefix = MODEL_PREFIX): string =>
  `${prefix}${market}@${timeframe}`;

export interface StoredModel {
  v: typeof MODEL_RECORD_SCHEMA;
  market: string;
  timeframe: string;
  /** The model file as JSON text (engine/ml/model-file.ts), as the widget gave it. */
  model: string;
  savedAt: number;
}

export interface ModelLoad {
  model: StoredModel | null;
  /** Why a stored record could not be used; it stays where it is, untouched, until a new model replaces it. */
  problem?: string;
}

function check(raw: unknown, market: string, timeframe: string, noun: string): StoredModel | string {
  if (typeof raw !== 'object' || raw === null) return 'the stored record is not an object';
  const r = raw as Partial<StoredModel>;
  if (r.v !== MODEL_RECORD_SCHEMA)
    return `the stored record has schema ${String(r.v)}, not ${MODEL_RECORD_SCHEMA}`;
  if (r.market !== market || r.timeframe !== timeframe)
    return `the stored record is for ${String(r.market)} ${String(r.timeframe)}`;
  if (typeof r.model !== 'string' || !r.model.startsWith('{'))
    return `the stored ${noun} is not a ${noun} file`;
  if (typeof r.savedAt !== 'number') return 'the stored record has no save time';
  return r as StoredModel;
}

class LearnedFileStore {
  constructor(
    private readonly prefix: string,
    private readonly noun: string,
    private readonly area: StorageArea,
    private readonly now: () => number,
  ) {}

  async load(market: string, timeframe: string): Promise<ModelLoad> {
    const key = modelKey(market, timeframe, this.prefix);
    const { [key]: raw } = await this.area.get(key);
    if (raw === undefined) return { model: null };
    const checked = check(raw, market, timeframe, this.noun);
    return typeof checked === 'string' ? { model: null, problem: checked } : { model: checked };
  }

  /** Replaces the market's model for this timeframe; a full storage throws StorageFullError (nothing changed). */
  async save(market: string, timeframe: string, model: string): Promise<StoredModel> {
    const record: StoredModel = { v: MODEL_RECORD_SCHEMA, market, timeframe, model, savedAt: this.now() };
    const key = modelKey(market, timeframe, this.prefix);
    try {
      await this.area.set({ [key]: record });
    } catch (error) {
      if (isQuotaError(error)) throw new StorageFullError(key);
      throw error;
    }
    return record;
  }

  async remove(market: string, timeframe: string): Promise<void> {
    await this.area.remove(modelKey(market, timeframe, this.prefix));
  }
}

export class ReversalModelStore extends LearnedFileStore {
  constructor(area: StorageArea, now: () => number = Date.now) {
    super(MODEL_PREFIX, 'model', area, now);
  }
}

/** The panel's trained exit policies (engine/ml/policy/file.ts JSON), one per market and timeframe. */
export class ExitPolicyStore extends LearnedFileStore {
  constructor(area: StorageArea, now: () => number = Date.now) {
    super(POLICY_PREFIX, 'policy', area, now);
  }
}
