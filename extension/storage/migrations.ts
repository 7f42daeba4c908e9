import type { StorageArea } from '../platform/browser-api.js';
import { cleanSymbol } from '../sites/symbol-format.js';
import { CORRUPT_PREFIX, CURRENT_SCHEMA, planKey, SCHEMA_KEY, V1_BACKUP_KEY, V1_PLANS_KEY } from './keys.js';
import { validateStoredPlan, type StoredPlan } from './plan-record.js';

/**
 * Schema 1 (extension 0.0.x) kept every plan in ONE object, `plans`, each plan a flat
 * pipe-separated string "side|entry|stop|ladder|trail" keyed by the bare ticker the page
 * showed. Two real problems: each save rewrote all plans (two tabs raced and lost each other's
 * edits; a failed write could lose everything), and the positional string had no room for
 * breakeven, exhaustion or the entry time. Schema 2 stores one structured record per symbol.
 *
 * The migration is idempotent (it can be interrupted by the service worker being stopped and
 * run again), never drops data (unreadable v1 entries are kept under corrupt:* with the
 * reason, and the whole v1 object is copied to backup:v1-plans first), and never overwrites
 * a schema-2 plan that already exists.
 */
export interface MigrationReport {
  from: number;
  to: number;
  migrated: string[];
  keptAside: { symbol: string; reason: string }[];
  /** Whole-storage problems found on the way (a schemaVersion this build never wrote), for a notice. */
  problems: string[];
}

export function parseV1Plan(
  symbol: string,
  flat: unknown,
  now: number,
): { plan: StoredPlan } | { reason: string } {
  if (typeof flat !== 'string') return { reason: `v1 plan is ${typeof flat}, expected a string` };
  const parts = flat.split('|');
  if (parts.length !== 5)
    return { reason: `v1 plan "${flat}" has ${parts.length} fields, expected side|entry|stop|ladder|trail` };
  const [side, entry, stop, ladder, trail] = parts.map((p) => p.trim());
  const text = { side, entry, stop, ...(ladder ? { ladder } : {}), ...(trail ? { trail } : {}) };
  return validateStoredPlan({ v: 2, symbol, text, updatedAt: now }, symbol);
}

async function migrateV1toV2(area: StorageArea, now: number, report: MigrationReport): Promise<void> {
  const { [V1_PLANS_KEY]: v1 } = await area.get(V1_PLANS_KEY);
  if (v1 !== undefined) {
    await area.set({ [V1_BACKUP_KEY]: v1 });
    const entries = v1 && typeof v1 === 'object' ? Object.entries(v1 as Record<string, unknown>) : [];
    if (!v1 || typeof v1 !== 'object') {
      report.keptAside.push({ symbol: '(all)', reason: 'v1 plans were not an object' });
      await area.set({
        [`${CORRUPT_PREFIX}(v1):${now}`]: {
          symbol: null,
          raw: v1,
          reason: 'v1 plans were not an object',
          at: now,
        },
      });
    }
    const existing = await area.get(entries.map(([ticker]) => planKey(cleanSymbol(ticker) ?? ticker)));
    const writes: Record<string, unknown> = {};
    for (const [ticker, flat] of entries) {
      const symbol = cleanSymbol(ticker);
      const result = symbol ? parseV1Plan(symbol, flat, now) : { reason: `"${ticker}" is not a symbol` };
      if ('plan' in result && existing[planKey(result.plan.symbol)] === undefined) {
        writes[planKey(result.plan.symbol)] = result.plan;
        report.migrated.push(result.plan.symbol);
      } else {
        const reason = 'reason' in result ? result.reason : 'a schema-2 plan for this symbol already exists';
        writes[`${CORRUPT_PREFIX}${symbol ?? ticker}:${now}`] = {
          symbol: symbol ?? ticker,
          raw: flat,
          reason,
          at: now,
        };
        report.keptAside.push({ symbol: symbol ?? ticker, reason });
      }
    }
    await area.set(writes);
  }
  // Only now that every plan is written does the old object go, and the version move on.
  await area.set({ [SCHEMA_KEY]: 2 });
  if (v1 !== undefined) await area.remove(V1_PLANS_KEY);
}

const STEPS: Record<number, (area: StorageArea, now: number, report: MigrationReport) => Promise<void>> = {
  1: migrateV1toV2,
};

/** The schema a stored version names: a missing key is schema 1 (it had none); null if it names none we wrote. */
export function knownSchema(stored: unknown): number | null {
  if (stored === undefined) return 1;
  return typeof stored === 'number' && Number.isInteger(stored) && stored >= 1 && stored <= CURRENT_SCHEMA
    ? stored
    : null;
}

/**
 * A version this build never wrote (0, 1.5, "2", -1, or one from a newer build): the value is
 * kept aside like any unreadable plan, and the data is read for what it is: schema 1's single
 * `plans` object if there is one, else schema 2's one record per symbol (each still checked
 * when it is loaded, and kept aside if unreadable). Nothing is deleted.
 */
async function recoverSchema(
  area: StorageArea,
  stored: unknown,
  now: number,
): Promise<{ from: number; problem: string }> {
  const { [V1_PLANS_KEY]: v1 } = await area.get(V1_PLANS_KEY);
  const from = v1 !== undefined ? 1 : CURRENT_SCHEMA;
  const newer = typeof stored === 'number' && stored > CURRENT_SCHEMA;
  const reason = newer
    ? `schemaVersion ${JSON.stringify(stored)} is newer than this version of exitplan understands (${CURRENT_SCHEMA}); was a newer exitplan installed before?`
    : `schemaVersion ${JSON.stringify(stored)} is not a version exitplan writes (1 to ${CURRENT_SCHEMA})`;
  await area.set({
    [`${CORRUPT_PREFIX}(schemaVersion):${now}`]: { symbol: '(schemaVersion)', raw: stored, reason, at: now },
  });
  if (from === CURRENT_SCHEMA) await area.set({ [SCHEMA_KEY]: CURRENT_SCHEMA });
  return {
    from,
    problem: `Stored data: ${reason}. The value was kept aside (see the popup) and the saved plans were read as schema ${from}; any plan that cannot be read is kept aside too, nothing was deleted.`,
  };
}

/** Brings storage to the current schema. A missing version means schema 1 (it had no version key). */
export async function migrateStorage(area: StorageArea, now = Date.now()): Promise<MigrationReport> {
  const { [SCHEMA_KEY]: stored } = await area.get(SCHEMA_KEY);
  let from = knownSchema(stored);
  const problems: string[] = [];
  if (from === null) {
    const recovered = await recoverSchema(area, stored, now);
    from = recovered.from;
    problems.push(recovered.problem);
  }
  const report: MigrationReport = { from, to: from, migrated: [], keptAside: [], problems };
  for (let version = from; version < CURRENT_SCHEMA; version++) {
    await STEPS[version](area, now, report);
    report.to = version + 1;
  }
  return report;
}
