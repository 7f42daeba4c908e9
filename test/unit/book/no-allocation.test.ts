// "No allocation per update" for the book path (see test/unit/indicators/no-allocation.test.ts
// for why the bound is two boxed doubles per update and not a strict zero): BookIndicators and
// the two book shields over 20,000 real LOBSTER updates, after a warm-up run that has grown the
// rolling medians' arrays to the day's window.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ImbalanceShield, LiquidityShield } from '../../../engine/book/book-shields.js';
import { BookIndicators } from '../../../engine/book/indicators.js';
import { readLobster } from '../../../engine/book/lobster.js';
import type { BookDepth, BookTop } from '../../../engine/book/types.js';
import { parseBookMessage } from '../../../engine/feeds/binance-book-parse.js';
import { inferDepth } from '../support/lobster-depth.js';
import { messageText, orderbookText } from './lobster-day.js';

const N = 20_000;
const tops: BookTop[] = [];
readLobster(
  messageText,
  orderbookText,
  { top: (t) => void (tops.length < N && tops.push({ ...t })) },
  { date: '2012-06-21' },
);

// The depth path on the same rows as 20-level snapshots, parsed from Binance futures messages
// so the levels are the arrays the live feed hands out (test/unit/support/lobster-depth.ts).
const text = (x: number) => String(x);
const DEPTH: BookDepth[] = inferDepth(
  tops.filter((t) => !Number.isNaN(t.bidPrice) && !Number.isNaN(t.askPrice)),
).map((d) => {
  const data = {
    e: 'depthUpdate',
    T: d.timeMs,
    u: d.updateId,
    b: d.bids.map(([p, q]) => [text(p), text(q)]),
    a: d.asks.map(([p, q]) => [text(p), text(q)]),
  };
  const m = parseBookMessage(JSON.stringify({ stream: 'amznusdt@depth20@100ms', data }), 0);
  if (m?.kind !== 'depth') throw new Error('not a depth message');
  return m.depth;
});

/** Least young-generation growth per call of `run` over five runs after three warm-ups, bytes. */
function leastGrowth(run: () => void): number {
  for (let w = 0; w < 3; w++) run();
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const before = youngBytes();
    run();
    const grew = youngBytes() - before;
    if (grew >= 0 && grew < best) best = grew;
  }
  return best;
}

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

  it('runs both shields without allocating: under 1 byte an update', () => {
    // The shields alone, so nothing else hides inside the bound. Before the imbalance shield
    // stopped picking its double with `depth > 0 ? x : NaN` they took 14.5 bytes an update here
    // (one boxed double on most updates; BENCHMARKS.md, Order book): over this bound. The
    // fire counts keep the run honest: the loop did reach the code that fires.
    const imbalance = new ImbalanceShield({ threshold: 0.6, updates: 20, takeShare: 50 }, 'long');
    const liquidity = new LiquidityShield({ dropPercent: 70, windowSeconds: 60, holdMs: 10_000 }, 'long');
    let fired = 0;
    const best = leastGrowth(() => {
      imbalance.reset();
      liquidity.reset();
      for (let i = 0; i < N; i++) {
        if (imbalance.update(tops[i])) fired++;
        if (liquidity.update(tops[i])) fired++;
      }
    });
    expect(fired).toBeGreaterThan(0);
    expect(best / N).toBeLessThan(1);
  });

  it('updates from a 20-level snapshot (top-5 imbalance) within the same bound', () => {
    // Before the depth path was made allocation-free it took 64 bytes an update here (boxed
    // doubles): over the 32-byte bound.
    const indicators = new BookIndicators(60_000, 5);
    let sum = 0;
    const best = leastGrowth(() => {
      indicators.reset();
      for (let i = 0; i < DEPTH.length; i++) indicators.updateDepth(DEPTH[i]);
      sum += indicators.imbalanceTop;
    });
    expect(Number.isFinite(sum)).toBe(true);
    expect(best / DEPTH.length).toBeLessThan(32);
  });
});
