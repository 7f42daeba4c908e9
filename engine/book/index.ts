// The order book (engine/book/): LOBSTER files, streaming book indicators, the four shields,
// slippage against the mid and a plan replayed through book updates. BookTop and BookTrade
// are exported by the feeds' index (they are the live streams' shapes too).
export { BookError } from './book-error.js';
export { CorrelationShield, EntropyGuard } from './bar-shields.js';
export { ImbalanceShield, LiquidityShield } from './book-shields.js';
export { BookIndicators } from './indicators.js';
export {
  LOBSTER_EMPTY_ASK,
  LOBSTER_EMPTY_BID,
  LobsterReader,
  lobsterMidnightMs,
  readLobster,
  type HaltState,
  type LobsterHandler,
  type LobsterOptions,
  type LobsterSummary,
} from './lobster.js';
export { dateFromLobsterName, newYorkMidnightMs, newYorkOffsetHours } from './ny-time.js';
export {
  BookReplay,
  type BookEvent,
  type BookReason,
  type BookReplayOptions,
  type BookReplayResult,
} from './replay.js';
export { RollingMedian } from './rolling-median.js';
export {
  DEFAULT_CORRELATION,
  DEFAULT_ENTROPY,
  DEFAULT_IMBALANCE,
  DEFAULT_LIQUIDITY,
  formatCorrelation,
  formatEntropy,
  formatImbalance,
  formatLiquidity,
  parseCorrelation,
  parseEntropy,
  parseImbalance,
  parseLiquidity,
  type CorrelationSpec,
  type EntropySpec,
  type ImbalanceSpec,
  type LiquiditySpec,
} from './shield-spec.js';
export { emptyFill, fillExit, slippageAgainstMid, type BookFill } from './slippage.js';
export { TradeBarBuilder } from './trade-bars.js';
export {
  SHIELD_BASE,
  SHIELD_POLICIES,
  shieldDirectors,
  shieldFires,
  shieldPolicy,
} from './shield-policies.js';
