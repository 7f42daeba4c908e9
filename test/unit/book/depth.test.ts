// Binance's partial book (`<symbol>@depth20@100ms`) and the top-N imbalance, on the real LOBSTER
// AMZN day (../shared/data/lobster). That sample is level 1, so the levels behind the touch are
// what a level-1 tape tells of them (test/unit/support/lobster-depth.ts). The expected numbers are computed a second
// way here: straight sums over the CSV rows, and the level-1 path of BookIndicators on the tops.
import { describe, expect, it } from 'vitest';
import {
  BookIndicators,
  readLobster,
  startBinanceBookFeed,
  type BookDepth,
  type BookLevel,
  type BookTop,
  type FeedEnvironment,
  type FeedNotice,
  type FeedStatus,
} from '../../../engine/index.js';
import { parseBookMessage } from '../../../engine/feeds/index.js';
import { FakeClock, FakeSocket } from '../support/fake-exchange.js';
import { inferDepth } from '../support/lobster-depth.js';
import { messageText, orderbookText } from './lobster-day.js';

const TOPS: BookTop[] = [];
readLobster(messageText, orderbookText, { top: (t) => void TOPS.push({ ...t }) }, { date: '2012-06-21' });
const STRETCH = TOPS.slice(0, 4000).filter((t) => !Number.isNaN(t.bidPrice) && !Number.isNaN(t.askPrice));

const DEPTH = inferDepth(STRETCH);

const levels = (side: readonly BookLevel[]) => side.map(([p, q]) => [p.toFixed(2), String(q)]);
const spotMessage = (d: BookDepth) =>
  JSON.stringify({
    stream: 'amznusdt@depth20@100ms',
    data: { lastUpdateId: d.updateId, bids: levels(d.bids), asks: levels(d.asks) },
  });
const futuresMessage = (d: BookDepth) =>
  JSON.stringify({
    stream: 'amznusdt@depth20@100ms',
    data: {
      e: 'depthUpdate',
      E: d.timeMs + 3,
      T: d.timeMs,
      s: 'AMZNUSDT',
      U: (d.updateId ?? 0) - 1,
      u: d.updateId,
      pu: (d.updateId ?? 0) - 2,
      b: levels(d.bids),
      a: levels(d.asks),
    },
  });

/** The second way: the top-N imbalance summed straight from the snapshot's first n levels. */
function naiveTopImbalance(d: BookDepth, n: number): number {
  const sum = (side: readonly BookLevel[]) => side.slice(0, n).reduce((a, [, q]) => a + q, 0);
  const b = sum(d.bids);
  const a = sum(d.asks);
  return b + a > 0 ? (b - a) / (b + a) : NaN;
}

describe('the partial book from LOBSTER rows', () => {
  it('has levels behind the touch (a stretch where top-N differs from level 1)', () => {
    // Guards the test itself: with one level a side the top-N check would prove nothing.
    const deep = DEPTH.filter((d) => d.bids.length >= 5 && d.asks.length >= 5).length;
    expect(deep).toBeGreaterThan(DEPTH.length / 2);
    const differs = DEPTH.filter((d) => naiveTopImbalance(d, 5) !== naiveTopImbalance(d, 1)).length;
    expect(differs).toBeGreaterThan(DEPTH.length / 2);
  });
});

describe('parseBookMessage on depth20@100ms', () => {
  it('reads spot and futures snapshots level by level, with the book time only in futures', () => {
    for (const d of DEPTH.slice(0, 500)) {
      const spot = parseBookMessage(spotMessage(d), 123);
      expect(spot).toEqual({ kind: 'depth', depth: { ...d, timeMs: 123 } });
      const fut = parseBookMessage(futuresMessage(d), 123);
      expect(fut).toEqual({ kind: 'depth', depth: d });
    }
  });

  it('refuses a crossed book, levels out of order and a price that is not a number, naming the field', () => {
    const d = DEPTH[100];
    const crossed = { ...d, bids: [[d.asks[0][0] + 0.01, 10] as const, ...d.bids] };
    expect(() => parseBookMessage(spotMessage(crossed), 0)).toThrow(/best bid .* is above best ask/);
    const unsorted = { ...d, asks: [d.asks[1], d.asks[0], ...d.asks.slice(2)] };
    expect(() => parseBookMessage(spotMessage(unsorted), 0)).toThrow(/asks\[1\]: price .* is out of order/);
    const text = spotMessage(d).replace(`"${d.bids[0][0].toFixed(2)}"`, '"abc"');
    expect(() => parseBookMessage(text, 0)).toThrow(/bids\[0\]\[0\]/);
  });
});

describe('BookIndicators.updateDepth', () => {
  it('gives the top-N imbalance of the sums and the level-1 numbers of the tops', () => {
    const byDepth = new BookIndicators(60_000, 5);
    const byTop = new BookIndicators(60_000, 5);
    for (let i = 0; i < DEPTH.length; i++) {
      byDepth.updateDepth(DEPTH[i]);
      byTop.update({ ...STRETCH[i], timeMs: DEPTH[i].timeMs });
      expect(byDepth.imbalanceTop).toBeCloseTo(naiveTopImbalance(DEPTH[i], 5), 12);
      expect(byDepth.imbalance).toBe(byTop.imbalance);
      expect(byDepth.spread).toBe(byTop.spread);
      expect(byDepth.depth).toBe(byTop.depth);
      expect(Object.is(byDepth.depthRatio, byTop.depthRatio)).toBe(true);
    }
    // A level-1 update knows no levels: the top-N figure is not made up from it.
    expect(byTop.imbalanceTop).toBeNaN();
  });

  it('over one level equals the level-1 imbalance, and counts what a short book shows', () => {
    const one = new BookIndicators(60_000, 1);
    for (const d of DEPTH.slice(0, 1000)) {
      one.updateDepth(d);
      expect(one.imbalanceTop).toBeCloseTo(one.imbalance, 12);
    }
    const wide = new BookIndicators(60_000, 50); // more than the 20 levels sent: all of them
    wide.updateDepth(DEPTH[2000]);
    expect(wide.imbalanceTop).toBeCloseTo(naiveTopImbalance(DEPTH[2000], 20), 12);
    const empty = new BookIndicators(60_000, 5);
    empty.updateDepth({ timeMs: 0, bids: [], asks: [] });
    expect(empty.imbalanceTop).toBeNaN();
    expect(empty.mid).toBeNaN();
  });
});

describe('BookIndicators.updateTopLevels', () => {
  it('sets the top-N imbalance from the levels and leaves the touch numbers to the level-1 stream', () => {
    // The panel's case: tops from bookTicker, levels from depth10@100ms, on one set of indicators.
    const mixed = new BookIndicators(60_000, 10);
    const byTop = new BookIndicators(60_000, 10);
    for (let i = 0; i < DEPTH.length; i++) {
      const top = { ...STRETCH[i], timeMs: DEPTH[i].timeMs };
      mixed.update(top);
      byTop.update(top);
      if (i % 3 === 0) {
        mixed.updateTopLevels(DEPTH[i]);
        expect(mixed.imbalanceTop).toBeCloseTo(naiveTopImbalance(DEPTH[i], 10), 12);
      }
      expect(mixed.updates).toBe(byTop.updates);
      expect(mixed.imbalance).toBe(byTop.imbalance);
      expect(Object.is(mixed.depthMedian, byTop.depthMedian)).toBe(true);
    }
    expect(() => new BookIndicators(60_000, 0)).toThrow(/topLevels must be a whole number/);
  });
});

describe('the Binance book feed on depth20@100ms', () => {
  function setup() {
    const clock = new FakeClock(DEPTH[0].timeMs);
    const sockets: FakeSocket[] = [];
    const env: FeedEnvironment = {
      fetch: () => Promise.reject(new Error('no REST for a partial book')),
      openSocket: (url, events) => {
        const s = new FakeSocket(url, events);
        sockets.push(s);
        queueMicrotask(() => s.open());
        return s;
      },
      clock,
      random: () => 0.5,
    };
    const got: BookDepth[] = [];
    const status: FeedStatus[] = [];
    const notices: FeedNotice[] = [];
    const feed = startBinanceBookFeed(
      { market: 'futures', symbol: 'AMZNUSDT', streams: ['depth20@100ms'], staleMs: 60_000 },
      env,
      {
        onDepth: (d) => void got.push(d),
        onStatus: (s) => void status.push(s),
        onNotice: (n) => void notices.push(n),
      },
    );
    return { clock, sockets, got, status, notices, feed };
  }

  it('opens the partial-book stream and delivers each snapshot once, newest only', async () => {
    const x = setup();
    await x.clock.advance(0);
    expect(x.sockets[0].url).toBe('wss://fstream.binance.com/stream?streams=amznusdt@depth20@100ms');
    let previous = '';
    for (const d of DEPTH.slice(0, 800)) {
      const text = futuresMessage(d);
      x.sockets[0].send(text);
      x.sockets[0].send(text); // repeated
      if (previous) x.sockets[0].send(previous); // and the one before, late
      previous = text;
    }
    expect(x.got).toEqual(DEPTH.slice(0, 800));
    expect(x.status.map((s) => s.state)).toEqual(['connecting', 'live']);
    x.feed.stop();
  });

  it('skips a malformed snapshot with a notice and keeps the stream', async () => {
    const x = setup();
    await x.clock.advance(0);
    x.sockets[0].send(futuresMessage(DEPTH[0]));
    x.sockets[0].send(futuresMessage(DEPTH[1]).replace('"b":[["', '"b":[["x'));
    x.sockets[0].send(futuresMessage(DEPTH[2]));
    expect(x.got).toEqual([DEPTH[0], DEPTH[2]]);
    await x.clock.advance(5_000);
    expect(x.notices.map((n) => n.text).join(' ')).toMatch(/malformed Binance book message .*b\[0\]\[0\]/);
    x.feed.stop();
  });
});
