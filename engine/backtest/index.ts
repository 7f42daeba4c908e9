// The backtest lab's parts, for code inside the engine; engine/index.ts names the few that are public.
export type {
  BacktestOptions,
  BacktestProgress,
  BacktestResult,
  CancelFlag,
  CostSpec,
  Entry,
  PolicyDef,
  PolicyResult,
  PolicyStats,
  RunControl,
  SizingSpec,
  StressSpec,
  Trade,
  TradeFill,
} from './types.js';
export { BacktestCancelled, BacktestError } from './errors.js';
export { seededRandom } from './prng.js';
export { NO_COSTS, parseCosts, parseSizing, parseStress } from './costs.js';
export { parseTradeList } from './trade-list.js';
export { parseEntryRule, ruleEntries, type EntryRule } from './entry-rules.js';
export { compilePolicy, DEFAULT_POLICIES, parsePolicy, selectPolicies } from './policies.js';
export { computeStats, maxDrawdown, sharpeSortino } from './stats.js';
export { bootstrapTrades, type BootstrapResult, type Interval } from './bootstrap.js';
export { walkForward, type SegmentStats, type WalkForwardResult } from './walk-forward.js';
export { backtestSteps, runBacktest, runBacktestAsync, tradeColumnsOf } from './run.js';
export { labOptions, resolveEntries, runLab, runLabAsync, type LabReport, type LabRequest } from './lab.js';
export { barCount, barObjects, priceColumns, type BacktestBars, type PriceColumns } from './bar-input.js';
export { StreamingLab, canStream, equityStep, isEquityPoint, MAX_EQUITY_POINTS } from './stream-lab.js';
