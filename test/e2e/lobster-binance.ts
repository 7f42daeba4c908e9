import fs from 'node:fs';
import path from 'node:path';
import {
  readLobster,
  type BookDepth,
  type BookLevel,
  type BookTop,
  type BookTrade,
} from '../../engine/index.js';
import { inferDepth } from '../unit/support/lobster-depth.js';

/**
 * The real LOBSTER AMZN day (../shared/data/lobster, format in ../shared/data/README.md) turned
 * into the messages Binance's public streams send, so the extension's book stream can be fed at
 * the network boundary with recorded data: each orderbook row becomes a spot `@bookTicker`
 * message (update id, best bid/ask with sizes; spot's bookTicker carries no time), each
 * execution an `@aggTrade` message and, for a backfill after a gap, the REST `aggTrades` row.
 * Aggregate trade ids are numbered without holes from `firstTradeId`, as Binance numbers them.
 * USDⓈ-M futures' bookTicker carries the transaction time (`T`) and the event time (`E`): fed as
 * futures, the panel's book runs on the LOBSTER clock (shifted by `shiftMs`), so a test in Node
 * can replay the very same timed updates.
 */
const LOB = path.resolve(process.cwd(), '../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_');

export interface LobsterRow {
  /** 1-based data row of the LOBSTER files (the header is row 0). */
  row: number;
  top: BookTop;
  /** The execution this row's event was, if any. */
  trade: BookTrade | null;
}

let cached: LobsterRow[] | null = null;

/** Every row of the day, in order (read once per process). */
export function lobsterRows(): LobsterRow[] {
  if (cached) return cached;
  const rows: LobsterRow[] = [];
  let pending: BookTrade | null = null;
  readLobster(
    fs.readFileSync(`${LOB}message_1.csv`, 'utf8'),
    fs.readFileSync(`${LOB}orderbook_1.csv`, 'utf8'),
    {
      // The reader reuses its objects: copy them.
      trade: (t) => void (pending = { ...t }),
      top: (t) => {
        rows.push({ row: rows.length + 1, top: { ...t }, trade: pending });
        pending = null;
      },
    },
    { date: '2012-06-21' },
  );
  cached = rows;
  return rows;
}

/** A stretch of the day as Binance messages: update ids and trade ids assigned in order. */
export interface BinanceBookScript {
  symbol: string;
  rows: LobsterRow[];
  /** Per row: its bookTicker update id. */
  updateIds: number[];
  /** Per row: the aggTrade id of its execution, or null. */
  tradeIds: (number | null)[];
  /** 'futures': bookTicker messages carry the book time (T, E); 'spot': they carry none. */
  market: 'spot' | 'futures';
  /** Added to every LOBSTER time (to put the stretch where the chart's bars are). */
  shiftMs: number;
  /**
   * Per row: the partial book (20 levels a side) after it, inferred from the level-1 rows of
   * the stretch (test/unit/support/lobster-depth.ts), with the row's update id.
   */
  depth: BookDepth[];
  /**
   * Per row: whether Binance's `@depth<N>@100ms` would send a snapshot after it: the first row
   * of each 100 ms of book time (the stream's cadence), the book as that row left it.
   */
  depthDue: boolean[];
}

export function bookScript(
  symbol: string,
  from: number,
  count: number,
  firstUpdateId = 400_900_000,
  firstTradeId = 3_000_000,
  market: 'spot' | 'futures' = 'spot',
  shiftMs = 0,
): BinanceBookScript {
  const rows = lobsterRows()
    .slice(from, from + count)
    .map((r) => ({
      row: r.row,
      // Binance's times are whole milliseconds; LOBSTER's go to the nanosecond.
      top: { ...r.top, timeMs: Math.round(r.top.timeMs + shiftMs) },
      trade: r.trade && { ...r.trade, timeMs: Math.round(r.trade.timeMs + shiftMs) },
    }));
  let tradeId = firstTradeId;
  const tradeIds = rows.map((r) => (r.trade ? tradeId++ : null));
  for (const r of rows) {
    // Binance never sends an empty side; LOBSTER marks one with ±9999999999 (read as NaN).
    if (Number.isNaN(r.top.bidPrice) || Number.isNaN(r.top.askPrice))
      throw new Error(`LOBSTER row ${r.row} has an empty side: pick a stretch without one`);
  }
  const updateIds = rows.map((_, i) => firstUpdateId + i);
  const depth = inferDepth(
    rows.map((r) => r.top),
    20,
    firstUpdateId,
  );
  const depthDue = rows.map(
    (r, i) => i === 0 || Math.floor(r.top.timeMs / 100) !== Math.floor(rows[i - 1].top.timeMs / 100),
  );
  return { symbol, rows, updateIds, tradeIds, market, shiftMs, depth, depthDue };
}

const price = (x: number): string => x.toFixed(8);

/**
 * `<symbol>@bookTicker` on the combined stream: spot's (no event type, no time) or futures'
 * (`e: "bookTicker"`, transaction time `T` and event time `E`, here the book time).
 */
export function bookTickerMessage(
  symbol: string,
  updateId: number,
  top: BookTop,
  market: 'spot' | 'futures' = 'spot',
): string {
  const quote = {
    u: updateId,
    s: symbol,
    b: price(top.bidPrice),
    B: price(top.bidSize),
    a: price(top.askPrice),
    A: price(top.askSize),
  };
  const data = market === 'spot' ? quote : { e: 'bookTicker', ...quote, T: top.timeMs, E: top.timeMs };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@bookTicker`, data });
}

const levels = (side: readonly BookLevel[], n: number): [string, string][] =>
  side.slice(0, n).map(([p, q]) => [price(p), price(q)]);

/**
 * `<symbol>@depth<levels>@100ms` on the combined stream: spot's partial book (`lastUpdateId`,
 * `bids`, `asks`; no time) or futures' (`e: "depthUpdate"`, book time `T`, update ids, `b`, `a`).
 */
export function depthMessage(
  symbol: string,
  depth: BookDepth,
  market: 'spot' | 'futures' = 'spot',
  levelsPerSide = 10,
): string {
  const id = depth.updateId ?? 0;
  const data =
    market === 'spot'
      ? { lastUpdateId: id, bids: levels(depth.bids, levelsPerSide), asks: levels(depth.asks, levelsPerSide) }
      : {
          e: 'depthUpdate',
          E: depth.timeMs,
          T: depth.timeMs,
          s: symbol,
          U: id,
          u: id,
          pu: id - 1,
          b: levels(depth.bids, levelsPerSide),
          a: levels(depth.asks, levelsPerSide),
        };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@depth${levelsPerSide}@100ms`, data });
}

/** The REST `GET /api/v3/aggTrades` row of one trade (`m`: the buyer was the maker, a sell). */
export function aggTradeRow(id: number, trade: BookTrade, timeMs: number): Record<string, unknown> {
  return {
    a: id,
    p: price(trade.price),
    q: price(trade.size),
    f: id,
    l: id,
    T: timeMs,
    m: trade.aggressor === 'sell',
    M: true,
  };
}

/** Spot `<symbol>@aggTrade` on the combined stream. */
export function aggTradeMessage(symbol: string, id: number, trade: BookTrade, timeMs: number): string {
  return JSON.stringify({
    stream: `${symbol.toLowerCase()}@aggTrade`,
    data: { e: 'aggTrade', E: timeMs, s: symbol, ...aggTradeRow(id, trade, timeMs) },
  });
}
