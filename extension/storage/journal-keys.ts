/**
 * Where the trade journal lives in browser.storage.local, beside the plans (keys.ts). One key
 * per trade, like one key per plan: a fill rewrites only its own trade, so two tabs journaling
 * different symbols cannot overwrite each other, and a failed write can lose at most that write.
 */
export const JOURNAL_SCHEMA_KEY = 'journal:schemaVersion';
/** The journal's storage schema this build writes; older ones are migrated (journal-migrations.ts). */
export const JOURNAL_STORAGE_SCHEMA = 1;
export const JOURNAL_TRADE_PREFIX = 'journal:trade:';
/** Imported fills no trade could take: kept, never dropped, until the trader assigns them. */
export const JOURNAL_UNMATCHED_KEY = 'journal:unmatched';

export const journalTradeKey = (id: string): string => `${JOURNAL_TRADE_PREFIX}${id}`;
