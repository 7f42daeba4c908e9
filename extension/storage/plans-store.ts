import { parsePlan, type PlanText } from '../../engine/index.js';
import type { StorageArea } from '../platform/browser-api.js';
import { StorageFullError, isQuotaError } from './errors.js';
import { CORRUPT_PREFIX, PLAN_PREFIX, planKey } from './keys.js';
import { migrateStorage, type MigrationReport } from './migrations.js';
import { validateStoredPlan, type StoredPlan } from './plan-record.js';

/** A stored value that could not be used as a plan; kept under `key`, untouched. */
export interface CorruptPlan {
  key: string;
  symbol: string;
  reason: string;
  at: number;
}

async function write(area: StorageArea, items: Record<string, unknown>): Promise<void> {
  try {
    await area.set(items);
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(Object.keys(items).join(', '));
    throw error;
  }
}

/**
 * Moves an unreadable plan out of the way: copy first, delete only once the copy is written,
 * so a full disk or a stopped worker can never lose it.
 */
async function keepAside(
  area: StorageArea,
  symbol: string,
  raw: unknown,
  reason: string,
  now: number,
): Promise<CorruptPlan> {
  const key = `${CORRUPT_PREFIX}${symbol}:${now}`;
  await write(area, { [key]: { symbol, raw, reason, at: now } });
  await area.remove(planKey(symbol));
  return { key, symbol, reason, at: now };
}

export interface PlanLoad {
  plan: StoredPlan | null;
  /** Set when the stored plan was unreadable and has just been kept aside. */
  corrupt?: CorruptPlan;
}

export class PlansStore {
  private migrated: Promise<MigrationReport> | null = null;

  constructor(
    private readonly area: StorageArea,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every read goes through the migration first (cheap once done); an update never sees old data. */
  ready(): Promise<MigrationReport> {
    this.migrated ??= migrateStorage(this.area, this.now());
    return this.migrated;
  }

  async load(symbol: string): Promise<PlanLoad> {
    await this.ready();
    const { [planKey(symbol)]: raw } = await this.area.get(planKey(symbol));
    if (raw === undefined) return { plan: null };
    const checked = validateStoredPlan(raw, symbol);
    if ('plan' in checked) return { plan: checked.plan };
    return { plan: null, corrupt: await keepAside(this.area, symbol, raw, checked.reason, this.now()) };
  }

  /** Validates with the engine (a PlanError names the field), then writes. Returns the record saved. */
  async save(symbol: string, text: PlanText): Promise<{ plan: StoredPlan; corrupt?: CorruptPlan }> {
    parsePlan(text);
    await this.ready();
    const key = planKey(symbol);
    const { [key]: existing } = await this.area.get(key);
    let corrupt: CorruptPlan | undefined;
    if (existing !== undefined) {
      const checked = validateStoredPlan(existing, symbol);
      if ('reason' in checked)
        corrupt = await keepAside(this.area, symbol, existing, checked.reason, this.now());
    }
    const plan: StoredPlan = { v: 2, symbol, text: { ...text }, updatedAt: this.now() };
    await write(this.area, { [key]: plan });
    return corrupt ? { plan, corrupt } : { plan };
  }

  async remove(symbol: string): Promise<void> {
    await this.ready();
    await this.area.remove(planKey(symbol));
  }

  /** All saved plans (newest first) and everything kept aside, for the popup. Does not move anything. */
  async list(): Promise<{
    plans: StoredPlan[];
    invalid: { symbol: string; reason: string }[];
    corrupt: CorruptPlan[];
  }> {
    await this.ready();
    const all = await this.area.get(null);
    const plans: StoredPlan[] = [];
    const invalid: { symbol: string; reason: string }[] = [];
    const corrupt: CorruptPlan[] = [];
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(PLAN_PREFIX)) {
        const symbol = key.slice(PLAN_PREFIX.length);
        const checked = validateStoredPlan(value, symbol);
        if ('plan' in checked) plans.push(checked.plan);
        else invalid.push({ symbol, reason: checked.reason });
      } else if (key.startsWith(CORRUPT_PREFIX) && value && typeof value === 'object') {
        const record = value as { symbol?: unknown; reason?: unknown; at?: unknown };
        corrupt.push({
          key,
          symbol: String(record.symbol ?? '?'),
          reason: String(record.reason ?? 'unknown'),
          at: typeof record.at === 'number' ? record.at : 0,
        });
      }
    }
    plans.sort((a, b) => b.updatedAt - a.updatedAt);
    return { plans, invalid, corrupt };
  }

  /** The raw value kept aside, so the user can copy it out and repair it by hand. */
  async corruptRaw(key: string): Promise<unknown> {
    if (!key.startsWith(CORRUPT_PREFIX)) throw new Error(`"${key}" is not a kept-aside plan`);
    const { [key]: record } = await this.area.get(key);
    return (record as { raw?: unknown } | undefined)?.raw;
  }

  async discardCorrupt(key: string): Promise<void> {
    if (!key.startsWith(CORRUPT_PREFIX)) throw new Error(`"${key}" is not a kept-aside plan`);
    await this.area.remove(key);
  }
}
