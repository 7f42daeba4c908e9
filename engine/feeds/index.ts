// The live feeds: DOM-free, every outside piece (fetch, sockets, timers) passed in as a
// FeedEnvironment. The widget and the extension build the environment from the browser's.
export type {
  Feed,
  FeedClock,
  FeedEnvironment,
  FeedHandlers,
  FeedNotice,
  FeedResponse,
  FeedSocket,
  FeedState,
  FeedStatus,
  SocketEvents,
} from './types.js';
export { backoffDelay, parseRetryAfter, rateLimitDelay } from './backoff.js';
export { FeedMessageError } from './errors.js';
export { parseKlineMessage, parseKlines, type KlineUpdate } from './binance-kline-parse.js';
export { parseYahooChart } from './yahoo-parse.js';
export { BarSequencer, cleanHistory } from './sequencer.js';
export { FeedSupervisor, DEFAULT_REQUEST_TIMEOUT_MS, type RequestResult } from './supervisor.js';
export { FeedNotices } from './notices.js';
export { binanceSymbolProblem, yahooSymbolProblem } from './symbols.js';
export { BINANCE_ENDPOINTS, BINANCE_INTERVALS, YAHOO_CHART_URL, YAHOO_INTERVALS } from './intervals.js';
export {
  binanceKlineProblem,
  DEFAULT_STALE_MS,
  startBinanceKlineFeed,
  type BinanceKlineOptions,
} from './binance-klines.js';
export { DEFAULT_POLL_MS, startYahooPoll, yahooPollProblem, type YahooPollOptions } from './yahoo-poll.js';
export { describeFeedStatus } from './describe.js';
export type { BookDepth, BookLevel, BookTop, BookTrade } from '../book/types.js';
export { parseAggTrades, parseBookMessage, type BookMessage } from './binance-book-parse.js';
export {
  startBinanceBookFeed,
  type BinanceBookOptions,
  type BinanceBookStream,
  type BookFeedHandlers,
} from './binance-book.js';
export { BINANCE_BOOK_ENDPOINTS } from './intervals.js';
export { StreamLink, type StreamHooks } from './stream-link.js';
