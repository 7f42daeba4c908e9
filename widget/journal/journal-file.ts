import { journal as J, type Bar } from '../../engine/index.js';

/** A file read but not yet taken in: the trader sees its problems and confirms, or cancels. */
export interface PendingJournal {
  name: string;
  problems: J.ImportProblem[];
  warnings: J.ImportProblem[];
  /** What confirming takes in: the readable rows only. */
  take: () => J.Journal;
}

/** The plan a fills file's trades are reported against when the file carries none. */
export const DEFAULT_FILLS_PLAN = 'stop=atr14x1.5 ladder=1R:50 trail=atr14x2.5@1';

/** "stop=atr14x1.5 ladder=1R:50" -> plan fields for a fills file (side and entry come from the fills). */
export function planFields(text: string): { stop: string; [key: string]: string } {
  const fields: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/)) {
    const m = /^(\w+)=(.+)$/.exec(part);
    if (!m) throw new Error(`plan: "${part}" is not key=value, e.g. stop=2% ladder=1R:50`);
    fields[m[1]] = m[2];
  }
  if (!fields.stop) throw new Error('plan: give stop=..., e.g. stop=atr14x1.5');
  return { ...fields, stop: fields.stop };
}

/**
 * Reads a journal export (JSON, or the journal CSV) or a fills export (Binance Spot,
 * TradingView List of trades, plain time,side,price,qty,fee[,symbol]) into a pending import.
 * A fills file becomes trades on `planText` (one round trip per flat-to-flat run of fills).
 * Throws only for a file that cannot be read at all (bad JSON, a bad plan); bad rows are
 * problems naming their row and field.
 */
export function readJournalFile(
  name: string,
  text: string,
  planText: string,
  symbol: string,
): PendingJournal {
  if (/^\s*[[{]/.test(text)) {
    const journal = J.parseJournalJson(text);
    return { name, problems: [], warnings: [], take: () => journal };
  }
  if (/^\W*trade_id,/i.test(text)) {
    const preview = J.previewJournalCsv(text);
    return { name, problems: preview.problems, warnings: [], take: () => preview.journal };
  }
  const preview = J.previewImport(text, { symbol: symbol || undefined });
  const plan = planFields(planText);
  return {
    name,
    problems: preview.problems,
    warnings: preview.warnings,
    take: () => {
      const bySymbol = new Map<string, J.JournalFill[]>();
      for (const { row: _row, symbol: s, ref: _ref, ...fill } of preview.fills) {
        const key = s ?? (symbol || 'UNKNOWN');
        bySymbol.set(key, [...(bySymbol.get(key) ?? []), fill]);
      }
      const trades = [...bySymbol.entries()].flatMap(([s, fills]) => J.tradesFromFills(fills, plan, s));
      return { ...J.emptyJournal(), trades };
    },
  };
}

/** The report, summary and audit of a journal on one series of bars (the engine's, unchanged). */
export interface JournalResult {
  reports: J.TradeReport[];
  summary: J.JournalSummary | null;
  audit: J.AuditReport | null;
  error: string;
}

export function computeJournal(journal: J.Journal, bars: readonly Bar[], horizon: number): JournalResult {
  try {
    const reports = J.reportTrades(journal.trades, () => bars);
    return {
      reports,
      summary: J.summarize(reports),
      audit: J.auditTrades(journal.trades, () => bars, horizon),
      error: '',
    };
  } catch (e) {
    return { reports: [], summary: null, audit: null, error: (e as Error).message };
  }
}
