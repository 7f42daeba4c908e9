// The widget's feed pieces without a browser: kline parsing, ordering, backoff, the
// simulated feed's forming steps, and the Binance feed's reconnect logic with the network
// (WebSocket + fetch) replaced at its boundary by real BTC bars.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBarsCsv, type Bar } from '../../../engine/index.js';
import {
  BarSequencer,
  BinanceKlineFeed,
  KlineFormatError,
  SimulatedFeed,
  formingSteps,
  parseRestKlines,
  parseStreamKline,
} from '../../../widget/index.js';
import { backoffDelay } from '../../../widget/feeds/backoff.js';
import type { FeedStatus } from '../../../widget/index.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const BTC: Bar[] = parseBarsCsv(
  fs.readFileSync(path.join(DATA, 'btcusdt_binance_5m_2020-12_2021-07.csv'), 'utf8'),
).slice(30_000, 30_200);

const restRow = (b: Bar) => [
  b.time * 1000,
  String(b.open),
  String(b.high),
  String(b.low),
  String(b.close),
  String(b.volume),
  b.time * 1000 + 299_999,
  '0',
  1,
  '0',
  '0',
  '0',
];
const streamMsg = (b: Bar) =>
  JSON.stringify({
    e: 'kline',
    k: {
      t: b.time * 1000,
      o: String(b.open),
      h: String(b.high),
      l: String(b.low),
      c: String(b.close),
      v: String(b.volume),
      x: true,
    },
  });

describe('Binance kline parsing', () => {
  it('reads REST rows and stream messages back to the same bars', () => {
    expect(parseRestKlines(BTC.map(restRow))).toEqual(BTC);
    expect(BTC.map((b) => parseStreamKline(streamMsg(b)))).toEqual(BTC);
    // The combined-stream wrapper carries the same event under `data`.
    expect(
      parseStreamKline(JSON.stringify({ stream: 'btcusdt@kline_5m', data: JSON.parse(streamMsg(BTC[0])) })),
    ).toEqual(BTC[0]);
  });

  it('ignores other events and names the field of a malformed kline', () => {
    expect(parseStreamKline(JSON.stringify({ e: 'trade', p: '1' }))).toBeNull();
    expect(() => parseStreamKline('{not json')).toThrow(KlineFormatError);
    expect(() =>
      parseStreamKline(JSON.stringify({ e: 'kline', k: { t: 1, o: 'x', h: '1', l: '1', c: '1', v: '1' } })),
    ).toThrow('k.open is "x", expected a number');
    expect(() => parseRestKlines({ code: -1121, msg: 'Invalid symbol.' })).toThrow(
      'response is not an array of klines',
    );
    const bad = restRow(BTC[0]);
    bad[3] = String(BTC[0].high + 1); // low above high
    expect(() => parseRestKlines([bad])).toThrow('row 0 high/low do not contain open and close');
  });
});

describe('BarSequencer', () => {
  it('passes new bars, replaces the forming one and drops older ones', () => {
    const seq = new BarSequencer();
    expect(seq.accept(BTC[0])).toBe('add');
    expect(seq.accept(BTC[1])).toBe('add');
    expect(seq.accept(BTC[1])).toBe('replace');
    expect(seq.accept(BTC[0])).toBe('stale');
    // A backfill that overlaps what we have keeps only the forming bar and what is new.
    expect(seq.acceptAll(BTC.slice(0, 5))).toEqual(BTC.slice(1, 5));
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt with jitter between half and all of the ceiling, capped', () => {
    // Ceiling = min(30 s, 500 ms * 2^attempt); random 0 gives half of it, random 1 all of it.
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 500, 30_000, () => 0)).toBe(15_000);
  });
});

describe('formingSteps', () => {
  it('builds a real bar up as a feed reports it, ending with the bar itself', () => {
    for (const bar of BTC) {
      const steps = formingSteps(bar, 4);
      expect(steps).toHaveLength(4);
      expect(steps[3]).toEqual(bar);
      expect(steps[0]).toMatchObject({ open: bar.open, high: bar.open, low: bar.open, close: bar.open });
      for (const s of steps) {
        expect(s.time).toBe(bar.time);
        expect(s.low).toBeLessThanOrEqual(Math.min(s.open, s.close));
        expect(s.high).toBeGreaterThanOrEqual(Math.max(s.open, s.close));
      }
      expect(formingSteps(bar, 1)).toEqual([bar]);
    }
  });

  it('the simulated feed emits every step of every bar in order, then goes stale', () => {
    vi.useFakeTimers();
    const got: Bar[] = [];
    const statuses: FeedStatus[] = [];
    const feed = new SimulatedFeed(BTC.slice(0, 3), 10, 4);
    feed.start({ onBars: () => undefined, onBar: (b) => got.push(b), onStatus: (s) => statuses.push(s) });
    vi.advanceTimersByTime(10 * 13);
    feed.stop();
    vi.useRealTimers();
    expect(got).toEqual(BTC.slice(0, 3).flatMap((b) => formingSteps(b, 4)));
    expect(statuses).toEqual(['live', 'stale']);
  });
});

/** The browser's WebSocket, replaced at the network boundary: the test plays the exchange. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close(): void {
    this.onclose?.();
  }
}

describe('BinanceKlineFeed', () => {
  let now = 99;
  const requests: string[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('fetch', async (url: string) => {
      requests.push(url);
      const u = new URL(url);
      const start = u.searchParams.get('startTime');
      const upTo = BTC.slice(0, now + 1);
      const rows = start
        ? upTo.filter((b) => b.time * 1000 >= Number(start))
        : upTo.slice(-Number(u.searchParams.get('limit')));
      return { ok: true, status: 200, json: async () => rows.map(restRow) };
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('backfills the gap after a drop and never repeats or loses a bar', async () => {
    const out: Bar[] = [];
    const statuses: FeedStatus[] = [];
    const feed = new BinanceKlineFeed({
      kind: 'binance',
      symbol: 'BTCUSDT',
      interval: '5m',
      history: 100,
      restBase: 'https://rest.test',
      wsBase: 'wss://ws.test',
    });
    // onBars and onBar both deliver in order; a repeated time would be a replace of the last one.
    const sink = {
      onBars: (bars: Bar[]) => bars.forEach((b) => sink.onBar(b)),
      onBar: (b: Bar) =>
        out.length && out[out.length - 1].time === b.time ? (out[out.length - 1] = b) : out.push(b),
      onStatus: (s: FeedStatus) => statuses.push(s),
    };
    feed.start(sink);
    const first = FakeSocket.all[0];
    expect(first.url).toBe('wss://ws.test/ws/btcusdt@kline_5m');
    first.onmessage?.({ data: streamMsg(BTC[99]) }); // arrives before the history: held back
    first.onopen?.();
    await vi.advanceTimersByTimeAsync(10); // the history request resolves
    expect(requests[0]).toBe('https://rest.test/api/v3/klines?symbol=BTCUSDT&interval=5m&limit=100');
    for (now = 100; now <= 120; now++) first.onmessage?.({ data: streamMsg(BTC[now]) });
    now = 150; // thirty bars pass while the link is down
    first.close();
    expect(statuses).toContain('reconnecting');
    await vi.advanceTimersByTimeAsync(600); // first retry: 250-500 ms
    const second = FakeSocket.all[1];
    second.onmessage?.({ data: streamMsg(BTC[110]) }); // an old repeat
    second.onopen?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(requests[1]).toContain(`startTime=${BTC[120].time * 1000}`);
    for (now = 151; now < 200; now++) {
      second.onmessage?.({ data: streamMsg(BTC[now]) });
      second.onmessage?.({ data: streamMsg(BTC[now]) });
    }
    feed.stop();
    expect(out).toEqual(BTC);
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'live', 'reconnecting']);
    expect(statuses[statuses.length - 1]).toBe('closed');
  });

  it('turns stale after staleMs of silence and live again on the next message', async () => {
    const statuses: FeedStatus[] = [];
    const feed = new BinanceKlineFeed({ kind: 'binance', symbol: 'BTCUSDT', interval: '5m', staleMs: 1000 });
    now = 99;
    feed.start({ onBars: () => undefined, onBar: () => undefined, onStatus: (s) => statuses.push(s) });
    FakeSocket.all[0].onopen?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses[statuses.length - 1]).toBe('live');
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses[statuses.length - 1]).toBe('stale');
    FakeSocket.all[0].onmessage?.({ data: streamMsg(BTC[100]) });
    expect(statuses[statuses.length - 1]).toBe('live');
    feed.stop();
  });

  it('refuses a symbol or interval Binance does not have, saying what to use', () => {
    expect(() => new BinanceKlineFeed({ kind: 'binance', symbol: 'btc/usdt', interval: '5m' })).toThrow(
      'use capitals and digits, e.g. BTCUSDT',
    );
    expect(() => new BinanceKlineFeed({ kind: 'binance', symbol: 'BTCUSDT', interval: '7m' })).toThrow(
      'interval "7m" is not supported: use one of 1m',
    );
  });
});
