// "No allocation per update" for the book path (see test/unit/indicators/no-allocation.test.ts
// for why the bound is two boxed doubles per update and not a strict zero): BookIndicators and
// the two book shields over 20,000 real LOBSTER updates, after a warm-up run that has grown the
// rolling medians' arrays to the day's window.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ImbalanceShield, LiquidityShield } from '../../../engine/book/book-shields.js';
import { BookIndicators } from '../../../engine/book/indicators.js';
import { readLobster } from '../../../engine/book/lobster.js';
import type { BookTop } from '../../../engine/book/types.js';
import { messageText, orderbookText } from './lobster-day.js';

const N = 20_000;
const tops: BookTop[] = [];
readLobster(
  messageText,
  orderbookText,
  { top: (t) => void (tops.length < N && tops.push({ ...t })) },
  { date: '2012-06-21' },
);

function youngBytes(): number {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!space) throw new Error('no new_space in this V8');
  return space.space_used_size;
}

describe('book path allocation', () => {
  it('grows the young generation by less than two boxed doubles per update', () => {
    const indicators = new BookIndicators(60_000);
    const imbalance = new ImbalanceShield({ threshold: 0.6, updates: 20, takeShare: 50 }, 'long');
    const liquidity = new LiquidityShield({ dropPercent: 70, windowSeconds: 60, holdMs: 10_000 }, 'long');
    let fired = 0;
    const run = (): void => {
      indicators.reset();
      imbalance.reset();
      liquidity.reset();
      for (let i = 0; i < N; i++) {
        indicators.update(tops[i]);
        if (imbalance.update(tops[i])) fired++;
        if (liquidity.update(tops[i])) fired++;
      }
    };
    for (let w = 0; w < 3; w++) run();
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const before = youngBytes();
      run();
      const grew = youngBytes() - before;
      if (grew >= 0 && grew < best) best = grew;
    }
    expect(fired).toBeGreaterThan(0);
    expect(best / N).toBeLessThan(32);
  });
});
