// The trade journal: what the trader did against the plan, and what the exits cost.
export * from './types.js';
export { parseCsv, csvCell } from './csv.js';
export { JournalError, migrateJournal, validateJournal, parseJournalJson } from './schema.js';
export {
  previewImport,
  detectFormat,
  type ImportFormat,
  type ImportPreview,
  type ImportOptions,
} from './importers.js';
export {
  commitImport,
  tradesFromFills,
  symbolKey,
  openSize,
  type CommitResult,
  type UnmatchedFill,
} from './match.js';
export { replayPlan, barIndexAt, type PlanReplay } from './replay.js';
export { withMarket, marketAt, type LiveMarket } from './market.js';
export {
  reportTrade,
  formatFillPrice,
  LEVEL_TOLERANCE_R,
  type TradeReport,
  type LegReport,
  type RuleCheck,
} from './report.js';
export { summarize, reportTrades, type JournalSummary, type GroupSummary } from './summary.js';
export {
  distribution,
  meanEstimate,
  MIN_TRADES_TO_SAY,
  type Distribution,
  type MeanEstimate,
} from './stats.js';
export {
  auditTrades,
  planVariants,
  PREMATURE_R,
  DEFAULT_HORIZON,
  type AuditReport,
  type ExitAudit,
  type Suggestion,
  type FeatureContrast,
  type ExitFeatures,
} from './audit.js';
export { journalToJson, journalToCsv, previewJournalCsv, JOURNAL_CSV_COLUMNS } from './export.js';
