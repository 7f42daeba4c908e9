import { describe, expect, it } from 'vitest';
import { CorrelationShield, EntropyGuard } from '../../../engine/book/bar-shields.js';
import { ImbalanceShield, LiquidityShield } from '../../../engine/book/book-shields.js';
import { BookIndicators } from '../../../engine/book/indicators.js';
import { readLobster } from '../../../engine/book/lobster.js';
import { RollingMedian } from '../../../engine/book/rolling-median.js';
import type { BookTop, BookTrade } from '../../../engine/book/types.js';
import { parseBarsCsv } from '../../../engine/io/bars.js';
import type { Side } from '../../../engine/types.js';
import { barsFile, messageText, orderbookText, truncated } from './lobster-day.js';

const tops: BookTop[] = [];
const trades: BookTrade[] = [];
readLobster(
  messageText,
  orderbookText,
  { top: (t) => tops.push({ ...t }), trade: (t) => trades.push({ ...t }) },
  { date: '2012-06-21' },
);

/** The exact median of xs by sorting (the second way). */
function naiveMedian(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Liquidity events recomputed naively: the window re-collected and sorted at every update. */
function naiveLiquidity(
  side: Side,
  drop: number,
  windowMs: number,
  holdMs: number,
  upTo = tops.length,
): number[] {
  const fired: number[] = [];
  let since = NaN;
  let done = false;
  const first = tops[0].timeMs;
  for (let i = 0; i < upTo; i++) {
    const t = tops[i].timeMs;
    const window: number[] = [];
    for (let j = i - 1; j >= 0 && tops[j].timeMs >= t - windowMs; j--)
      window.push(side === 'long' ? tops[j].bidSize : tops[j].askSize);
    const size = side === 'long' ? tops[i].bidSize : tops[i].askSize;
    // Warm once a whole window has passed since the first update (and the window is not empty).
    const warm = window.length > 0 && t - first >= windowMs;
    const below = warm && size / naiveMedian(window) <= 1 - drop / 100;
    if (!below) {
      since = NaN;
      done = false;
      continue;
    }
    if (Number.isNaN(since)) since = t;
    if (!done && t - since >= holdMs) {
      done = true;
      fired.push(i);
    }
  }
  return fired;
}

describe('rolling median', () => {
  it('equals a sort of the window at every update of the real day', () => {
    const m = new RollingMedian(30_000, 4); // a tiny start capacity: growth is exercised too
    for (let i = 0; i < 8000; i++) {
      const t = tops[i].timeMs;
      m.add(t, tops[i].bidSize + tops[i].askSize);
      const window: number[] = [];
      for (let j = i; j >= 0 && tops[j].timeMs >= t - 30_000; j--)
        window.push(tops[j].bidSize + tops[j].askSize);
      expect(m.value).toBe(naiveMedian(window));
    }
  });
});

describe('book indicators', () => {
  it('give mid, spread, imbalance and volume delta as plain formulas say', () => {
    const ind = new BookIndicators(60_000);
    let cvd = 0;
    let k = 0;
    for (const top of tops.slice(0, 5000)) {
      while (k < trades.length && trades[k].timeMs <= top.timeMs) {
        ind.addTrade(trades[k]);
        cvd += trades[k].aggressor === 'buy' ? trades[k].size : -trades[k].size;
        k++;
      }
      ind.update(top);
      expect(ind.mid).toBe((top.bidPrice + top.askPrice) / 2);
      expect(ind.spreadBps).toBeCloseTo(((top.askPrice - top.bidPrice) / ind.mid) * 1e4, 9);
      expect(ind.imbalance).toBe((top.bidSize - top.askSize) / (top.bidSize + top.askSize));
      expect(ind.cvd).toBe(cvd);
    }
    // Row 2 of the orderbook file: ask 223.95 x 100, bid 223.18 x 100 -> spread 0.77, imbalance 0.
    ind.reset();
    ind.update(tops[0]);
    expect(ind.spread).toBeCloseTo(0.77, 9);
    expect(ind.imbalance).toBe(0);
    expect(ind.depthRatio).toBeNaN(); // warming up
  });
});

describe('imbalance shield on the real day', () => {
  for (const side of ['long', 'short'] as const) {
    it(`fires (${side}) where a naive run count says`, () => {
      const shield = new ImbalanceShield({ threshold: 0.6, updates: 20, takeShare: 50 }, side);
      const fired = tops.flatMap((t, i) => (shield.update(t) ? [i] : []));
      // Second way: the imbalance recomputed per row and runs counted.
      const naive: number[] = [];
      let run = 0;
      tops.forEach((t, i) => {
        const imb = (t.bidSize - t.askSize) / (t.bidSize + t.askSize);
        run = (side === 'long' ? imb <= -0.6 : imb >= 0.6) ? run + 1 : 0;
        if (run === 20) {
          naive.push(i);
          run = 0;
        }
      });
      expect(fired).toEqual(naive);
      expect(fired.length).toBeGreaterThan(10); // 37 for a long, 101 for a short (measured, docs/order-book.md)
    });
  }
});

describe('liquidity kill-switch on the real day', () => {
  for (const [side, holdMs] of [
    ['long', 10_000],
    ['short', 10_000],
    ['long', 0],
  ] as const) {
    it(`fires (${side}, hold ${holdMs} ms) where a naive median recomputation says`, () => {
      const upTo = holdMs === 0 ? 6000 : tops.length;
      const shield = new LiquidityShield({ dropPercent: 70, windowSeconds: 60, holdMs }, side);
      const fired: number[] = [];
      for (let i = 0; i < upTo; i++) if (shield.update(tops[i])) fired.push(i);
      expect(fired).toEqual(naiveLiquidity(side, 70, 60_000, holdMs, upTo));
      expect(fired.length).toBeGreaterThan(0);
    });
  }
});

const eth = parseBarsCsv(barsFile('ethusdt_binance_5m_2020-12_2021-07.csv'));
const btc = parseBarsCsv(barsFile('btcusdt_binance_5m_2020-12_2021-07.csv'));
const btcByTime = new Map(btc.map((b) => [b.time, b.close]));
const pairs = eth.filter((b) => btcByTime.has(b.time)).map((b) => [b.close, btcByTime.get(b.time)!] as const);

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('correlation exit on ETH vs BTC 5m', () => {
  it('finds the jumps a naive windowed correlation finds', () => {
    const spec = { window: 12, from: 0.2, to: 0.9, within: 6 };
    const shield = new CorrelationShield(spec);
    const fired: number[] = [];
    pairs.forEach(([a, b], i) => {
      if (shield.add(a, b)) fired.push(i);
    });
    // Second way: log returns, the correlation of each 12-return window computed from scratch.
    const rx = pairs.map(([a], i) => (i ? Math.log(a / pairs[i - 1][0]) : NaN));
    const ry = pairs.map(([, b], i) => (i ? Math.log(b / pairs[i - 1][1]) : NaN));
    const corr = pairs.map((_, i) =>
      i >= 12 ? pearson(rx.slice(i - 11, i + 1), ry.slice(i - 11, i + 1)) : NaN,
    );
    const naive: number[] = [];
    let firing = false;
    corr.forEach((c, i) => {
      const before = corr.slice(Math.max(0, i - 6), i).filter((x) => !Number.isNaN(x));
      const now = c > 0.9 && before.length > 0 && Math.min(...before) < 0.2;
      if (now && !firing) naive.push(i);
      firing = now;
    });
    expect(fired).toEqual(naive);
    expect(fired.length).toBeGreaterThan(0);
  });
});

/** Normalised permutation entropy of one window of returns, counted from scratch. */
function naiveEntropy(returns: number[], order: number): number {
  const counts = new Map<string, number>();
  for (let i = 0; i + order <= returns.length; i++) {
    const w = returns.slice(i, i + order);
    // The ordinal pattern: each value's rank among the window (ties by arrival).
    const key = w.map((v, j) => w.filter((u, k) => u < v || (u === v && k < j)).length).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const n = returns.length - order + 1;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log(c / n);
  const fact = [1, 1, 2, 6, 24, 120, 720][order];
  return h / Math.log(fact);
}

describe('entropy guard on ETH 5m', () => {
  it('gives the entropy a from-scratch count gives, at every bar', () => {
    const guard = new EntropyGuard({ order: 3, window: 48, threshold: 0.98, action: 'close' });
    const closes = eth.slice(0, 3000).map((b) => b.close);
    const returns = closes.map((c, i) => (i ? Math.log(c / closes[i - 1]) : NaN));
    closes.forEach((c, i) => {
      guard.add(c);
      if (i >= 48) expect(guard.entropy).toBeCloseTo(naiveEntropy(returns.slice(i - 47, i + 1), 3), 9);
    });
  });
});

describe('no look-ahead', () => {
  it('a truncated LOBSTER day gives the same earlier shield events', () => {
    const run = (message: string, orderbook: string): number[] => {
      const liq = new LiquidityShield({ dropPercent: 70, windowSeconds: 60, holdMs: 10_000 }, 'long');
      const imb = new ImbalanceShield({ threshold: 0.6, updates: 20, takeShare: 100 }, 'long');
      const out: number[] = [];
      let i = 0;
      readLobster(
        message,
        orderbook,
        { top: (t) => (liq.update(t) && out.push(i), imb.update(t) && out.push(-i), i++) },
        { date: '2012-06-21' },
      );
      return out;
    };
    const full = run(messageText, orderbookText);
    const cut = truncated(30_000);
    const part = run(cut.message, cut.orderbook);
    expect(part).toEqual(full.filter((i) => Math.abs(i) < 30_000));
  });

  it('truncated bars give the same earlier correlation and entropy events', () => {
    const run = (n: number): number[] => {
      const c = new CorrelationShield({ window: 12, from: 0.2, to: 0.9, within: 6 });
      const e = new EntropyGuard({ order: 3, window: 48, threshold: 0.98, action: 'close' });
      const out: number[] = [];
      pairs.slice(0, n).forEach(([a, b], i) => {
        if (c.add(a, b)) out.push(i);
        if (e.add(a)) out.push(-i);
      });
      return out;
    };
    const full = run(pairs.length);
    expect(run(20_000)).toEqual(full.filter((i) => Math.abs(i) < 20_000));
  });
});
