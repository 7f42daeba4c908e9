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
