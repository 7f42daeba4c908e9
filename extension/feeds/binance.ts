import { BINANCE_INTERVALS, startBinanceKlineFeed } from '../../engine/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import { pickInterval } from './intervals.js';
import { engineHandlers, type Feed, type FeedEnvironment, type FeedHandlers } from './types.js';

export { BINANCE_ENDPOINTS, BINANCE_INTERVALS } from '../../engine/index.js';

export interface BinanceFeedOptions {
  market: 'spot' | 'futures';
  /** "BTCUSDT". */
  symbol: string;
  timeframe: Timeframe;
  historyBars?: number;
  /** No stream message for this long: stale; four times this: reconnect (engine/feeds). */
  staleMs?: number;
}

/** The panel's Binance feed: the chart's timeframe mapped to a Binance interval, then engine/feeds. */
export function startBinanceFeed(
  options: BinanceFeedOptions,
  env: FeedEnvironment,
  handlers: FeedHandlers,
): Feed {
  const { interval, note } = pickInterval(options.timeframe, BINANCE_INTERVALS);
  if (note) handlers.onWarning?.(note, 'feed:interval');
  return startBinanceKlineFeed(
    {
      market: options.market,
      symbol: options.symbol,
      interval,
      historyBars: options.historyBars,
      staleMs: options.staleMs,
    },
    env,
    engineHandlers(handlers),
  );
}
