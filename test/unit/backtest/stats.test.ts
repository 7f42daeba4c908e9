import { describe, expect, it } from 'vitest';
import { labOptions, resolveEntries } from '../../../engine/backtest/lab.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import { computeStats, curveStats, maxDrawdown, sharpeSortino } from '../../../engine/backtest/stats.js';
import type { Trade } from '../../../engine/backtest/types.js';
import { BTC5M, EURUSD, loadBars } from './load-bars.js';

/** A trade with only the fields statistics read; risk 100 per trade so pnl = 100 x R. */
function trade(r: number, extra: Partial<Trade> = {}): Trade {
  return {
    policy: 'p',
    side: 'long',
    entryIndex: 0,
    entryTime: 0,
    signalPrice: 100,
    entryPrice: 100,
    entryFee: 0,
    initialStop: 99,
    riskPerUnit: 1,
    size: 100,
    fills: [],
    exitIndex: 1,
    exitTime: 1,
    pnl: 100 * r,
    r,
    grossPnl: 100 * r,
    fees: 0,
    slippage: 0,
    mfe: 0,
    mae: 0,
    mfeR: 0,
    maeR: 0,
    barsHeld: 1,
    equityBefore: 10_000,
    endOfData: false,
    ...extra,
  };
}

describe('statistics', () => {
  it('max drawdown is the largest fall from a running peak', () => {
    // Peaks 100, 110, 121; the worst trough after a peak is 99 after 110: 1 - 99/110 = 0.1.
    expect(maxDrawdown([100, 110, 99, 121, 115])).toBeCloseTo(0.1, 12);
    expect(maxDrawdown([100, 101, 102])).toBe(0);
  });

  it('Sharpe and Sortino match numpy on a small curve', () => {
    // numpy: r = e[1:]/e[:-1]-1 = [0.1, -0.1, 0.2222...]; r.mean()/r.std(ddof=1)*sqrt(252) = 7.228765761341866;
    // downside dev sqrt(mean(min(r,0)^2)) = 0.05773502691896256 -> Sortino 20.36700308869265.
    const { sharpe, sortino } = sharpeSortino([100, 110, 99, 121], 252);
    expect(sharpe).toBeCloseTo(7.228765761341866, 10);
    expect(sortino).toBeCloseTo(20.36700308869265, 10);
  });

  it('trade statistics follow the written formulas', () => {
    // R = [2, -1, -1, 3, 0.5]; numpy: mean 0.7, median 0.5, std(ddof=1) 1.7888543819998315,
    // SQN = sqrt(5) * 0.7 / 1.78885... = 0.875.
    const trades = [
      trade(2, { mfeR: 2.5, maeR: 0.2, fees: 3, fills: [] }),
      trade(-1, { mfeR: 0.5, maeR: 1, fees: 3 }),
      trade(-1, { mfeR: 0, maeR: 1, fees: 3 }),
      trade(3, { mfeR: 4, maeR: 0.5, fees: 3 }),
      trade(0.5, { mfeR: 1, maeR: 0.3, fees: 3 }),
    ];
    // Equity doubles over exactly two years (731 days incl. a leap day: 2 * 365.25 = 730.5 days).
    const s = computeStats(trades, [100_000, 120_000, 200_000], 2, 1);
    expect(s.trades).toBe(5);
    expect(s.winRate).toBeCloseTo(3 / 5, 12);
    expect(s.avgR).toBeCloseTo(0.7, 12);
    expect(s.medianR).toBe(0.5);
    // winRate * avgWin - lossRate * avgLoss = 0.6 * (5.5/3) - 0.4 * 1 = 1.1 - 0.4 = 0.7 = avgR.
    expect(s.expectancyR).toBeCloseTo(0.7, 12);
    // Mean pnl = 100 * 0.7 = 70.
    expect(s.expectancy).toBeCloseTo(70, 9);
    // Wins 200 + 300 + 50 = 550, losses 100 + 100 = 200: PF 2.75.
    expect(s.profitFactor).toBeCloseTo(2.75, 12);
    expect(s.sqn).toBeCloseTo(0.875, 12);
    // Total return 200k/100k - 1 = 1; CAGR = 2^(1/2) - 1 = 0.41421356...; no drawdown: Calmar null.
    expect(s.totalReturn).toBeCloseTo(1, 12);
    expect(s.cagr).toBeCloseTo(Math.SQRT2 - 1, 12);
    expect(s.maxDrawdown).toBe(0);
    expect(s.calmar).toBeNull();
    // MFE mean (2.5+0.5+0+4+1)/5 = 1.6; MAE mean (0.2+1+1+0.5+0.3)/5 = 0.6.
    expect(s.avgMfeR).toBeCloseTo(1.6, 12);
    expect(s.avgMaeR).toBeCloseTo(0.6, 12);
    // Efficiency = sum R / sum MFE R = 3.5 / 8 = 0.4375.
    expect(s.exitEfficiency).toBeCloseTo(0.4375, 12);
    // Commission 5 * 3 = 15; fills = exits (0 each here) + 1 entry per trade = 5.
    expect(s.commission).toBe(15);
    expect(s.fills).toBe(5);
  });

  it('profit factor and SQN are null when undefined, not Infinity', () => {
    const s = computeStats([trade(1)], [100, 101], 1, 1);
    expect(s.profitFactor).toBeNull();
    expect(s.sqn).toBeNull();
  });

  it('curveStats gives exactly what maxDrawdown and sharpeSortino define, flat stretches or not', () => {
    const curves: ArrayLike<number>[] = [];
    // The stretches between trades, where the lab writes the cash: what it passes as knownFlat.
    const between: number[][] = [];
    // Real curves: every policy of lab runs on two markets (mostly flat between trades).
    for (const [file, entries, sizing] of [
      [EURUSD, 'random:3:0.05', 'risk1%'],
      [BTC5M, 'donchian:20', 'units1'],
    ]) {
      const bars = loadBars(file);
      const options = labOptions({ entries: '', costs: 'bps2,slipbps1', sizing });
      for (const p of runBacktest(bars, resolveEntries(bars, entries), options).policies) {
        curves.push(p.equity);
        const flat: number[] = [];
        let start = 0;
        for (const t of p.trades) {
          flat.push(start, t.entryIndex);
          start = t.exitIndex + 1;
        }
        between.push([...flat, start, bars.length]);
      }
    }
    // Edge cases: all flat, flat stretches just under and over the recorded length, ruin at
    // zero, a negative and a NaN value, an infinite one, and too short for a Sharpe ratio.
    const rise = (k: number): number[] => Array.from({ length: k }, (_, i) => 100 + i * 0.5);
    const flat = (k: number, v = 107): number[] => new Array<number>(k).fill(v);
    const edges = [
      flat(40),
      [...rise(5), ...flat(15), ...rise(5), ...flat(16), 90, ...flat(17), 120],
      [...rise(10), ...flat(30, 0), 50, ...flat(20)],
      [...rise(10), -5, ...flat(20, -5), 10, NaN, ...flat(20), Infinity, ...flat(20, Infinity), 100],
      [100, 101],
      [100, 100, 100],
    ];
    const check = (curve: ArrayLike<number>, from: number, to: number, knownFlat: number[] = []): void => {
      const got = curveStats(curve, 252, from, to, knownFlat);
      const expected = { maxDrawdown: maxDrawdown(curve, from, to), ...sharpeSortino(curve, 252, from, to) };
      for (const key of ['maxDrawdown', 'sharpe', 'sortino'] as const)
        expect(Object.is(got[key], expected[key]), `${key}: ${got[key]} vs ${expected[key]}`).toBe(true);
    };
    for (const curve of [...curves, ...edges]) {
      check(curve, 0, curve.length);
      // A window, as the walk-forward split reads one.
      check(curve, Math.floor(curve.length * 0.3), Math.floor(curve.length * 0.9));
    }
    curves.forEach((curve, k) => {
      check(curve, 0, curve.length, between[k]);
      check(curve, Math.floor(curve.length * 0.3), Math.floor(curve.length * 0.9), between[k]);
    });
    // The real curves are what the fast path is for: most of their bars are flat.
    const eq = curves[0];
    let flatBars = 0;
    for (let i = 1; i < eq.length; i++) if (eq[i] === eq[i - 1]) flatBars++;
    expect(flatBars / eq.length).toBeGreaterThan(0.3);
  });
});
