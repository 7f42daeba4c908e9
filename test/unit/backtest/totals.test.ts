import { describe, expect, it } from 'vitest';
import { parseCosts } from '../../../engine/backtest/costs.js';
import { ruleEntries } from '../../../engine/backtest/entry-rules.js';
import { DEFAULT_POLICIES } from '../../../engine/backtest/policies.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import { computeStats, SECONDS_PER_YEAR } from '../../../engine/backtest/stats.js';
import type { BacktestOptions } from '../../../engine/backtest/types.js';
import { loadBars, SPY } from './load-bars.js';

const bars = loadBars(SPY);
const entries = ruleEntries(bars, { kind: 'donchian', period: 20 });
const base: BacktestOptions = {
  policies: [...DEFAULT_POLICIES],
  costs: parseCosts('unit0.005,fill1,bps1,slipbps2,slipatr0.05'),
  sizing: { kind: 'risk', fraction: 0.01 },
  initialEquity: 100_000,
  stress: null,
};
const result = runBacktest(bars, entries, base);

describe('totals recomputed from the trade list (SPY daily, Donchian 20, all default policies)', () => {
  it('every policy traded', () => {
    for (const p of result.policies) expect(p.trades.length).toBeGreaterThan(50);
  });

  it('each trade is the sum of its fills, and the fills close the whole position', () => {
    for (const p of result.policies) {
      for (const t of p.trades) {
        const fillPnl = t.fills.reduce((s, f) => s + f.pnl, 0);
        expect(t.pnl).toBeCloseTo(fillPnl - t.entryFee, 6);
        const units = t.fills.reduce((s, f) => s + f.size, 0);
        expect(units / t.size).toBeCloseTo(1, 9);
        expect(t.fees).toBeCloseTo(t.entryFee + t.fills.reduce((s, f) => s + f.fee, 0), 6);
        // R of the trade = sum of fill R minus the entry fee in R.
        const fillR = t.fills.reduce((s, f) => s + f.r, 0);
        expect(t.r).toBeCloseTo(fillR - t.entryFee / (t.riskPerUnit * t.size), 9);
        // Each fill's pnl from its own price, size and fee.
        const dir = t.side === 'long' ? 1 : -1;
        for (const f of t.fills)
          expect(f.pnl).toBeCloseTo(dir * (f.price - t.entryPrice) * f.size - f.fee, 6);
        // Risk sizing: one R is 1% of the equity before the trade.
        expect(t.riskPerUnit * t.size).toBeCloseTo(0.01 * t.equityBefore, 6);
      }
    }
  });

  it('the equity curve ends at the start plus the sum of trade pnl, and steps by each trade', () => {
    for (const p of result.policies) {
      const total = p.trades.reduce((s, t) => s + t.pnl, 0);
      expect(p.equity[p.equity.length - 1]).toBeCloseTo(100_000 + total, 4);
      let equity = 100_000;
      for (const t of p.trades) {
        expect(t.equityBefore).toBeCloseTo(equity, 4);
        equity += t.pnl;
        expect(p.equity[t.exitIndex]).toBeCloseTo(equity, 4);
      }
    }
  });

  it('one position at a time: trades never overlap', () => {
    for (const p of result.policies) {
      for (let k = 1; k < p.trades.length; k++)
        expect(p.trades[k].entryIndex).toBeGreaterThan(p.trades[k - 1].exitIndex);
      expect(p.trades.length + p.skippedEntries + p.unplacedEntries).toBe(entries.length);
    }
  });

  it('the statistics recompute from the trades and the curve', () => {
    const years = (bars[bars.length - 1].time - bars[0].time) / SECONDS_PER_YEAR;
    for (const p of result.policies) {
      const s = p.stats;
      const wins = p.trades.filter((t) => t.r > 0).length;
      expect(s.winRate).toBeCloseTo(wins / p.trades.length, 12);
      expect(s.commission).toBeCloseTo(
        p.trades.reduce((a, t) => a + t.fees, 0),
        6,
      );
      expect(s.totalReturn).toBeCloseTo(p.equity[p.equity.length - 1] / 100_000 - 1, 12);
      expect(s).toEqual(computeStats(p.trades, p.equity, years, result.barsPerYear));
      // SPY daily: about 252 trading days a year (5,241 bars over 20.8 years).
      expect(result.barsPerYear).toBeGreaterThan(245);
      expect(result.barsPerYear).toBeLessThan(256);
    }
  });
});

describe('costs scale with the number of partial fills', () => {
  it('a per-fill commission costs exactly one unit per fill, entries included', () => {
    const r = runBacktest(bars, entries, {
      ...base,
      costs: parseCosts('fill1'),
      sizing: { kind: 'units', units: 10 },
    });
    for (const p of r.policies) {
      const fills = p.trades.reduce((a, t) => a + t.fills.length + 1, 0);
      expect(p.stats.fills).toBe(fills);
      expect(p.stats.commission).toBeCloseTo(fills, 9);
    }
    const fillsPerTrade = (id: string): number => {
      const p = r.policies.find((x) => x.policy.id === id)!;
      return p.stats.fills / p.stats.trades;
    };
    // All in, all out: exactly one entry and one exit fill per trade; the ladders take more.
    expect(fillsPerTrade('aioo-2r')).toBe(2);
    expect(fillsPerTrade('aioo-trail')).toBe(2);
    expect(fillsPerTrade('ladder')).toBeGreaterThan(2);
    expect(fillsPerTrade('ladder-be-trail')).toBeGreaterThan(2);
  });

  it('doubling the per-fill commission doubles what is paid when nothing else changes', () => {
    const units = { kind: 'units', units: 10 } as const;
    const one = runBacktest(bars, entries, { ...base, costs: parseCosts('fill1'), sizing: units });
    const two = runBacktest(bars, entries, { ...base, costs: parseCosts('fill2'), sizing: units });
    for (let k = 0; k < one.policies.length; k++) {
      // Fixed units: the same trades, so only the fees change.
      expect(two.policies[k].stats.trades).toBe(one.policies[k].stats.trades);
      expect(two.policies[k].stats.commission).toBeCloseTo(2 * one.policies[k].stats.commission, 9);
    }
  });
});
