import type { Timeframe } from '../shared/timeframe.js';
import { startBinanceFeed } from './binance.js';
import type { Market } from './market.js';
import type { Feed, FeedEnvironment, FeedHandlers } from './types.js';
import { startYahooFeed } from './yahoo.js';

export { describeMarket, resolveMarket } from './market.js';
export type { Market } from './market.js';
export type { Feed, FeedEnvironment, FeedHandlers, FeedStatus } from './types.js';
export { browserFeedEnvironment } from './types.js';

/**
 * Bars of history the panel asks for: one Binance page. The reversal model needs 604 closed
 * bars at its defaults (263 to warm up the features, 300 to train on, 20 for the last label,
 * an embargo of 20, one to score), more than the feeds' default 500.
 */
export const PANEL_HISTORY_BARS = 1000;

export function startFeed(
  market: Market,
  timeframe: Timeframe,
  env: FeedEnvironment,
  handlers: FeedHandlers,
  pollMs?: number,
): Feed {
  return market.feed === 'binance'
    ? startBinanceFeed(
        { market: market.market, symbol: market.symbol, timeframe, historyBars: PANEL_HISTORY_BARS },
        env,
        handlers,
      )
    : startYahooFeed(
        { symbol: market.symbol, timeframe, pollMs, historyBars: PANEL_HISTORY_BARS },
        env,
        handlers,
      );
}
export { startBookFeed, type BookHandlers } from './binance-book.js';
export { trainingHistory } from './training-history.js';
