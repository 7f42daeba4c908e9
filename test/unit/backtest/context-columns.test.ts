import { describe, expect, it } from 'vitest';
import { ContextColumns, contextNeeds, emptyContext, parsePlan } from '../../../engine/index.js';
import { SeriesColumns } from '../../../engine/backtest/columns.js';
import { labOptions, resolveEntries } from '../../../engine/backtest/lab.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import { seededRandom } from '../../../engine/backtest/prng.js';
import { SwingCursor } from '../../../engine/backtest/swing-cursor.js';
import { BTC5M, EURUSD, SPY, loadBars } from './load-bars.js';

// The lab reads its market context from shared columns (SeriesColumns views, the swing
// cursor) instead of one ContextColumns per policy. The reference here is the engine's own
// ContextColumns over the same bars: every field must be the identical double.

const SWINGS = ['upSwingLow', 'upSwingHigh', 'downSwingHigh', 'downSwingLow'] as const;

describe('lab context columns', () => {
  it('a view reads, at every bar, exactly what ContextColumns reads for the same needs', () => {
    for (const [file, stop, ladder, trail, exhaustion] of [
      [BTC5M, 'atr14x2', '1R:25,fib1.618:25', 'chandelier22x3', 'rsi14>70<30,bb20x2,take25'],
      [EURUSD, 'atr10x1.5', 'atr20x3:50', 'atr14x2.5@1', 'rsi7>80<20,bb10x2.5,take25,act'],
      [SPY, '2%', '1R:50', 'none', 'none'],
    ]) {
      const bars = loadBars(file);
      const needs = contextNeeds(parsePlan({ side: 'long', entry: 1, stop, ladder, trail, exhaustion }));
      const reference = new ContextColumns(bars, needs);
      const view = new SeriesColumns(bars).view(needs);
      const expected = emptyContext();
      const entry = emptyContext();
      const bar = emptyContext();
      for (let i = -1; i < bars.length; i++) {
        reference.read(i, expected);
        view.readEntry(i, entry);
        if (i >= 0) view.readBar(i, bar);
        for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
          if (!Object.is(entry[key], expected[key]))
            expect(entry[key], `${file} ${key} at ${i}`).toBe(expected[key]);
          // readBar leaves the swing anchors alone (read at the entry only); all else matches.
          const barValue = (SWINGS as readonly string[]).includes(key) ? NaN : expected[key];
          if (i >= 0 && !Object.is(bar[key], barValue))
            expect(bar[key], `${file} ${key} at ${i} (bar)`).toBe(barValue);
        }
      }
    }
  });

  it('the swing cursor gives the same anchors in any order of bars (it restarts when moved back)', () => {
    const bars = loadBars(EURUSD);
    const needs = contextNeeds(parsePlan({ side: 'long', entry: 1, stop: '1%', ladder: 'fib1.618:100' }));
    const reference = new ContextColumns(bars, needs);
    const { high, low } = new SeriesColumns(bars);
    const cursor = new SwingCursor(high, low, needs.pivotStrength);
    const expected = emptyContext();
    const draw = seededRandom(5);
    let defined = 0;
    for (let k = 0; k < 2000; k++) {
      const i = Math.floor(draw() * bars.length);
      cursor.moveTo(i);
      reference.read(i, expected);
      for (const key of SWINGS) expect(cursor[key], `${key} at ${i}`).toBe(expected[key]);
      if (Number.isFinite(expected.upSwingLow)) defined++;
    }
    // The comparison means something only if most bars have a completed swing (EURUSD 1h does).
    expect(defined).toBeGreaterThan(1500);
  });

  it('the swing cursor finds pivots far back when none are near (long one-way runs)', () => {
    // Real EURUSD bars with two strictly one-way runs of 1,000 bars written over them (highs
    // and lows rising 1 pip a bar, then falling): no pivot forms inside a run, so there the
    // last pivots lie up to 1,000 bars back, before the run.
    const bars = loadBars(EURUSD)
      .slice(0, 4000)
      .map((b) => ({ ...b }));
    for (const [from, step] of [
      [500, 0.0001],
      [2500, -0.0001],
    ]) {
      for (let i = from; i < from + 1000; i++) {
        const b = bars[i];
        b.low = bars[i - 1].low + step;
        b.high = b.low + 0.001;
        b.open = b.close = b.low + 0.0005;
      }
    }
    const needs = contextNeeds(parsePlan({ side: 'long', entry: 1, stop: '1%', ladder: 'fib1.618:100' }));
    const reference = new ContextColumns(bars, needs);
    const { high, low } = new SeriesColumns(bars);
    const cursor = new SwingCursor(high, low, needs.pivotStrength);
    const expected = emptyContext();
    for (let i = 0; i < bars.length; i++) {
      cursor.moveTo(i);
      reference.read(i, expected);
      for (const key of SWINGS) expect(cursor[key], `${key} at ${i}`).toBe(expected[key]);
    }
  });

  it('a run over bars whose column buffers an earlier run used gives what a run on fresh buffers gives', () => {
    const bars = loadBars(EURUSD);
    const entries = resolveEntries(bars, 'random:4:0.05');
    // Other periods first, so every reused buffer holds other numbers (and other warm-up NaNs).
    const other = labOptions({
      entries: '',
      policies: 'aioo-2r',
      custom: [
        'a:stop=atr30x2;ladder=atr7x3:50;trail=chandelier10x2',
        'b:stop=atr5x2;exhaustion=rsi30>60<40,bb50x1.5,take25,act',
      ],
    });
    const options = labOptions({ entries: '', costs: 'bps2,slipatr0.1', sizing: 'units1' });
    runBacktest(bars, entries, other);
    const reused = runBacktest(bars, entries, options);
    // A copy of the array is another key: its run starts with no spare buffers.
    const fresh = runBacktest(bars.slice(), entries, options);
    expect(reused).toEqual(fresh);
  });
});
