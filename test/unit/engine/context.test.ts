import { describe, expect, it } from 'vitest';
import {
  ContextColumns,
  contextNeeds,
  emptyContext,
  parsePlan,
  StreamingContext,
} from '../../../engine/index.js';
import { BTC_5M, EURUSD_1H, loadBars } from '../support/data.js';

describe('market context', () => {
  it('keeps in previous exactly what current held before the last add', () => {
    const bars = loadBars(BTC_5M).slice(0, 3000);
    for (const [ladder, trail] of [
      ['fib1.618:50', 'chandelier22x3'],
      ['atr20x2:50', 'atr10x2'],
    ]) {
      const plan = parsePlan({ side: 'long', entry: 1, stop: 'atr14x1.5', ladder, trail });
      const stream = new StreamingContext(contextNeeds(plan));
      let before = { ...stream.current };
      for (const bar of bars) {
        stream.add(bar);
        expect(stream.previous).toEqual(before);
        before = { ...stream.current };
      }
      // Every field was computed at least once (the fib plan needs swings, chandelier extremes).
      if (ladder.startsWith('fib')) expect(Object.values(before).every(Number.isFinite)).toBe(true);
      // Turned off (as ExitTracker does once its position is open), previous stays as it was.
      const kept = { ...stream.previous };
      stream.keepsPrevious = false;
      for (const bar of loadBars(BTC_5M).slice(3000, 3100)) stream.add(bar);
      expect(stream.previous).toEqual(kept);
      expect(stream.current).not.toEqual(kept);
    }
  });

  it('is the same computed in batch columns (backtests) as streamed bar by bar (live)', () => {
    for (const [file, stop, trail] of [
      [BTC_5M, 'atr14x1.5', 'chandelier22x3'],
      [EURUSD_1H, 'atr10x2', 'atr20x2.5'],
    ]) {
      const bars = loadBars(file).slice(0, 20_000);
      const needs = contextNeeds(parsePlan({ side: 'long', entry: 1, stop, ladder: 'atr3x2:50', trail }));
      const columns = new ContextColumns(bars, needs);
      const stream = new StreamingContext(needs);
      const row = emptyContext();
      bars.forEach((bar, i) => {
        stream.add(bar);
        columns.read(i, row);
        for (const key of Object.keys(row) as (keyof typeof row)[]) {
          const a = row[key];
          const b = stream.current[key];
          // Batch and streaming indicators agree to 1e-12 relative (their own contract test).
          if (Number.isNaN(b)) expect(a, `${key} at ${i}`).toBeNaN();
          else
            expect(Math.abs(a - b), `${key} at ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
        }
      });
    }
  });
});
