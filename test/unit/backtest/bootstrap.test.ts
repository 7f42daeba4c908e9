import { describe, expect, it } from 'vitest';
import { bootstrapTrades, quantile, tradeDrawdown } from '../../../engine/backtest/bootstrap.js';
import { seededRandom } from '../../../engine/backtest/prng.js';
import type { Trade } from '../../../engine/backtest/types.js';

const trade = (r: number, pnl: number, equityBefore: number): Trade =>
  ({ r, pnl, equityBefore }) as Pick<Trade, 'r' | 'pnl' | 'equityBefore'> as Trade;

describe('bootstrap', () => {
  it('quantile interpolates like numpy', () => {
    // numpy.quantile([1,2,3,4], 0.025) = 1.075, (.., 0.975) = 3.925.
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.025)).toBeCloseTo(1.075, 12);
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.975)).toBeCloseTo(3.925, 12);
  });

  it('trade drawdown compounds returns in order', () => {
    // 1 -> 1.1 -> 0.99 -> 1.089: worst fall 1 - 0.99/1.1 = 0.1.
    expect(tradeDrawdown(Float64Array.of(0.1, -0.1, 0.1))).toBeCloseTo(0.1, 12);
  });

  it('is seeded, brackets the point estimate and narrows with more trades', () => {
    const draw = seededRandom(3);
    const make = (n: number): Trade[] =>
      Array.from({ length: n }, () => {
        const r = draw() < 0.4 ? 2 : -1;
        return trade(r, r * 100, 10_000);
      });
    const small = make(50);
    const a = bootstrapTrades(small, 500, 7);
    const b = bootstrapTrades(small, 500, 7);
    expect(a).toEqual(b);
    expect(a.expectancyR.low).toBeLessThanOrEqual(a.expectancyR.point);
    expect(a.expectancyR.high).toBeGreaterThanOrEqual(a.expectancyR.point);
    expect(a.maxDrawdown.low).toBeLessThan(a.maxDrawdown.high);
    const big = bootstrapTrades(make(2000), 500, 7);
    // The CI width shrinks like 1/sqrt(n): 40x the trades, about 1/6.3 of the width.
    const width = (x: typeof a): number => x.expectancyR.high - x.expectancyR.low;
    expect(width(big)).toBeLessThan(width(a) / 3);
  });
});
