import { bootstrapTrades, quantile, type Interval } from '../backtest/bootstrap.js';
import type { Trade } from '../backtest/types.js';

/** Below this many trades an average and its interval say too little: "too few trades to say". */
export const MIN_TRADES_TO_SAY = 20;
export const BOOTSTRAP_SAMPLES = 2000;

export interface Distribution {
  count: number;
  mean: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return {
    count: n,
    mean: n > 0 ? values.reduce((a, b) => a + b, 0) / n : NaN,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
  };
}

/** A trade carrying only an R: what the backtest's bootstrap reads for its expectancy. */
const asTrade = (r: number): Trade => ({
  policy: 'journal',
  side: 'long',
  entryIndex: 0,
  entryTime: 0,
  signalPrice: 0,
  entryPrice: 0,
  entryFee: 0,
  initialStop: 0,
  riskPerUnit: 0,
  size: 0,
  fills: [],
  exitIndex: 0,
  exitTime: 0,
  pnl: 0,
  r,
  grossPnl: 0,
  fees: 0,
  slippage: 0,
  mfe: 0,
  mae: 0,
  mfeR: 0,
  maeR: 0,
  barsHeld: 0,
  equityBefore: 0,
  endOfData: false,
});

export interface MeanEstimate {
  count: number;
  /** Mean with its seeded 95% percentile-bootstrap interval (the backtest's bootstrapTrades). */
  interval: Interval;
  /** Fewer than MIN_TRADES_TO_SAY values: the number is shown, but no conclusion should be drawn. */
  tooFew: boolean;
}

export function meanEstimate(values: readonly number[], seed = 1): MeanEstimate {
  const result = bootstrapTrades(values.map(asTrade), BOOTSTRAP_SAMPLES, seed);
  return { count: values.length, interval: result.expectancyR, tooFew: values.length < MIN_TRADES_TO_SAY };
}
