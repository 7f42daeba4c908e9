import { describe, expect, it } from 'vitest';
import { parseCosts } from '../../../engine/backtest/costs.js';
import { parsePolicy } from '../../../engine/backtest/policies.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import type { BacktestOptions, Entry } from '../../../engine/backtest/types.js';
import type { Bar } from '../../../engine/types.js';

const T0 = 1_700_000_000;
const bar = (k: number, open: number, high: number, low: number, close: number): Bar => ({
  time: T0 + 86_400 * k,
  open,
  high,
  low,
  close,
});

// A long at 100 with a 2% stop (98, one R = 2) and a ladder 25/25/50 at 1R/2R/3R (102, 104, 106).
const bars: Bar[] = [
  bar(0, 99.5, 100.5, 99, 100), // entry bar: long at its close, 100
  bar(1, 100.5, 102.5, 99.5, 102), // high 102.5 reaches T1 102
  bar(2, 102, 104.2, 101, 103), // high 104.2 reaches T2 104
  bar(3, 103, 103.5, 97, 98), // low 97 reaches the stop 98: the last 50% exits there
  bar(4, 98, 99, 97.5, 98.5),
];
const entries: Entry[] = [{ index: 0, time: T0, side: 'long', price: 100 }];

const options = (costs: string): BacktestOptions => ({
  policies: [parsePolicy('hand:stop=2%;ladder=1R:25,2R:25,3R:50')],
  costs: parseCosts(costs),
  sizing: { kind: 'units', units: 100 },
  initialEquity: 10_000,
  stress: null,
});

describe('a hand-worked trade, fill by fill', () => {
  it('matches the arithmetic with bps and per-fill commission', () => {
    const result = runBacktest(bars, entries, options('bps10,fill1'));
    const [trade] = result.policies[0].trades;
    // Entry fee: 1 + 0.001 * 100 * 100 = 11.
    expect(trade.entryFee).toBeCloseTo(11, 10);
    expect(trade.riskPerUnit).toBeCloseTo(2, 12);
    expect(trade.initialStop).toBeCloseTo(98, 12);
    expect(trade.fills.map((f) => [f.leg, f.reason, f.index, f.price, f.size])).toEqual([
      ['T1', 'target', 1, 102, 25],
      ['T2', 'target', 2, 104, 25],
      ['stop', 'stop', 3, 98, 50],
    ]);
    const [t1, t2, stop] = trade.fills;
    // T1: fee 1 + 0.001 * 102 * 25 = 3.55; pnl (102 - 100) * 25 - 3.55 = 46.45; R = 46.45 / (2 * 100) = 0.23225.
    expect(t1.fee).toBeCloseTo(3.55, 10);
    expect(t1.pnl).toBeCloseTo(46.45, 10);
    expect(t1.r).toBeCloseTo(0.23225, 12);
    // T2: fee 1 + 0.001 * 104 * 25 = 3.6; pnl 4 * 25 - 3.6 = 96.4; R 0.482.
    expect(t2.fee).toBeCloseTo(3.6, 10);
    expect(t2.pnl).toBeCloseTo(96.4, 10);
    expect(t2.r).toBeCloseTo(0.482, 12);
    // Stop: fee 1 + 0.001 * 98 * 50 = 5.9; pnl -2 * 50 - 5.9 = -105.9; R -0.5295.
    expect(stop.fee).toBeCloseTo(5.9, 10);
    expect(stop.pnl).toBeCloseTo(-105.9, 10);
    expect(stop.r).toBeCloseTo(-0.5295, 12);
    // Trade: 46.45 + 96.4 - 105.9 - 11 = 25.95; R = 25.95 / 200 = 0.12975; fees 11 + 3.55 + 3.6 + 5.9 = 24.05.
    expect(trade.pnl).toBeCloseTo(25.95, 10);
    expect(trade.r).toBeCloseTo(0.12975, 12);
    expect(trade.fees).toBeCloseTo(24.05, 10);
    expect(trade.grossPnl).toBeCloseTo(50, 10);
    // MFE: the high 104.2 is 4.2 above entry = 2.1R; MAE: the stop at 98 is 2 below = 1R.
    expect(trade.mfe).toBeCloseTo(4.2, 12);
    expect(trade.mae).toBeCloseTo(2, 12);
    expect(trade.mfeR).toBeCloseTo(2.1, 12);
    expect(trade.maeR).toBeCloseTo(1, 12);
    expect(trade.exitIndex).toBe(3);
    expect(trade.endOfData).toBe(false);
    // Mark-to-market equity from 10,000:
    // bar 0: 10000 - 11 + (100 - 100) * 100 = 9989
    // bar 1: 9989 + 46.45 + (102 - 100) * 75 = 10185.45
    // bar 2: 9989 + 46.45 + 96.4 + (103 - 100) * 50 = 10281.85
    // bar 3 (flat after the stop): 9989 + 46.45 + 96.4 - 105.9 = 10025.95, and bar 4 the same.
    const equity = Array.from(result.policies[0].equity);
    [9989, 10185.45, 10281.85, 10025.95, 10025.95].forEach((e, i) => expect(equity[i]).toBeCloseTo(e, 9));
    // Max drawdown 1 - 10025.95 / 10281.85 = 0.024888...
    expect(result.policies[0].stats.maxDrawdown).toBeCloseTo(1 - 10025.95 / 10281.85, 12);
  });

  it('slips market orders (entry, stop) but not the limit targets', () => {
    const result = runBacktest(bars, entries, options('slipbps10'));
    const [trade] = result.policies[0].trades;
    // Entry: 100 + 10 bps = 100.1; stop 2% below: 98.098; one R = 2.002; T1 = 102.102, T2 = 104.104.
    expect(trade.entryPrice).toBeCloseTo(100.1, 12);
    expect(trade.initialStop).toBeCloseTo(98.098, 12);
    const [t1, t2, stop] = trade.fills;
    expect(t1.price).toBeCloseTo(102.102, 12);
    expect(t1.marketPrice).toBeCloseTo(102.102, 12);
    expect(t2.price).toBeCloseTo(104.104, 12);
    // Stop at 98.098 is a market order: 98.098 * (1 - 0.001) = 97.999902.
    expect(stop.marketPrice).toBeCloseTo(98.098, 10);
    expect(stop.price).toBeCloseTo(97.999902, 10);
    // Slippage paid: entry 0.1 * 100 + stop 0.098098 * 50 = 14.9049.
    expect(trade.slippage).toBeCloseTo(14.9049, 9);
    // pnl: 2.002 * 25 + 4.004 * 25 + (97.999902 - 100.1) * 50 = 50.05 + 100.1 - 105.0049 = 45.1451.
    expect(trade.pnl).toBeCloseTo(45.1451, 9);
    expect(trade.fees).toBe(0);
  });

  it('closes at the last close when the data ends with the position open', () => {
    const result = runBacktest(bars.slice(0, 3), entries, options(''));
    const [trade] = result.policies[0].trades;
    // T1 and T2 filled; the remaining 50 units exit at the last close 103: pnl 50 + 100 + 150 = 300.
    expect(trade.endOfData).toBe(true);
    expect(trade.fills.at(-1)).toMatchObject({ reason: 'close', price: 103, size: 50 });
    expect(trade.pnl).toBeCloseTo(300, 10);
    expect(result.policies[0].equity[2]).toBeCloseTo(10_300, 10);
  });

  it('mirrors for a short, and a gap through the stop fills at the open', () => {
    // Short at 100, 2% stop at 102 (one R = 2), 50% at 1R = 98, 10 units, no costs.
    const shortBars: Bar[] = [
      bar(0, 100.5, 101, 99.5, 100),
      bar(1, 99.5, 100.2, 97.5, 98), // low 97.5 reaches T1 98: 5 units, pnl (100 - 98) * 5 = 10
      bar(2, 103, 103.5, 101, 101.5), // opens at 103, above the stop: the rest exits at 103
      bar(3, 101, 102, 100, 101),
    ];
    const result = runBacktest(shortBars, [{ index: 0, time: T0, side: 'short', price: 100 }], {
      ...options(''),
      policies: [parsePolicy('s:stop=2%;ladder=1R:50')],
      sizing: { kind: 'units', units: 10 },
    });
    const [trade] = result.policies[0].trades;
    expect(trade.initialStop).toBeCloseTo(102, 12);
    expect(trade.fills.map((f) => [f.leg, f.reason, f.index, f.plannedPrice, f.price, f.size])).toEqual([
      ['T1', 'target', 1, 98, 98, 5],
      ['stop', 'stop', 2, 102, 103, 5],
    ]);
    // Stop pnl (100 - 103) * 5 = -15; trade 10 - 15 = -5 = -0.25R of the 20 at risk.
    expect(trade.pnl).toBeCloseTo(-5, 12);
    expect(trade.r).toBeCloseTo(-0.25, 12);
    // MFE: low 97.5 is 2.5 in favour = 1.25R; MAE: the gap open 103 is 3 against = 1.5R (worse than 1R).
    expect(trade.mfeR).toBeCloseTo(1.25, 12);
    expect(trade.maeR).toBeCloseTo(1.5, 12);
    // Equity: bar 0 10000; bar 1 10000 + 10 + (100 - 98) * 5 = 10020; bar 2 onwards 10000 - 5 = 9995.
    expect(Array.from(result.policies[0].equity)).toEqual([10_000, 10_020, 9_995, 9_995]);
  });
});
