import { journal as J } from '../../engine/index.js';
import type { StorageArea } from '../platform/browser-api.js';
import { isQuotaError, StorageFullError } from './errors.js';
import { JOURNAL_TRADE_PREFIX, JOURNAL_UNMATCHED_KEY, journalTradeKey } from './journal-keys.js';
import { migrateJournalStorage, type JournalMigration } from './journal-migrations.js';

/** A stored trade that does not read as one: left under its key untouched, and shown. */
export interface UnreadableTrade {
  key: string;
  message: string;
}

export interface StoredJournal {
  journal: J.Journal;
  unreadable: UnreadableTrade[];
}

/**
 * A file read for import but not written: its problems (row, field, fix) and what confirming
 * would add. Nothing reaches storage before `commit`, and with problems only `commit(true)`
 * (the trader confirmed) writes the readable rows.
 */
export interface PendingImport {
  name: string;
  kind: 'journal' | 'fills';
  problems: J.ImportProblem[];
  warnings: J.ImportProblem[];
  /** Trades in the file whose id the stored journal already has: kept as stored, not replaced. */
  existing: string[];
  commit(confirmed: boolean): Promise<{ added: number; matched: number; unmatched: number }>;
}

/** Checks one trade the way a journal file is checked (engine schema), naming the field. */
function checkTrade(trade: J.JournalTrade): J.JournalTrade {
  return J.validateJournal({ v: J.JOURNAL_VERSION, trades: [trade], unmatched: [] }).trades[0];
}

/**
 * The trade journal in browser.storage.local: read and written from the extension's own pages
 * (the panel frame, the journal page), never through the service worker, so a stopped worker
 * loses nothing. Every access runs the journal's storage migration first.
 */
export class JournalStore {
  private migrated: Promise<JournalMigration> | null = null;

  constructor(private readonly area: StorageArea) {}

  ready(): Promise<JournalMigration> {
    this.migrated ??= migrateJournalStorage(this.area);
    return this.migrated;
  }

  private async write(items: Record<string, unknown>): Promise<void> {
    try {
      await this.area.set(items);
    } catch (error) {
      if (isQuotaError(error)) throw new StorageFullError(Object.keys(items).join(', '));
      throw error;
    }
  }

  /** Every trade (oldest plan first) and the unmatched fills; a trade that cannot be read is listed, not dropped. */
  async load(): Promise<StoredJournal> {
    await this.ready();
    const all = await this.area.get(null);
    const trades: J.JournalTrade[] = [];
    const unreadable: UnreadableTrade[] = [];
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(JOURNAL_TRADE_PREFIX)) continue;
      try {
        trades.push(checkTrade(value as J.JournalTrade));
      } catch (error) {
        unreadable.push({ key, message: (error as Error).message });
      }
    }
    trades.sort((a, b) => a.planTime - b.planTime || a.id.localeCompare(b.id));
    let unmatched: J.ImportedFill[] = [];
    try {
      unmatched = J.validateJournal({ trades: [], unmatched: all[JOURNAL_UNMATCHED_KEY] ?? [] }).unmatched;
    } catch (error) {
      unreadable.push({ key: JOURNAL_UNMATCHED_KEY, message: (error as Error).message });
    }
    return { journal: { v: J.JOURNAL_VERSION, trades, unmatched }, unreadable };
  }

  /** The trades of one market (BINANCE:BTCUSDT, BTCUSDT and BTC/USDT alike), oldest plan first. */
  async tradesFor(symbol: string): Promise<J.JournalTrade[]> {
    const key = J.symbolKey(symbol);
    return (await this.load()).journal.trades.filter((t) => J.symbolKey(t.symbol) === key);
  }

  /** Writes one trade after checking it field by field (a JournalError names the field). */
  async saveTrade(trade: J.JournalTrade): Promise<J.JournalTrade> {
    await this.ready();
    const checked = checkTrade(structuredClone(trade));
    await this.write({ [journalTradeKey(checked.id)]: checked });
    return checked;
  }

  async exportJson(): Promise<string> {
    return J.journalToJson((await this.load()).journal);
  }

  async exportCsv(): Promise<string> {
    return J.journalToCsv((await this.load()).journal);
  }

  /**
   * Reads a file for import: a journal JSON (or saved plan records), a journal CSV, or a fills
   * export (Binance Spot, TradingView List of trades, plain CSV) whose fills are matched to the
   * stored trades. A file that cannot be read at all throws (a JournalError naming the field).
   */
  async previewImport(name: string, text: string, symbol?: string): Promise<PendingImport> {
    const { journal: stored } = await this.load();
    const ids = new Set(stored.trades.map((t) => t.id));
    const asJournal = (file: J.Journal, problems: J.ImportProblem[]): PendingImport => ({
      name,
      kind: 'journal',
      problems,
      warnings: [],
      existing: file.trades.filter((t) => ids.has(t.id)).map((t) => t.id),
      commit: async (confirmed) => {
        if (problems.length > 0 && !confirmed)
          throw new Error(
            `${name}: ${problems.length} row(s) cannot be read; nothing imported until confirmed`,
          );
        // Read again at commit: a fill written by the panel since the preview must not be lost.
        const { journal: current } = await this.load();
        const have = new Set(current.trades.map((t) => t.id));
        const fresh = file.trades.filter((t) => !have.has(t.id));
        const writes: Record<string, unknown> = {};
        for (const t of fresh) writes[journalTradeKey(t.id)] = checkTrade(t);
        if (file.unmatched.length > 0)
          writes[JOURNAL_UNMATCHED_KEY] = [...current.unmatched, ...file.unmatched];
        await this.write(writes);
        return { added: fresh.length, matched: 0, unmatched: file.unmatched.length };
      },
    });
    if (/^\s*[[{]/.test(text)) return asJournal(J.parseJournalJson(text), []);
    if (/^\W*trade_id,/i.test(text)) {
      const csv = J.previewJournalCsv(text);
      return asJournal(csv.journal, csv.problems);
    }
    const preview = J.previewImport(text, { symbol });
    return {
      name,
      kind: 'fills',
      problems: preview.problems,
      warnings: preview.warnings,
      existing: [],
      commit: async (confirmed) => {
        const { journal: current } = await this.load();
        const result = J.commitImport(current, preview, { acceptProblems: confirmed });
        const writes: Record<string, unknown> = {};
        for (const [i, t] of result.journal.trades.entries())
          if (t.fills.length !== current.trades[i].fills.length) writes[journalTradeKey(t.id)] = t;
        writes[JOURNAL_UNMATCHED_KEY] = result.journal.unmatched;
        await this.write(writes);
        return { added: 0, matched: result.matched, unmatched: result.unmatched.length };
      },
    };
  }
}
