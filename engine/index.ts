// The exit engine's whole public surface. Pure TypeScript: no DOM, no Node APIs.
export type { Bar, Side, StreamingIndicator } from './types.js';
export { BarsError, PlanError } from './errors.js';
export * from './indicators/index.js';
export type {
  BreakevenSpec,
  DecaySpec,
  ExhaustionSpec,
  FeeSpec,
  LegSpec,
  PlanSpec,
  StopSpec,
  SwingSpec,
  TargetSpec,
  TrailSpec,
} from './plan/types.js';
export {
  DEFAULT_ATR_PERIOD,
  DEFAULT_BB_K,
  DEFAULT_BB_PERIOD,
  DEFAULT_CHANDELIER_LOOKBACK,
  DEFAULT_EXHAUSTION,
  DEFAULT_EXHAUSTION_TAKE,
  DEFAULT_INDICATORS,
  DEFAULT_MAX_BARS,
  DEFAULT_RSI_OVERBOUGHT,
  DEFAULT_RSI_OVERSOLD,
  DEFAULT_RSI_PERIOD,
  DEFAULT_SIZE,
} from './plan/defaults.js';
export { PLAN_FIELDS, planField } from './plan/fields.js';
export type { PlanField } from './plan/fields.js';
export { isLastEntry, isPlanSpec, withLastEntry } from './plan/input.js';
export {
  MAX_PLAN_NUMBER,
  parseBreakeven,
  parseDecay,
  parseExhaustion,
  parseFees,
  parseLadder,
  parsePlan,
  parseSide,
  parseSize,
  parseStop,
  parseSwing,
  parseTime,
  parseTrail,
  validatePlan,
} from './plan/parse.js';
export type { PlanText } from './plan/parse.js';
export { describePlan, formatPlan } from './plan/format.js';
export type {
  Fill,
  FillReason,
  LegState,
  LineRole,
  MarkerRole,
  Overlay,
  OverlayLine,
  OverlayMarker,
  PlanLevels,
  PositionState,
  PositionStatus,
  TrailPoint,
} from './exits/types.js';
export { ContextColumns, contextNeeds, emptyContext, StreamingContext } from './exits/context.js';
export type { ContextNeeds, MarketContext } from './exits/context.js';
export { formatPrice, formatR, resolveLevels } from './exits/levels.js';
export { Position } from './exits/position.js';
export type { PositionOptions, Slippage } from './exits/position.js';
export { computeOverlay, ExitTracker } from './exits/tracker.js';
export type { TrackerOptions } from './exits/tracker.js';
export type { IntrabarRule } from './exits/tick-path.js';
export {
  barsFromColumns,
  CsvBarReader,
  parseBarColumnsCsv,
  parseBarsCsv,
  parseBarsJson,
  validateBars,
} from './io/bars.js';
export { ChartSession, DEFAULT_INDICATOR_SETTINGS, EngineSession, LabSession } from './session.js';
export type {
  IndicatorPoint,
  IndicatorSeries,
  IndicatorSettings,
  LabSessionOptions,
  TickDelta,
  TickResult,
} from './session.js';
export * from './backtest/index.js';
// Live market-data feeds (engine/feeds/): DOM-free; fetch, sockets and timers come in a FeedEnvironment.
export type {
  BinanceBookOptions,
  BinanceKlineOptions,
  BookDepth,
  BookFeedHandlers,
  BookLevel,
  BookTop,
  BookTrade,
  Feed,
  FeedEnvironment,
  FeedHandlers,
  FeedNotice,
  FeedResponse,
  FeedSocket,
  FeedState,
  FeedStatus,
  SocketEvents,
  YahooPollOptions,
} from './feeds/index.js';
export {
  BINANCE_ENDPOINTS,
  BINANCE_INTERVALS,
  binanceKlineProblem,
  describeFeedStatus,
  startBinanceBookFeed,
  startBinanceKlineFeed,
  startYahooPoll,
  YAHOO_CHART_URL,
  YAHOO_INTERVALS,
  yahooPollProblem,
} from './feeds/index.js';
export * from './ml/index.js';

// The order book: LOBSTER reader, book indicators, shields, slippage, book replay (engine/book/).
export * from './book/index.js';

// The trade journal (schema, importers, report, audit): one namespace, see docs/journal.md.
export * as journal from './journal/index.js';
