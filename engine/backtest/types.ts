import type { GateProvider, ReversalGate } from '../ml/lab-gate.js';
import type { DirectorProvider } from '../ml/policy/director.js';
import type { Side } from '../types.js';

/**
 * One entry the lab opens a position on. `index` is the bar the position opens on (the
 * signal bar for built-in rules, the bar containing the journal time for trade lists);
 * the first bar on which an exit can happen is `index + 1`.
 */
export interface Entry {
  index: number;
  time: number;
  side: Side;
  /** The price the entry was filled at before slippage: the signal bar's close unless a trade list gives one. */
  price: number;
}

/** Costs charged on every fill, the entry included. All amounts are in the bars' currency. */
export interface CostSpec {
  /** Commission per unit filled. */
  perUnit: number;
  /** Commission per fill (a partial exit is a fill of its own). */
  perFill: number;
  /** Commission in basis points of the fill's notional (price x units). */
  bps: number;
  /**
   * Slippage against the trader on market orders (the entry, stops, signal exits, the
   * end-of-data close; ladder targets are limit orders and fill at their level), in basis
   * points of the price.
   */
  slippageBps: number;
  /** Slippage on market orders as a fraction of ATR(slippageAtrPeriod) through the fill bar. */
  slippageAtr: number;
  slippageAtrPeriod: number;
}

/**
 * Position size: a fixed number of units, or the units that put `fraction` of equity at risk
 * down to the initial stop, cut to at most `maxLeverage` x equity of notional (entry price x
 * units). Without the cap, 1% risk over a 1.25-pip stop on EUR/USD is 80x leverage, which no
 * broker allows; parseSizing's default is 1x. Undefined: no cap.
 */
export type SizingSpec =
  { kind: 'units'; units: number } | { kind: 'risk'; fraction: number; maxLeverage?: number };

/**
 * Adverse gap stress: on each bar of a trade chosen by a seeded hash with probability
 * `probability`, the bar opens `atrMultiple` x ATR against the position (below the previous
 * close for a long, above it for a short), and its range is stretched to include that open.
 */
export interface StressSpec {
  atrMultiple: number;
  probability: number;
  seed: number;
  atrPeriod: number;
}

/** An exit policy: a name and a plan in the engine's compact text form, without side and entry. */
export interface PolicyDef {
  id: string;
  label: string;
  stop: string;
  ladder?: string;
  trail?: string;
  breakeven?: string;
  exhaustion?: string;
  decay?: string;
  /** The reversal model's gate on the exhaustion slice (engine/ml/lab-policies.ts). */
  gate?: ReversalGate;
  /** An exit director's name (engine/ml/policy/director.ts): it decides Hold / Sell 25% / Liquidate each bar. */
  director?: string;
}

export interface BacktestOptions {
  policies: PolicyDef[];
  costs: CostSpec;
  sizing: SizingSpec;
  initialEquity: number;
  stress: StressSpec | null;
  /**
   * Whether a policy may take an entry on the bar where its previous position closed:
   * 'next-bar' (the default) takes none there, 'same-bar' enters at that bar's close.
   */
  reentry?: 'next-bar' | 'same-bar';
}

/** One exit fill as the lab books it: the tracker's decision turned into money. */
export interface TradeFill {
  time: number;
  /** Bar index of the fill. */
  index: number;
  leg: string;
  reason: string;
  /** The level the plan asked for. */
  plannedPrice: number;
  /** The price the tracker filled at (the level, or the open on a gap). */
  marketPrice: number;
  /** marketPrice moved against the trader by the slippage. */
  price: number;
  /** Units. */
  size: number;
  fee: number;
  /** direction x (price - entry price) x size - fee. */
  pnl: number;
  /** pnl / (risk per unit x units). */
  r: number;
}

export interface Trade {
  policy: string;
  side: Side;
  entryIndex: number;
  entryTime: number;
  /** Signal price before slippage. */
  signalPrice: number;
  /** Filled entry price (slippage included). */
  entryPrice: number;
  entryFee: number;
  initialStop: number;
  riskPerUnit: number;
  /** Units opened. */
  size: number;
  fills: TradeFill[];
  exitIndex: number;
  exitTime: number;
  /** Sum of fill pnl minus the entry fee. */
  pnl: number;
  /** pnl / (riskPerUnit x size). */
  r: number;
  /** pnl before any commission (slippage still included). */
  grossPnl: number;
  fees: number;
  slippage: number;
  /** Maximum favourable / adverse excursion from the entry, in price (>= 0) and in R. */
  mfe: number;
  mae: number;
  mfeR: number;
  maeR: number;
  barsHeld: number;
  equityBefore: number;
  /** True when the data ended before the plan closed the position (closed at the last close). */
  endOfData: boolean;
}

export interface PolicyStats {
  trades: number;
  winRate: number;
  avgR: number;
  medianR: number;
  /** winRate x avg win R - (1 - winRate) x avg loss R (= avgR), in R per trade. */
  expectancyR: number;
  /** Mean net pnl per trade, in currency. */
  expectancy: number;
  /** Sum of winning pnl / |sum of losing pnl|; null when there is no loser. */
  profitFactor: number | null;
  sqn: number | null;
  totalReturn: number;
  cagr: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  calmar: number | null;
  avgMfeR: number;
  avgMaeR: number;
  /** Sum of realised R / sum of MFE in R. */
  exitEfficiency: number | null;
  commission: number;
  slippage: number;
  fills: number;
  endEquity: number;
}

export interface PolicyResult {
  policy: PolicyDef;
  trades: Trade[];
  /** Mark-to-market equity at each bar's close. */
  equity: Float64Array;
  /** Entries skipped because this policy was still in a position. */
  skippedEntries: number;
  /** Trades whose risk size was cut to the notional cap (SizingSpec maxLeverage x equity). */
  resizedTrades: number;
  /** Entries where the plan could not be placed (indicator warming up, no swing, target passed). */
  unplacedEntries: number;
  /** Why, most frequent first: one example message per kind of reason, with how many entries it stopped. */
  unplacedReasons: { reason: string; count: number }[];
  stats: PolicyStats;
}

export interface BacktestResult {
  bars: number;
  firstTime: number;
  lastTime: number;
  /** Bars per year measured from the data: (bars - 1) / years spanned. */
  barsPerYear: number;
  entries: number;
  policies: PolicyResult[];
}

export interface BacktestProgress {
  /** 0..1 over all policies. */
  fraction: number;
  policy: string;
}

/** An AbortSignal-like flag: the run checks it every few thousand bars. */
export interface CancelFlag {
  readonly aborted: boolean;
}

export interface RunControl {
  onProgress?: (p: BacktestProgress) => void;
  signal?: CancelFlag;
  /** Trains the reversal model for policies with a gate (reversalGates in engine/ml); without it they are refused. */
  gates?: GateProvider;
  /** Makes the exit directors of policies with a director (policyDirectors in engine/ml/policy); without it they are refused. */
  directors?: DirectorProvider;
}
