import { startBinanceBookFeed, type BookTop, type BookTrade, type FeedNotice } from '../../engine/index.js';
import type { Market } from './market.js';
import type { Feed, FeedEnvironment, FeedStatus } from './types.js';

/** What the panel hears from the order book stream. */
export interface BookHandlers {
  onTop(top: BookTop): void;
  onTrade(trade: BookTrade): void;
  onStatus(status: FeedStatus): void;
  /** Skipped or missed messages: shown, not fatal; `key` is the same for every repeat. */
  onWarning?(message: string, key: string): void;
}

/**
 * The live order book beside the kline feed: Binance's `@bookTicker` (best bid/ask) and
 * `@aggTrade` (trades with their aggressor) on one combined socket, with the kline feed's
 * reconnect and stale handling (engine/feeds/binance-book.ts). Only Binance markets have a
 * public book stream; for others this returns null and the panel shows no book.
 */
export function startBookFeed(
  market: Market,
  env: FeedEnvironment,
  handlers: BookHandlers,
  staleMs?: number,
): Feed | null {
  if (market.feed !== 'binance') return null;
  return startBinanceBookFeed({ market: market.market, symbol: market.symbol, staleMs }, env, {
    onTop: (top) => handlers.onTop(top),
    onTrade: (trade) => handlers.onTrade(trade),
    onStatus: (status) => handlers.onStatus(status),
    onNotice: (notice: FeedNotice) => handlers.onWarning?.(notice.text, `book:${notice.key}`),
  });
}
