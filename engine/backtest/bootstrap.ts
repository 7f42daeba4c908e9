import { seededRandom } from './prng.js';
import type { Trade } from './types.js';

export interface Interval {
  low: number;
  high: number;
  /** The statistic on the actual trade sequence. */
  point: number;
}

export interface BootstrapResult {
  samples: number;
  confidence: number;
  expectancyR: Interval;
  /** Closed-trade max drawdown (fraction): lower than the mark-to-market one, which also sees open losses. */
  maxDrawdown: Interval;
}

/** The q-quantile of sorted values, linear between neighbours (the same rule as numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Max drawdown of the equity compounded from per-trade returns, in the given order. */
export function tradeDrawdown(returns: ArrayLike<number>, order?: ArrayLike<number>): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < returns.length; i++) {
    equity *= 1 + returns[order ? order[i] : i];
    if (equity > peak) peak = equity;
    else {
      const dd = 1 - equity / peak;
      if (dd > worst) worst = dd;
    }
  }
  return worst;
}

/**
 * Percentile bootstrap: draw the trade list with replacement `samples` times (seeded), compute
 * the statistic on each draw, and report the (1-c)/2 and (1+c)/2 quantiles. Expectancy is the
 * mean R of a draw; drawdown compounds each drawn trade's return on the equity it was sized
 * from (pnl / equity before the trade) in the drawn order, so it also captures sequence risk.
 */
export function bootstrapTrades(
  trades: readonly Trade[],
  samples = 1000,
  seed = 1,
  confidence = 0.95,
): BootstrapResult {
  const rs = Float64Array.from(trades, (t) => t.r);
  const rets = Float64Array.from(trades, (t) => (t.equityBefore > 0 ? t.pnl / t.equityBefore : 0));
  return bootstrapReturns(rs, rets, samples, seed, confidence);
}

/**
 * bootstrapTrades from each trade's R and its return on the equity it was sized from
 * (pnl / equity before, 0 when that equity was none), in trade order.
 */
export function bootstrapReturns(
  rs: Float64Array,
  rets: Float64Array,
  samples = 1000,
  seed = 1,
  confidence = 0.95,
): BootstrapResult {
  const n = rs.length;
  const exp = new Float64Array(samples);
  const dd = new Float64Array(samples);
  const random = seededRandom(seed);
  const order = new Int32Array(n);
  for (let s = 0; s < samples && n > 0; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      order[i] = k;
      sum += rs[k];
    }
    exp[s] = sum / n;
    dd[s] = tradeDrawdown(rets, order);
  }
  exp.sort();
  dd.sort();
  const lo = (1 - confidence) / 2;
  const hi = 1 - lo;
  const pointExp = n > 0 ? rs.reduce((a, b) => a + b, 0) / n : 0;
  return {
    samples,
    confidence,
    expectancyR: { low: quantile(exp, lo), high: quantile(exp, hi), point: pointExp },
    maxDrawdown: { low: quantile(dd, lo), high: quantile(dd, hi), point: tradeDrawdown(rets) },
  };
}
