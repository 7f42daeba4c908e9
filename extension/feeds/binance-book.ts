import {
  startBinanceBookFeed,
  type BinanceBookStream,
  type BookDepth,
  type BookTop,
  type BookTrade,
  type FeedNotice,
} from '../../engine/index.js';
import type { Market } from './market.js';
import type { Feed, FeedEnvironment, FeedStatus } from './types.js';

/** What the panel hears from the order book stream. */
export interface BookHandlers {
  onTop(top: BookTop): void;
  onTrade(trade: BookTrade): void;
  /** A partial-book snapshot, when a depth stream is asked for (older or repeated ones dropped). */
  onDepth?(depth: BookDepth): void;
  onStatus(status: FeedStatus): void;
  /** Skipped or missed messages: shown, not fatal; `key` is the same for every repeat. */
  onWarning?(message: string, key: string): void;
}

/**
 * The live order book beside the kline feed: Binance's `@bookTicker` (best bid/ask),
 * `@aggTrade` (trades with their aggressor) and, when `depthStream` is given, a partial book
 * (`@depth10@100ms`: the levels behind the touch) on one combined socket, with the kline feed's
 * reconnect and stale handling (engine/feeds/binance-book.ts). Only Binance markets have a
 * public book stream; for others this returns null and the panel shows no book.
 */
export function startBookFeed(
  market: Market,
  env: FeedEnvironment,
  handlers: BookHandlers,
  staleMs?: number,
  depthStream?: Extract<BinanceBookStream, `depth${string}`>,
): Feed | null {
  if (market.feed !== 'binance') return null;
  const streams: BinanceBookStream[] = ['bookTicker', 'aggTrade'];
  if (depthStream) streams.push(depthStream);
  return startBinanceBookFeed({ market: market.market, symbol: market.symbol, staleMs, streams }, env, {
    onTop: (top) => handlers.onTop(top),
    onTrade: (trade) => handlers.onTrade(trade),
    onDepth: (depth) => handlers.onDepth?.(depth),
    onStatus: (status) => handlers.onStatus(status),
    onNotice: (notice: FeedNotice) => handlers.onWarning?.(notice.text, `book:${notice.key}`),
  });
}
