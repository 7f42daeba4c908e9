import { journal as J } from '../../engine/index.js';
import type { StorageArea } from '../platform/browser-api.js';
import { JOURNAL_SCHEMA_KEY, JOURNAL_STORAGE_SCHEMA, journalTradeKey } from './journal-keys.js';
import { PLAN_PREFIX } from './keys.js';
import { validateStoredPlan } from './plan-record.js';

/** What bringing the journal's storage up to date did. */
export interface JournalMigration {
  from: number;
  to: number;
  /** Trade ids made from the saved plans of today (schema 0: there was no journal yet). */
  fromPlans: string[];
  /** Saved plans that could not become a trade (unreadable), left where they are. */
  skipped: { symbol: string; reason: string }[];
}

/** A journal schema in storage newer than this build, or not a number: nothing is written. */
export class JournalSchemaError extends Error {
  override readonly name = 'JournalSchemaError';
}

/**
 * Schema 0 -> 1: there was no journal, only the saved plans (`plan:<symbol>`, StoredPlan v2).
 * Each readable plan becomes a trade with no fills yet, through the engine's own reading of
 * plan records (engine/journal/schema.ts migrateJournal), so a plan the trader made before the
 * journal existed is the plan its first fill is recorded against. Idempotent: a trade already
 * written (the worker stopped half-way) is left as it is; the version moves on only at the end.
 */
async function fromPlanRecords(area: StorageArea, report: JournalMigration): Promise<void> {
  const all = await area.get(null);
  const dump: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(PLAN_PREFIX)) continue;
    const symbol = key.slice(PLAN_PREFIX.length);
    const checked = validateStoredPlan(value, symbol);
    if ('plan' in checked) dump[key] = checked.plan;
    else report.skipped.push({ symbol, reason: checked.reason });
  }
  if (Object.keys(dump).length > 0) {
    const writes: Record<string, unknown> = {};
    for (const trade of J.migrateJournal(dump).trades) {
      if (all[journalTradeKey(trade.id)] !== undefined) continue;
      writes[journalTradeKey(trade.id)] = trade;
      report.fromPlans.push(trade.id);
    }
    await area.set(writes);
  }
  await area.set({ [JOURNAL_SCHEMA_KEY]: 1 });
}

const STEPS: Record<number, (area: StorageArea, report: JournalMigration) => Promise<void>> = {
  0: fromPlanRecords,
};

/** Brings the journal's storage to JOURNAL_STORAGE_SCHEMA; a missing version is schema 0 (no journal). */
export async function migrateJournalStorage(area: StorageArea): Promise<JournalMigration> {
  const { [JOURNAL_SCHEMA_KEY]: stored } = await area.get(JOURNAL_SCHEMA_KEY);
  const from = stored === undefined ? 0 : stored;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0 || from > JOURNAL_STORAGE_SCHEMA)
    throw new JournalSchemaError(
      `${JOURNAL_SCHEMA_KEY} is ${JSON.stringify(stored)}: this version of exitplan reads journal schema 0 to ${JOURNAL_STORAGE_SCHEMA}. Nothing was changed; if a newer exitplan wrote it, update exitplan.`,
    );
  const report: JournalMigration = { from, to: from, fromPlans: [], skipped: [] };
  for (let version = from; version < JOURNAL_STORAGE_SCHEMA; version++) {
    await STEPS[version](area, report);
    report.to = version + 1;
  }
  return report;
}
