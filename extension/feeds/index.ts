import type { Timeframe } from '../shared/timeframe.js';
import { startBinanceFeed } from './binance.js';
import type { Market } from './market.js';
import type { Feed, FeedEnvironment, FeedHandlers } from './types.js';
import { startYahooFeed } from './yahoo.js';

export { describeMarket, resolveMarket } from './market.js';
export type { Market } from './market.js';
export type { Feed, FeedEnvironment, FeedHandlers, FeedStatus } from './types.js';
export { browserFeedEnvironment } from './types.js';

export function startFeed(
  market: Market,
  timeframe: Timeframe,
  env: FeedEnvironment,
  handlers: FeedHandlers,
  pollMs?: number,
): Feed {
  return market.feed === 'binance'
    ? startBinanceFeed({ market: market.market, symbol: market.symbol, timeframe }, env, handlers)
    : startYahooFeed({ symbol: market.symbol, timeframe, pollMs }, env, handlers);
}
export { startBookFeed, type BookHandlers } from './binance-book.js';
