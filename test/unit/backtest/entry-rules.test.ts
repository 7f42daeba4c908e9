import { describe, expect, it } from 'vitest';
import { parseEntryRule, ruleEntries } from '../../../engine/backtest/entry-rules.js';
import { BacktestError } from '../../../engine/backtest/errors.js';
import { resolveEntries } from '../../../engine/backtest/lab.js';
import type { Bar } from '../../../engine/types.js';
import { loadBars, SPY } from './load-bars.js';

const closes = (xs: number[]): Bar[] =>
  xs.map((c, k) => ({ time: 1_000_000 + 60 * k, open: c, high: c + 0.5, low: c - 0.5, close: c }));

describe('entry rules', () => {
  it('reads rule strings and says what is wrong', () => {
    expect(parseEntryRule('donchian:20')).toEqual({ kind: 'donchian', period: 20 });
    expect(parseEntryRule('SMA:10:50')).toEqual({ kind: 'sma', fast: 10, slow: 50 });
    expect(parseEntryRule('random:7')).toEqual({ kind: 'random', seed: 7, rate: 0.01, sides: 'both' });
    expect(parseEntryRule('trades.csv')).toBeNull();
    expect(() => parseEntryRule('sma:50:10')).toThrowError(/fast SMA must be shorter/);
    expect(() => parseEntryRule('donchian:x')).toThrowError(BacktestError);
    expect(() => parseEntryRule('random:1:2')).toThrowError(/probability/);
  });

  it('Donchian fires when the close leaves the previous N bars channel', () => {
    // Highs are close + 0.5. With N = 3 at t = 3: previous highs 10.5, 10.5, 10.5; close 11 > 10.5: long.
    // At t = 5: previous lows 10.5, 9.5, 10.5 (closes 11, 10, 11 minus 0.5); close 9 < 9.5: short.
    const bars = closes([10, 10, 10, 11, 10, 9, 9]);
    expect(ruleEntries(bars, { kind: 'donchian', period: 3 }).map((e) => [e.index, e.side, e.price])).toEqual(
      [
        [3, 'long', 11],
        [5, 'short', 9],
      ],
    );
  });

  it('SMA cross fires on the bar where the fast average crosses the slow one', () => {
    // SMA2 vs SMA3 of [5,5,5,6,7,6,4,3]: t=3: SMA2 5.5 > SMA3 5.33 (was equal): long;
    // t=6: SMA2 5 < SMA3 5.67 (was 6.5 > 6.33): short.
    const bars = closes([5, 5, 5, 6, 7, 6, 4, 3]);
    expect(ruleEntries(bars, { kind: 'sma', fast: 2, slow: 3 }).map((e) => [e.index, e.side])).toEqual([
      [3, 'long'],
      [6, 'short'],
    ]);
  });

  it('random entries are seeded, near the rate, and both sides', () => {
    const bars = loadBars(SPY);
    const a = ruleEntries(bars, { kind: 'random', seed: 5, rate: 0.05, sides: 'both' });
    expect(ruleEntries(bars, { kind: 'random', seed: 5, rate: 0.05, sides: 'both' })).toEqual(a);
    expect(ruleEntries(bars, { kind: 'random', seed: 6, rate: 0.05, sides: 'both' })).not.toEqual(a);
    // Binomial(5241, 0.05): mean 262, sd 15.8; 5 sd either side.
    expect(a.length).toBeGreaterThan(183);
    expect(a.length).toBeLessThan(341);
    const longs = a.filter((e) => e.side === 'long').length;
    expect(longs / a.length).toBeGreaterThan(0.35);
    expect(longs / a.length).toBeLessThan(0.65);
    expect(
      ruleEntries(bars, { kind: 'random', seed: 5, rate: 0.05, sides: 'short' }).every(
        (e) => e.side === 'short',
      ),
    ).toBe(true);
  });

  it('a rule that finds nothing, or empty entries, is a clear error', () => {
    const flat = closes([10, 10, 10, 10, 10]);
    expect(() => resolveEntries(flat, 'donchian:2')).toThrowError(/produced no entries/);
    expect(() => resolveEntries(flat, '   ')).toThrowError(/give a rule/);
  });
});
