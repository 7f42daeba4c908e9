import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitTracker } from '../../../engine/index.js';
import { parseCosts } from '../../../engine/backtest/costs.js';
import { ruleEntries } from '../../../engine/backtest/entry-rules.js';
import { compilePolicy, DEFAULT_POLICIES } from '../../../engine/backtest/policies.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import type { BacktestOptions, Trade } from '../../../engine/backtest/types.js';
import { EURUSD, loadBars } from './load-bars.js';

const bars = loadBars(EURUSD);
const options: BacktestOptions = {
  policies: [...DEFAULT_POLICIES],
  costs: parseCosts('bps1,slipbps1,slipatr0.05'),
  sizing: { kind: 'risk', fraction: 0.01 },
  initialEquity: 100_000,
  stress: null,
};

/** The parts of a trade that are decisions (when, which leg, at what price, how much). */
const decisions = (t: Trade): unknown => ({
  entry: [t.entryIndex, t.side, t.entryPrice, t.initialStop, t.size],
  fills: t.fills.map((f) => [f.index, f.leg, f.reason, f.price, f.size]),
  exit: t.exitIndex,
});

describe('no look-ahead', () => {
  it('truncating the future does not change any decision taken before the cut', () => {
    const entriesFull = ruleEntries(bars, { kind: 'random', seed: 2, rate: 0.02, sides: 'both' });
    const full = runBacktest(bars, entriesFull, options);
    fc.assert(
      // Cuts land 1..4 bars after an entry, where a peek at the next bars would show first.
      fc.property(
        fc.integer({ min: 5, max: entriesFull.length - 5 }),
        fc.integer({ min: 1, max: 4 }),
        (k, d) => {
          const cut = entriesFull[k].index + d;
          const truncated = runBacktest(
            bars.slice(0, cut),
            entriesFull.filter((e) => e.index < cut),
            options,
          );
          for (let p = 0; p < full.policies.length; p++) {
            const before = truncated.policies[p].trades;
            const same = full.policies[p].trades.slice(0, before.length);
            expect(same.map((t) => t.entryIndex)).toEqual(before.map((t) => t.entryIndex));
            for (let j = 0; j < before.length; j++) {
              const a = before[j];
              const b = same[j];
              // The entry (price, stop, size) is decided at its bar: identical whatever follows.
              expect([b.entryPrice, b.initialStop, b.size]).toEqual([a.entryPrice, a.initialStop, a.size]);
              // Every fill before the last known bar is identical; the truncated run closes what
              // is still open on the last bar (end of data), which the full run need not do.
              const early = (t: Trade): unknown[] =>
                t.fills
                  .filter((f) => f.index < cut - 1)
                  .map((f) => [f.index, f.leg, f.reason, f.price, f.size]);
              expect(early(b)).toEqual(early(a));
              if (!a.endOfData) expect(decisions(b)).toEqual(decisions(a));
            }
            // Mark-to-market equity agrees on every bar before the last known one.
            expect(Array.from(full.policies[p].equity.subarray(0, cut - 1))).toEqual(
              Array.from(truncated.policies[p].equity.subarray(0, cut - 1)),
            );
          }
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('entry rules decide from data up to the signal bar only', () => {
    const cut = 3000;
    for (const rule of [
      { kind: 'donchian', period: 20 },
      { kind: 'sma', fast: 10, slow: 50 },
    ] as const) {
      const full = ruleEntries(bars, rule).filter((e) => e.index < cut);
      expect(ruleEntries(bars.slice(0, cut), rule)).toEqual(full);
    }
  });

  it('the lab steps the engine exactly as an ExitTracker fed the same bars does', () => {
    const entries = ruleEntries(bars, { kind: 'donchian', period: 20 });
    const result = runBacktest(bars, entries, options);
    for (const p of result.policies) {
      const template = compilePolicy(p.policy);
      for (const t of p.trades.filter((_, k) => k % 10 === 0)) {
        const tracker = new ExitTracker(
          {
            ...template,
            side: t.side,
            entry: t.entryPrice,
            entryTime: t.entryTime,
            size: t.size,
            fees: { perUnit: 0, bps: 1, perFill: 0 },
          },
          { recordTrail: false, slippage: { bps: 1, atrFraction: 0.05 } },
        );
        for (let i = 0; i <= t.exitIndex; i++) tracker.add(bars[i]);
        if (t.endOfData) tracker.closeAt(bars[t.exitIndex], bars[t.exitIndex].close);
        const state = tracker.overlay().state;
        expect(state.fills.map((f) => [f.time, f.leg, f.reason, f.price, f.size, f.fee, f.pnl])).toEqual(
          t.fills.map((f) => [f.time, f.leg, f.reason, f.price, f.size, f.fee, f.pnl]),
        );
        expect(state.mfeR).toBe(t.mfeR);
        expect(state.maeR).toBe(t.maeR);
      }
    }
  });
});
