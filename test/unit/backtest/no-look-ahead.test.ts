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
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: bars.length - 1 }),
        fc.integer({ min: 1, max: 3 }),
        (cut, seed) => {
          const entriesFull = ruleEntries(bars, { kind: 'random', seed, rate: 0.02, sides: 'both' });
          const past = bars.slice(0, cut);
          const entriesPast = entriesFull.filter((e) => e.index < cut);
          const full = runBacktest(bars, entriesFull, options);
          const truncated = runBacktest(past, entriesPast, options);
          for (let k = 0; k < full.policies.length; k++) {
            // Trades that closed before the last known bar must be identical; the one still open at
            // the cut is closed by the end of data in the truncated run and is left out.
            const done = truncated.policies[k].trades.filter((t) => !t.endOfData);
            const same = full.policies[k].trades.slice(0, done.length);
            expect(same.map(decisions)).toEqual(done.map(decisions));
            // Equity up to the cut's last closed trade agrees bar for bar.
            const upTo = done.length ? done[done.length - 1].exitIndex : 0;
            expect(Array.from(full.policies[k].equity.subarray(0, upTo + 1))).toEqual(
              Array.from(truncated.policies[k].equity.subarray(0, upTo + 1)),
            );
          }
        },
      ),
      { numRuns: 8, seed: 42 },
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
