// The exit engine's public surface. Pure TypeScript: no DOM, no Node APIs.
//
// Every name is listed, no `export *`: what the widget, the extension, the CLI and the tests
// import from here, nothing else (the areas' own index files, such as engine/ml/index.ts, list
// more for code inside the engine). test/unit/engine/public-surface.test.ts pins the values, so
// a new export is a decision: add it there with the name of the part that needs it.
export type { Bar, Side } from './types.js';
export { BarsError, PlanError } from './errors.js';

// Indicators (engine/indicators/): streaming classes and the batch forms the chart uses.
export {
  ATR,
  atrBatch,
  barsToColumns,
  bbandsBatch,
  BollingerBands,
  EMA,
  RSI,
  rsiBatch,
  SMA,
  StdDev,
  TrueRange,
} from './indicators/index.js';
export type { BarColumns } from './indicators/index.js';

// The plan: its types, defaults, field table, parser and printer (engine/plan/).
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
  DEFAULT_EXHAUSTION,
  DEFAULT_EXHAUSTION_TAKE,
  DEFAULT_INDICATORS,
  DEFAULT_MAX_BARS,
  DEFAULT_RSI_OVERBOUGHT,
  DEFAULT_RSI_OVERSOLD,
  DEFAULT_RSI_PERIOD,
} from './plan/defaults.js';
export { PLAN_FIELDS, planField } from './plan/fields.js';
export type { PlanField } from './plan/fields.js';
export { isLastEntry, isPlanSpec, withLastEntry } from './plan/input.js';
export type { PolicyRef } from './plan/policy-ref.js';
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
  parseTrail,
  validatePlan,
} from './plan/parse.js';
export type { PlanText } from './plan/parse.js';
// The one time grammar of every surface (docs/times.md).
export { parseTime } from './io/time.js';
export { describePlan, formatPlan } from './plan/format.js';

// Exits: levels, the position, the tracker and what they draw (engine/exits/).
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

// Bars from CSV and JSON (engine/io/).
export {
  barsFromColumns,
  CsvBarReader,
  parseBarColumnsCsv,
  parseBarsCsv,
  parseBarsJson,
  validateBars,
} from './io/bars.js';

// The sessions the workers expose (engine/session.ts).
export { ChartSession, DEFAULT_INDICATOR_SETTINGS, EngineSession, LabSession } from './session.js';
export type {
  IndicatorPoint,
  IndicatorSeries,
  IndicatorSettings,
  LabSessionOptions,
  TickDelta,
  TickResult,
} from './session.js';

// The backtest lab (engine/backtest/).
export {
  BacktestCancelled,
  BacktestError,
  compilePolicy,
  DEFAULT_POLICIES,
  labOptions,
  parseEntryRule,
  resolveEntries,
  runLab,
} from './backtest/index.js';
export type {
  BacktestProgress,
  CostSpec,
  LabReport,
  LabRequest,
  PolicyDef,
  PolicyResult,
  Trade,
  TradeFill,
} from './backtest/index.js';

// Live market-data feeds (engine/feeds/): DOM-free; fetch, sockets and timers come in a FeedEnvironment.
export type {
  BinanceBookOptions,
  BinanceBookStream,
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
  parseKlines,
  startBinanceBookFeed,
  startBinanceKlineFeed,
  startYahooPoll,
  YAHOO_CHART_URL,
  YAHOO_INTERVALS,
} from './feeds/index.js';

// The reversal model and the learned exit policy (engine/ml/): docs/reversal-model.md, docs/exit-policy.md.
export {
  buildModelFile,
  buildPolicyFile,
  CONTENDERS,
  DEFAULT_POLICY_SETTINGS,
  defaultRetrainEvery,
  heatMap,
  judgePolicy,
  labDirectors,
  loadModelFile,
  loadPolicyFile,
  MlError,
  policyFilesNamed,
  PolicySession,
  REGIME_SETTINGS,
  REGIMES,
  regimesBatch,
  RESPONSE_MATRIX,
  reversalFor,
  reversalGates,
  ReversalSession,
  scoreWithModel,
  settingsWith,
  trainPolicy,
  validationReport,
  walkForwardReversal,
} from './ml/index.js';
export type {
  ActionNow,
  AdaptiveSession,
  Contender,
  DecayReading,
  HeatMap,
  HeatSlice,
  ModelSummary,
  PolicyComparison,
  PolicyNow,
  PolicySummary,
  PolicyTrainResult,
  RegimeNow,
  ReversalColumn,
  ReversalRun,
  Scores,
  TrainedPolicy,
  ValidationReport,
} from './ml/index.js';

// The order book: LOBSTER reader, book indicators, shields, slippage, book replay (engine/book/).
export {
  BookError,
  BookIndicators,
  BookReplay,
  CorrelationShield,
  DEFAULT_CORRELATION,
  DEFAULT_ENTROPY,
  DEFAULT_IMBALANCE,
  emptyFill,
  EntropyGuard,
  fillExit,
  formatCorrelation,
  formatEntropy,
  formatImbalance,
  formatLiquidity,
  ImbalanceShield,
  LiquidityShield,
  lobsterMidnightMs,
  newYorkMidnightMs,
  parseCorrelation,
  parseEntropy,
  parseImbalance,
  parseLiquidity,
  readLobster,
  slippageAgainstMid,
  TradeBarBuilder,
} from './book/index.js';
export type { BookEvent, BookReplayOptions, ImbalanceSpec, LiquiditySpec } from './book/index.js';

// The trade journal (schema, importers, report, audit): one namespace, see docs/journal.md.
export * as journal from './journal/index.js';
