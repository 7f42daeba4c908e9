import type { PlanText } from '../plan/parse.js';
import type { Bar } from '../types.js';

/**
 * The journal schema this code writes. Older versions are migrated on read (schema.ts).
 * 2: a fill's market may carry what the chart's models showed at the fill (`reversal`,
 * `policyRegime`); a version 1 journal reads unchanged (it has neither).
 */
export const JOURNAL_VERSION = 2;

export type FillSide = 'buy' | 'sell';

/**
 * What the market looked like when a fill happened, as far as it was known then. A field that is
 * `null` was looked for and not available at the fill (no live book, no reversal model loaded);
 * a field that is absent was not recorded (an imported fill before `withMarket` ran).
 */
export interface FillMarket {
  /** The bar the fill fell in (its close may be the bar's final close when recorded afterwards). */
  bar?: Bar;
  bid?: number | null;
  ask?: number | null;
  mid?: number | null;
  /** Indicator values at the fill, by the engine's column names (atr14, rsi14, ...). */
  indicators?: Record<string, number>;
  /**
   * Schema 1's probability field: no build ever wrote a number (the panel wrote null). Kept as
   * read so an old record loads unchanged; `reversal` replaces it.
   */
  reversalProbability?: number | null;
  /** The market regime (engine/ml/regimes.ts) of the last closed bar before the fill, from the bars. */
  regime?: string | null;
  /**
   * The chart's reversal model at the fill (schema 2): p(reversal) as the chart showed it, scored
   * at the close of bar `barTime` (the last closed bar before the fill's). Absent when no model
   * was ready: never a made-up value.
   */
  reversal?: ReversalAtFill;
  /** The regime the chart's exit policy addon showed at the fill (schema 2); absent without the addon. */
  policyRegime?: string;
}

export interface ReversalAtFill {
  probability: number;
  /** UNIX seconds: the closed bar the probability was scored at. */
  barTime: number;
}

/** One execution: what the broker or exchange reports. */
export interface JournalFill {
  /** UNIX seconds. */
  time: number;
  side: FillSide;
  price: number;
  /** Units, > 0. */
  size: number;
  /** Commission in quote currency, >= 0. */
  fee: number;
  /** A commission paid in a third asset (Binance's BNB), kept as reported: not in `fee`. */
  feeOther?: { amount: number; asset: string };
  /** The plan leg it belongs to ('entry', 'T1', 'stop', ...) when the trader said so; inferred otherwise. */
  leg?: string;
  /** The mid when the plan's signal for this leg fired (the level was touched), when known. */
  signalMid?: number;
  market?: FillMarket;
  /** Where it came from: 'panel', 'binance-spot', 'tradingview', 'plain-csv', 'journal-csv'. */
  source?: string;
}

/** A change to the plan after entry, with when it was made. */
export interface PlanEdit {
  time: number;
  text: PlanText;
  note?: string;
}

export interface JournalTrade {
  id: string;
  /** Canonical chart symbol, e.g. "BINANCE:BTCUSDT", or the exchange's pair ("BTCUSDT"). */
  symbol: string;
  /** The plan as it stood at entry (the engine's text form; `at` is the entry time). */
  plan: PlanText;
  /** When the plan was made (UNIX seconds); fills before it are not this trade's. */
  planTime: number;
  edits: PlanEdit[];
  fills: JournalFill[];
  /** Setup tags, e.g. "breakout". */
  tags: string[];
  notes?: string;
}

/** A fill read from an import, with the row it came from. */
export interface ImportedFill extends JournalFill {
  symbol?: string;
  /** The source's own trade or order reference (TradingView's trade number). */
  ref?: string;
  /** 1-based line in the imported file. */
  row: number;
}

export interface Journal {
  v: typeof JOURNAL_VERSION;
  trades: JournalTrade[];
  /** Imported fills no open trade could take: kept until the trader assigns them. */
  unmatched: ImportedFill[];
}

/** One problem in an import: which row, which field, and what to do. */
export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}

export const emptyJournal = (): Journal => ({ v: JOURNAL_VERSION, trades: [], unmatched: [] });
