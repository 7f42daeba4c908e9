import { describe, expect, it } from 'vitest';
import { readLobster, type BookTop, type BookTrade } from '../../../engine/index.js';
import { BookState, type PositionNow } from '../../../widget/book/book-state.js';
import { inferDepth } from '../support/lobster-depth.js';
import { messageText, orderbookText } from './lobster-day.js';

// The widget's book state (widget/book/book-state.ts) fed the real LOBSTER AMZN day, one
// update at a time, as `pushBook` feeds it; every expected number is recomputed here a second
// way from the same rows (a naive run count, plain sums).
const tops: BookTop[] = [];
const trades: (BookTrade | null)[] = [];
let pending: BookTrade | null = null;
readLobster(
  messageText,
  orderbookText,
  {
    trade: (t) => void (pending = { ...t }),
    top: (t) => {
      tops.push({ ...t });
      trades.push(pending);
      pending = null;
    },
  },
  { date: '2012-06-21' },
);

const LONG_OPEN: PositionNow = { side: 'long', open: true, remaining: 100, riskPerUnit: 1 };

function play(state: BookState, upTo = tops.length): void {
  for (let i = 0; i < upTo; i++) {
    const trade = trades[i];
    if (trade) state.trade(trade);
    state.push(tops[i], tops[i].timeMs);
  }
}

/** Indices where k updates in a row have imbalance <= -theta (long), the count restarting after each. */
function naiveImbalanceFires(theta: number, k: number, dir: 1 | -1): number[] {
  const at: number[] = [];
  let run = 0;
  for (let i = 0; i < tops.length; i++) {
    const t = tops[i];
    const d = t.bidSize + t.askSize;
    const imb = d > 0 ? (t.bidSize - t.askSize) / d : NaN;
    run = dir * imb <= -theta ? run + 1 : 0;
    if (run === k) {
      at.push(i);
      run = 0;
    }
  }
  return at;
}

describe('widget book state on the real LOBSTER day', () => {
  it('fires the imbalance shield where a naive run count says, long and short', () => {
    for (const [side, dir] of [
      ['long', 1],
      ['short', -1],
    ] as const) {
      const state = new BookState(
        { imbalance: 'imbalance0.6x20', liquidity: 'none' },
        { ...LONG_OPEN, side },
      );
      play(state);
      const want = naiveImbalanceFires(0.6, 20, dir).map((i) => tops[i].timeMs);
      expect(want.length).toBeGreaterThan(10); // docs/order-book.md: 37 long, 101 short
      expect(state.events.map((e) => e.timeMs)).toEqual(want);
      expect(state.events.every((e) => e.shield === 'imbalance' && e.takeShare === 100)).toBe(true);
    }
  });

  it('counts volume delta and trades as plain sums over the executions', () => {
    const state = new BookState({}, LONG_OPEN);
    play(state);
    let cvd = 0;
    let n = 0;
    for (const t of trades) {
      if (!t) continue;
      cvd += t.aggressor === 'buy' ? t.size : -t.size;
      n++;
    }
    const view = state.view(tops[tops.length - 1].timeMs);
    expect(view.trades).toBe(n);
    expect(view.cvd).toBe(cvd);
    expect(view.updates).toBe(tops.length);
    const last = tops[tops.length - 1];
    expect(view.spread).toBeCloseTo(last.askPrice - last.bidPrice, 9);
  });

  it('warms up but fires nothing while no position is open, then fires once it is', () => {
    const closed = new BookState(
      { imbalance: 'imbalance0.6x20', liquidity: 'liquidity70%@60s' },
      {
        ...LONG_OPEN,
        open: false,
      },
    );
    play(closed);
    expect(closed.events).toEqual([]);
    expect(closed.view(0).shields.map((s) => s.status)).toEqual(['idle', 'idle']);
    // Open at the half of the day: the events are the full-day ones from there on (warm-up kept).
    const full = new BookState({ imbalance: 'imbalance0.6x20', liquidity: 'liquidity70%@60s' }, LONG_OPEN);
    play(full);
    const half = Math.floor(tops.length / 2);
    const later = new BookState(
      { imbalance: 'imbalance0.6x20', liquidity: 'liquidity70%@60s' },
      {
        ...LONG_OPEN,
        open: false,
      },
    );
    play(later, half);
    later.setPosition(LONG_OPEN);
    for (let i = half; i < tops.length; i++) later.push(tops[i], tops[i].timeMs);
    const key = (e: { shield: string; timeMs: number }): string => `${e.shield}@${e.timeMs}`;
    expect(later.events.map(key)).toEqual(full.events.filter((e) => e.timeMs >= tops[half].timeMs).map(key));
  });

  it('has no look-ahead: a truncated day gives the same earlier events', () => {
    const full = new BookState({ liquidity: 'liquidity70%@60s,for5s' }, LONG_OPEN);
    play(full);
    const cut = 20_000;
    const part = new BookState({ liquidity: 'liquidity70%@60s,for5s' }, LONG_OPEN);
    play(part, cut);
    expect(part.events).toEqual(full.events.filter((e) => e.timeMs <= tops[cut - 1].timeMs));
  });

  it('prices a fired exit at the touch plus impact against the mid', () => {
    const state = new BookState({ imbalance: 'imbalance0.6x20', liquidity: 'none' }, LONG_OPEN);
    play(state);
    const e = state.events[0];
    const top = tops.find((t) => t.timeMs === e.timeMs)!;
    const mid = (top.bidPrice + top.askPrice) / 2;
    expect(e.mid).toBeCloseTo(mid, 9);
    // 100 units into the bid: the visible size at the bid fills there, the rest one spread lower each level.
    const spread = top.askPrice - top.bidPrice;
    let left = 100;
    let cost = 0;
    for (let level = 0; left > 0; level++) {
      const take = Math.min(left, top.bidSize);
      cost += take * (top.bidPrice - level * spread);
      left -= take;
    }
    expect(e.fillPrice).toBeCloseTo(cost / 100, 9);
    expect(e.slippageBps).toBeCloseTo(((mid - cost / 100) / mid) * 1e4, 9);
  });

  it('is stale after the set seconds without an update, and names a bad setting', () => {
    const state = new BookState({ staleSeconds: 5, imbalance: 'imbalance1.5' }, LONG_OPEN);
    expect(state.stale(0)).toBe(true); // nothing yet
    state.push(tops[0], 1_000_000);
    expect(state.stale(1_004_999)).toBe(false);
    expect(state.stale(1_005_000)).toBe(true);
    expect(state.view(1_007_000).silentSeconds).toBe(7);
    expect(state.problems[0]).toMatch(
      /^imbalance: the threshold \(0 to 1\) must be above 0 and at most 1, got 1.5/,
    );
    expect(state.view(0).shields[0].status).toBe('off');
  });

  it('takes depth snapshots for the top-N imbalance only, and drops an older one', () => {
    // Snapshots inferred from the first 1,000 two-sided rows (test/unit/support/lobster-depth.ts);
    // the expected figure is a straight sum of the first 10 sizes a side.
    const rows = tops.slice(0, 1000).filter((t) => !Number.isNaN(t.bidPrice) && !Number.isNaN(t.askPrice));
    const depth = inferDepth(rows);
    const sum = (d: (typeof depth)[number], side: 'bids' | 'asks') =>
      d[side].slice(0, 10).reduce((a, [, q]) => a + q, 0);
    const naive = (d: (typeof depth)[number]) =>
      (sum(d, 'bids') - sum(d, 'asks')) / (sum(d, 'bids') + sum(d, 'asks'));
    const state = new BookState({}, LONG_OPEN);
    expect(state.view(0).depthUpdates).toBe(0);
    for (let i = 0; i < rows.length; i++) {
      state.push(rows[i], rows[i].timeMs);
      if (i % 5 === 0) state.depth(depth[i]);
    }
    const last = depth[rows.length - 1 - ((rows.length - 1) % 5)];
    const view = state.view(rows[rows.length - 1].timeMs);
    expect(view.topLevels).toBe(10);
    expect(view.imbalanceTop).toBeCloseTo(naive(last), 12);
    expect(view.updates).toBe(rows.length); // depth snapshots are not counted as touch updates
    state.depth(depth[0]); // older: dropped
    expect(state.view(0).imbalanceTop).toBeCloseTo(naive(last), 12);
    expect(state.view(0).depthUpdates).toBe(Math.ceil(rows.length / 5));
  });
});
