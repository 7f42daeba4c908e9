import { startYahooPoll, YAHOO_INTERVALS } from '../../engine/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import { pickInterval } from './intervals.js';
import { engineHandlers, type Feed, type FeedEnvironment, type FeedHandlers } from './types.js';

export { YAHOO_CHART_URL, YAHOO_INTERVALS } from '../../engine/index.js';

export interface YahooFeedOptions {
  /** Yahoo's spelling: SPY, ES=F, EURUSD=X, BTC-USD. */
  symbol: string;
  timeframe: Timeframe;
  historyBars?: number;
  pollMs?: number;
}

/** The panel's Yahoo feed: the chart's timeframe mapped to a Yahoo interval, then engine/feeds' poller. */
export function startYahooFeed(
  options: YahooFeedOptions,
  env: FeedEnvironment,
  handlers: FeedHandlers,
): Feed {
  const { interval, note } = pickInterval(options.timeframe, YAHOO_INTERVALS);
  if (note) handlers.onWarning?.(note, 'feed:interval');
  return startYahooPoll(
    { symbol: options.symbol, interval, historyBars: options.historyBars, pollMs: options.pollMs },
    env,
    engineHandlers(handlers),
  );
}
