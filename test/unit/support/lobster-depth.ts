import type { BookDepth, BookLevel, BookTop } from '../../../engine/book/types.js';

/**
 * Partial-book snapshots (Binance's `@depth<N>@100ms` shape) inferred from level-1 rows such as
 * the LOBSTER AMZN day's: every price last seen at the touch keeps the size it had there while
 * it stays behind the touch, and a better price seen later removes the worse ones that were
 * "ahead" of it on the other side of the book. A level-1 tape says no more about the levels
 * behind the touch; the tests and benchmarks need real sizes at several levels, and these are.
 * Rows with an empty side must be left out by the caller. Update ids count from `firstUpdateId`.
 */
export function inferDepth(tops: readonly BookTop[], levels = 20, firstUpdateId = 7_000_000): BookDepth[] {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  return tops.map((t, i) => {
    bids.set(t.bidPrice, t.bidSize);
    asks.set(t.askPrice, t.askSize);
    for (const p of bids.keys()) if (p > t.bidPrice) bids.delete(p);
    for (const p of asks.keys()) if (p < t.askPrice) asks.delete(p);
    const side = (m: Map<number, number>, dir: number): BookLevel[] =>
      [...m.entries()]
        .sort((a, b) => dir * (a[0] - b[0]))
        .slice(0, levels)
        .map(([p, q]) => [p, q] as const);
    return {
      timeMs: Math.round(t.timeMs),
      bids: side(bids, -1),
      asks: side(asks, 1),
      updateId: firstUpdateId + i,
    };
  });
}
