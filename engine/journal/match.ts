import { JournalError } from './schema.js';
import type { ImportPreview } from './importers.js';
import type { PlanText } from '../plan/parse.js';
import type { ImportedFill, Journal, JournalFill, JournalTrade } from './types.js';

/** Relative size tolerance when a fill closes a position exactly (float sums of partial fills). */
const SIZE_EPS = 1e-9;

/** "BINANCE:BTCUSDT", "btc/usdt" and "BTCUSDT" are the same market. */
export const symbolKey = (symbol: string): string =>
  symbol
    .replace(/^[A-Z0-9_]+:/i, '')
    .replace(/[^a-z0-9]/gi, '')
    .toUpperCase();

export const tradeDirection = (t: JournalTrade): 1 | -1 =>
  String(t.plan.side).trim().toLowerCase() === 'short' ? -1 : 1;

/** Units still open: entries minus exits. */
export function openSize(trade: JournalTrade): number {
  const opening = tradeDirection(trade) === 1 ? 'buy' : 'sell';
  let open = 0;
  for (const f of trade.fills) open += f.side === opening ? f.size : -f.size;
  return open;
}

export interface UnmatchedFill {
  fill: ImportedFill;
  reason: string;
}

export interface CommitResult {
  journal: Journal;
  matched: number;
  unmatched: UnmatchedFill[];
}

/** Why `trade` cannot take `fill` now, or null when it can. */
function refusal(trade: JournalTrade, fill: ImportedFill): string | null {
  if (fill.time < trade.planTime) return 'before the plan was made';
  const opening = tradeDirection(trade) === 1 ? 'buy' : 'sell';
  const open = openSize(trade);
  const scale = Math.max(1, Math.abs(open), fill.size) * SIZE_EPS;
  if (trade.fills.length > 0 && Math.abs(open) <= scale) return 'the trade is closed';
  if (fill.side !== opening && fill.size > open + scale) return `exits ${fill.size} with ${open} open`;
  const last = trade.fills[trade.fills.length - 1];
  if (last && fill.time < last.time) return "before the trade's last fill";
  return null;
}

/**
 * Adds previewed fills to the journal: each to the open trade of its symbol whose plan is the
 * newest made before the fill. A fill no trade can take is listed in `unmatched` with why, and
 * kept in the journal's unmatched list, never dropped. With problems in the preview nothing is
 * written unless `acceptProblems` (the trader has seen them): then the readable rows go in.
 */
export function commitImport(
  journal: Journal,
  preview: ImportPreview,
  options: { acceptProblems?: boolean } = {},
): CommitResult {
  if (preview.problems.length > 0 && !options.acceptProblems) {
    const first = preview.problems[0];
    throw new JournalError(
      `row ${first.row} ${first.field}`,
      `${first.message} (${preview.problems.length} problem(s) in all; nothing imported: fix the file or confirm to import the readable rows)`,
    );
  }
  const trades = journal.trades.map((t) => ({ ...t, fills: [...t.fills] }));
  const unmatched: UnmatchedFill[] = [];
  let matched = 0;
  for (const fill of [...preview.fills].sort((a, b) => a.time - b.time)) {
    if (!fill.symbol) {
      unmatched.push({ fill, reason: 'the file names no symbol; import it with the symbol given' });
      continue;
    }
    const key = symbolKey(fill.symbol);
    const candidates = trades
      .filter((t) => symbolKey(t.symbol) === key)
      .sort((a, b) => b.planTime - a.planTime);
    const reasons: string[] = [];
    const target = candidates.find((t) => {
      const why = refusal(t, fill);
      if (why) reasons.push(`${t.id}: ${why}`);
      return why === null;
    });
    if (!target) {
      unmatched.push({
        fill,
        reason: candidates.length === 0 ? `no trade for ${fill.symbol}` : reasons.join('; '),
      });
      continue;
    }
    const { row: _row, symbol: _symbol, ref: _ref, ...own } = fill;
    target.fills.push(own);
    matched++;
  }
  return {
    journal: { ...journal, trades, unmatched: [...journal.unmatched, ...unmatched.map((u) => u.fill)] },
    matched,
    unmatched,
  };
}

/**
 * Round trips from a bare fill list (a fills CSV without a journal): a trade opens when the
 * position is flat and closes when it is flat again, each under `plan` with its side from the
 * first fill, its entry (unless the plan gives one) the first fill's price and `at` its time.
 */
export function tradesFromFills(
  fills: readonly JournalFill[],
  plan: Omit<PlanText, 'side' | 'entry'> & { entry?: number | string },
  symbol: string,
): JournalTrade[] {
  const trades: JournalTrade[] = [];
  let current: JournalTrade | null = null;
  let open = 0;
  for (const fill of [...fills].sort((a, b) => a.time - b.time)) {
    if (current === null) {
      current = {
        id: `${symbolKey(symbol)}-${fill.time}`,
        symbol,
        plan: {
          ...plan,
          side: fill.side === 'buy' ? 'long' : 'short',
          entry: plan.entry ?? fill.price,
          at: fill.time,
        },
        planTime: fill.time,
        edits: [],
        fills: [],
        tags: [],
      };
      trades.push(current);
      open = 0;
    }
    const { ...own } = fill;
    current.fills.push(own);
    open += (fill.side === 'buy' ? 1 : -1) * fill.size * tradeDirection(current);
    if (Math.abs(open) <= Math.max(1, fill.size) * SIZE_EPS) current = null;
  }
  return trades;
}
