// Binance's bookTicker and aggTrade streams on the feed stack, at the network boundary: a fake
// Binance replays the real LOBSTER AMZN day (../shared/data/lobster, level 1) in Binance's
// message formats, on a fake clock. The expected tops and trades are read from the same CSV
// rows a second way, here in the test.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  startBinanceBookFeed,
  type BookTop,
  type BookTrade,
  type FeedEnvironment,
  type FeedNotice,
  type FeedStatus,
} from '../../../engine/index.js';
import { DATA_DIR } from '../support/data.js';
import { FakeClock, FakeSocket, jsonResponse } from '../support/fake-exchange.js';

const LOBSTER = path.join(DATA_DIR, 'lobster');
const rows = (file: string) =>
  fs
    .readFileSync(path.join(LOBSTER, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1, 3001) // the first 3,000 events: 09:30:00 to 09:49:46, 644 trades
    .map((line) => line.split(',').map(Number));
const messages = rows('AMZN_2012-06-21_34200000_57600000_message_1.csv');
const books = rows('AMZN_2012-06-21_34200000_57600000_orderbook_1.csv');
/** LOBSTER's Time is seconds after midnight in New York (EDT, UTC-4, on 2012-06-21). */
const MIDNIGHT_MS = Date.UTC(2012, 5, 21, 4);

interface Event {
  timeMs: number;
  top: BookTop | null;
  trade: BookTrade | null;
}

// The second way: straight from the rows. A top is sent when the book row changed; a trade is
// an execution (type 4 visible, 5 hidden). An executed sell limit order (direction -1) was hit
// by a buyer: aggressor buy.
const EVENTS: Event[] = [];
let tradeId = 1000;
for (let i = 0; i < messages.length; i++) {
  const [time, type, , size, price, direction] = messages[i];
  const timeMs = MIDNIGHT_MS + Math.round(time * 1000);
  const [ask, askSize, bid, bidSize] = books[i];
  const prev = books[i - 1];
  const changed = !prev || prev.some((v, k) => v !== books[i][k]);
  EVENTS.push({
    timeMs,
    top: changed
      ? { timeMs, bidPrice: bid / 10_000, bidSize, askPrice: ask / 10_000, askSize, updateId: i + 1 }
      : null,
    trade:
      type === 4 || type === 5
        ? { timeMs, price: price / 10_000, size, aggressor: direction === -1 ? 'buy' : 'sell', id: tradeId++ }
        : null,
  });
}
const TOPS = EVENTS.flatMap((e) => (e.top ? [e.top] : []));
const TRADES = EVENTS.flatMap((e) => (e.trade ? [e.trade] : []));

/** Binance's spot bookTicker (no time in it) and aggTrade messages, on the combined stream. */
const bookTicker = (t: BookTop) =>
  JSON.stringify({
    stream: 'amznusdt@bookTicker',
    data: {
      u: t.updateId,
      s: 'AMZNUSDT',
      b: String(t.bidPrice),
      B: String(t.bidSize),
      a: String(t.askPrice),
      A: String(t.askSize),
    },
  });
const aggTradeRow = (t: BookTrade) => ({
  a: t.id,
  p: String(t.price),
  q: String(t.size),
  f: t.id,
  l: t.id,
  T: t.timeMs,
  // m: the buyer was the maker, so the seller was the taker.
  m: t.aggressor === 'sell',
  M: true,
});
const aggTrade = (t: BookTrade) =>
  JSON.stringify({
    stream: 'amznusdt@aggTrade',
    data: { e: 'aggTrade', E: t.timeMs, s: 'AMZNUSDT', ...aggTradeRow(t) },
  });

/** Binance replaying the day: plays events up to the clock onto open sockets; REST serves past trades. */
class FakeBookExchange {
  readonly clock = new FakeClock(EVENTS[0].timeMs - 1000);
  readonly sockets: FakeSocket[] = [];
  readonly requests: URL[] = [];
  private next = 0;

  env(): FeedEnvironment {
    return {
      fetch: (url) => {
        const u = new URL(url);
        this.requests.push(u);
        const from = Number(u.searchParams.get('fromId'));
        const limit = Number(u.searchParams.get('limit') ?? 500);
        const done = TRADES.filter((t) => t.timeMs <= this.clock.now() && (t.id ?? 0) >= from).slice(
          0,
          limit,
        );
        return Promise.resolve(jsonResponse(done.map(aggTradeRow)));
      },
      openSocket: (url, events) => {
        const socket = new FakeSocket(url, events);
        this.sockets.push(socket);
        queueMicrotask(() => socket.open());
        return socket;
      },
      clock: this.clock,
      random: () => 0.5,
    };
  }

  get socket(): FakeSocket {
    return this.sockets[this.sockets.length - 1];
  }

  /** Runs the day up to event `end` (exclusive), each event at its own time. */
  async playTo(end: number, send: (text: string) => void = (text) => this.broadcast(text)): Promise<void> {
    for (; this.next < end; this.next++) {
      const e = EVENTS[this.next];
      await this.clock.advance(e.timeMs - this.clock.now());
      if (e.top) send(bookTicker(e.top));
      if (e.trade) send(aggTrade(e.trade));
    }
  }

  broadcast(text: string): void {
    for (const s of this.sockets) if (s.opened) s.send(text);
  }
}

function recorder() {
  const log = {
    tops: [] as BookTop[],
    trades: [] as BookTrade[],
    status: [] as FeedStatus[],
    notices: [] as FeedNotice[],
  };
  return {
    log,
    handlers: {
      onTop: (t: BookTop) => void log.tops.push(t),
      onTrade: (t: BookTrade) => void log.trades.push(t),
      onStatus: (s: FeedStatus) => void log.status.push(s),
      onNotice: (n: FeedNotice) => void log.notices.push(n),
    },
  };
}

const tradesTo = (end: number) => EVENTS.slice(0, end).flatMap((e) => (e.trade ? [e.trade] : []));
const topsTo = (end: number) => EVENTS.slice(0, end).flatMap((e) => (e.top ? [e.top] : []));

describe('the Binance book feed (bookTicker + aggTrade)', () => {
  it('delivers every top and every trade of the replayed day once, in order, with the aggressor side', async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    const feed = startBinanceBookFeed(
      { market: 'spot', symbol: 'AMZNUSDT', staleMs: 30_000 },
      x.env(),
      handlers,
    );
    await x.clock.advance(0);
    expect(x.socket.url).toBe(
      'wss://stream.binance.com:9443/stream?streams=amznusdt@bookTicker/amznusdt@aggTrade',
    );
    await x.playTo(EVENTS.length);
    expect(log.tops).toEqual(TOPS);
    expect(log.trades).toEqual(TRADES);
    expect(TRADES).toHaveLength(644);
    // Both sides occur in the sample (a test that could not tell them apart would prove nothing).
    expect(new Set(TRADES.map((t) => t.aggressor))).toEqual(new Set(['buy', 'sell']));
    expect(log.status.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(x.requests).toEqual([]);
    feed.stop();
    expect(x.socket.closed).toBe(true);
  });

  it('drops repeated and out-of-order messages: nothing is doubled', async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    startBinanceBookFeed({ market: 'spot', symbol: 'AMZNUSDT', staleMs: 30_000 }, x.env(), handlers);
    await x.clock.advance(0);
    let previous = '';
    await x.playTo(1500, (text) => {
      x.broadcast(text);
      x.broadcast(text); // every message twice
      if (previous) x.broadcast(previous); // and the one before it again, late
      previous = text;
    });
    expect(log.tops).toEqual(topsTo(1500));
    expect(log.trades).toEqual(tradesTo(1500));
  });

  it('after a drop, the trades missed are fetched from REST by id before later ones pass', async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    startBinanceBookFeed({ market: 'spot', symbol: 'AMZNUSDT', staleMs: 30_000 }, x.env(), handlers);
    await x.clock.advance(0);
    await x.playTo(1000);
    x.socket.drop();
    // The exchange goes on; the reconnect (750 ms later) misses what happened meanwhile.
    await x.playTo(1100, () => undefined);
    await x.clock.advance(1000);
    expect(x.sockets).toHaveLength(2);
    await x.playTo(EVENTS.length);
    const missedFrom = tradesTo(1000).length + 1000; // the first trade id after the drop
    expect(x.requests[0].pathname).toBe('/api/v3/aggTrades');
    expect(x.requests[0].searchParams.get('fromId')).toBe(String(missedFrom));
    expect(log.trades).toEqual(TRADES);
    // Tops are a snapshot stream: the ones sent while down are gone, the next supersedes them.
    expect(log.tops).toEqual([...topsTo(1000), ...TOPS.filter((t) => (t.updateId ?? 0) > 1100)]);
    const states = log.status.map((s) => s.state);
    expect(states.slice(0, 3)).toEqual(['connecting', 'live', 'offline']);
    expect(log.status).toContainEqual({
      state: 'connecting',
      detail: expect.stringMatching(/^backfilling \d+ missed trades? from Binance$/),
    });
    expect(states.at(-1)).toBe('live');
  });

  it('a stalled stream goes stale, is replaced, and the hole in the trades is filled', async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    startBinanceBookFeed({ market: 'spot', symbol: 'AMZNUSDT', staleMs: 5_000 }, x.env(), handlers);
    await x.clock.advance(0);
    await x.playTo(500);
    const stalled = x.socket;
    stalled.silent = true;
    await x.playTo(700); // 09:34:36 to 09:37:50: past 4 x 5 s of silence
    expect(log.status.map((s) => s.state)).toContain('stale');
    expect(stalled.closed).toBe(true);
    await x.playTo(EVENTS.length);
    expect(log.trades).toEqual(TRADES);
    expect(log.status.at(-1)).toEqual({ state: 'live' });
  });

  it('a hole too long to fetch is reported with its size, and the flow goes on', async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    startBinanceBookFeed(
      { market: 'spot', symbol: 'AMZNUSDT', staleMs: 30_000, maxTradeBackfill: 10 },
      x.env(),
      handlers,
    );
    await x.clock.advance(0);
    await x.playTo(1000);
    x.socket.drop();
    await x.playTo(1500, () => undefined);
    await x.clock.advance(1000);
    await x.playTo(EVENTS.length);
    const lost = tradesTo(1500).length - tradesTo(1000).length;
    expect(log.trades).toEqual([...tradesTo(1000), ...TRADES.slice(tradesTo(1500).length)]);
    expect(x.requests).toEqual([]);
    expect(log.notices).toEqual([
      expect.objectContaining({
        key: 'binance-book:trades-skipped',
        text: expect.stringContaining(`(${lost} trades) were missed`),
      }),
    ]);
  });

  it('refuses a crossed or one-sided top and malformed messages, with one counted notice', async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    startBinanceBookFeed({ market: 'spot', symbol: 'AMZNUSDT' }, x.env(), handlers);
    await x.clock.advance(0);
    const top = TOPS[5];
    const crossed = { ...top, bidPrice: top.askPrice + 0.01 };
    // LOBSTER's empty bid (-9999999999 / 10^4) as a Binance top would carry it.
    const emptyBid = { ...top, bidPrice: -999999.9999 };
    x.broadcast(bookTicker(crossed));
    x.broadcast(bookTicker(emptyBid));
    x.broadcast(
      '{"stream":"amznusdt@aggTrade","data":{"e":"aggTrade","a":1,"p":"x","q":"1","T":1,"m":true}}',
    );
    x.broadcast('{"stream":"amznusdt@aggTrade","data":{"e":"aggTrade","a":1,"p":"1","q":"1","T":1}}');
    await x.clock.advance(2000);
    expect(log.tops).toEqual([]);
    expect(log.trades).toEqual([]);
    expect(log.notices.at(-1)).toEqual({
      key: 'binance-book:malformed',
      count: 4,
      text: 'Skipped 4 malformed Binance book messages (latest: aggTrade m is undefined, expected true or false).',
    });
    expect(log.notices[0].text).toContain(`bid ${crossed.bidPrice} is above ask ${top.askPrice}`);
  });

  it("refuses a symbol that is not Binance's before opening anything", async () => {
    const x = new FakeBookExchange();
    const { log, handlers } = recorder();
    startBinanceBookFeed({ market: 'futures', symbol: 'amzn/../usdt' }, x.env(), handlers);
    await x.clock.advance(60_000);
    expect(log.status).toEqual([
      { state: 'failed', reason: expect.stringContaining('is not a Binance symbol') },
    ]);
    expect(x.sockets).toEqual([]);
  });
});
