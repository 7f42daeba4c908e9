import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBarsCsv, type Bar } from '../../../engine/index.js';
import { backoffDelay, parseRetryAfter, rateLimitDelay } from '../../../extension/feeds/backoff.js';
import { startBinanceFeed } from '../../../extension/feeds/binance.js';
import type { FeedEnvironment, FeedHandlers, FeedStatus } from '../../../extension/feeds/types.js';
import { startYahooFeed } from '../../../extension/feeds/yahoo.js';

/**
 * The feeds against a mocked network (the only thing mocked): fetch answers with real bars from
 * ../shared/data in the exchanges' formats, and a socket object stands in for the exchange's
 * WebSocket. Timers are vitest's fake clock so backoff and staleness run in virtual time.
 */
const DATA = path.resolve(process.cwd(), '../shared/data');
const btc = parseBarsCsv(
  fs.readFileSync(path.join(DATA, 'btcusdt_binance_5m_2020-12_2021-07.csv'), 'utf8'),
).slice(1000, 1100);
const spy = parseBarsCsv(fs.readFileSync(path.join(DATA, 'spy_daily_1999-2020.csv'), 'utf8')).slice(-60);
const FIVE_MIN = { seconds: 300, label: '5m' };

class FakeSocket {
  static all: FakeSocket[] = [];
  onmessage: ((e: { data: string }) => void) | null = null;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close(): void {
    this.closed = true;
  }
  /** What the exchange does. */
  open(): void {
    this.onopen?.();
  }
  message(text: string): void {
    this.onmessage?.({ data: text });
  }
  drop(): void {
    this.onclose?.();
  }
}

const kline = (b: Bar, x = true) =>
  JSON.stringify({
    e: 'kline',
    k: {
      t: b.time * 1000,
      o: String(b.open),
      h: String(b.high),
      l: String(b.low),
      c: String(b.close),
      v: String(b.volume),
      x,
    },
  });
const rows = (bars: Bar[]) =>
  bars.map((b) => [
    b.time * 1000,
    String(b.open),
    String(b.high),
    String(b.low),
    String(b.close),
    String(b.volume),
    0,
  ]);
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function recorder() {
  const log = {
    history: [] as Bar[][],
    bars: [] as Bar[],
    status: [] as FeedStatus[],
    warnings: [] as string[],
  };
  const handlers: FeedHandlers = {
    onHistory: (b) => log.history.push(b),
    onBar: (b) => log.bars.push(b),
    onStatus: (s) => log.status.push(s),
    onWarning: (w) => log.warnings.push(w),
  };
  return { log, handlers };
}

function env(fetch: FeedEnvironment['fetch']): FeedEnvironment {
  return {
    fetch,
    WebSocket: FakeSocket as unknown as new (url: string) => WebSocket,
    now: () => Date.now(),
    random: () => 0.5,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: btc[80].time * 1000 });
  FakeSocket.all = [];
});
afterEach(() => vi.useRealTimers());

describe('backoff', () => {
  it('doubles from 1 s with half of each step jittered, capped at 60 s', () => {
    // equal jitter: exp/2 + exp/2 * random; with random 0.5 that is 0.75 * exp.
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 0.5))).toEqual([750, 1500, 3000, 6000]);
    expect(backoffDelay(20, 0)).toBe(30_000);
    expect(backoffDelay(20, 0.999999)).toBe(60_000);
  });

  it('reads Retry-After in seconds or as a date, and waits at least that long', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(rateLimitDelay(429, 7000, 0, 0.5)).toBe(7000);
    expect(rateLimitDelay(418, null, 0, 0.5)).toBe(120_000);
  });
});

describe('Binance feed', () => {
  it('loads history, streams updates, and skips a malformed message with a warning', async () => {
    const fetch = vi.fn(async (_url: string) => json(rows(btc.slice(0, 80))));
    const { log, handlers } = recorder();
    const feed = startBinanceFeed(
      { market: 'spot', symbol: 'BTCUSDT', timeframe: FIVE_MIN },
      env(fetch),
      handlers,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch.mock.calls[0][0]).toBe(
      'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=5m&limit=500',
    );
    expect(log.history).toEqual([btc.slice(0, 80)]);
    const socket = FakeSocket.all[0];
    expect(socket.url).toBe('wss://stream.binance.com:9443/ws/btcusdt@kline_5m');
    socket.open();
    socket.message(kline(btc[80], false));
    socket.message('{"e":"kline","k":{"t":"x"}}');
    socket.message(kline(btc[80]));
    expect(log.bars).toEqual([btc[80], btc[80]]);
    expect(log.warnings).toEqual([expect.stringContaining('malformed')]);
    expect(log.status.map((s) => s.state)).toEqual(['connecting', 'live']);
    feed.stop();
    expect(socket.closed).toBe(true);
  });

  it('reconnects after a drop with backoff and backfills the missed bars from REST first', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.includes('startTime') ? json(rows(btc.slice(80, 84))) : json(rows(btc.slice(0, 81))),
    );
    const { log, handlers } = recorder();
    startBinanceFeed({ market: 'futures', symbol: 'BTCUSDT', timeframe: FIVE_MIN }, env(fetch), handlers);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all[0].url).toBe('wss://fstream.binance.com/ws/btcusdt@kline_5m');
    FakeSocket.all[0].drop();
    // First retry: backoffDelay(0, 0.5) = 750 ms.
    expect(log.status.at(-1)).toEqual({ state: 'offline', reason: 'Binance stream closed', retryInMs: 750 });
    await vi.advanceTimersByTimeAsync(749);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1][0]).toBe(
      `https://fapi.binance.com/fapi/v1/klines?symbol=BTCUSDT&interval=5m&startTime=${btc[80].time * 1000}&limit=1000`,
    );
    // The backfill replays from the last known (possibly unfinished) bar on.
    expect(log.bars).toEqual(btc.slice(80, 84));
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('waits out a 429 for Retry-After and a 418 for two minutes', async () => {
    let answer = json({ code: -1003, msg: 'Too many requests' }, 429, { 'retry-after': '7' });
    const fetch = vi.fn(async (_url: string) => answer);
    const { log, handlers } = recorder();
    startBinanceFeed({ market: 'spot', symbol: 'BTCUSDT', timeframe: FIVE_MIN }, env(fetch), handlers);
    await vi.advanceTimersByTimeAsync(0);
    expect(log.status.at(-1)).toEqual({ state: 'rate-limited', retryInMs: 7000, httpStatus: 429 });
    answer = json({ code: -1003, msg: 'banned' }, 418);
    await vi.advanceTimersByTimeAsync(6999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(log.status.at(-1)).toEqual({ state: 'rate-limited', retryInMs: 120_000, httpStatus: 418 });
  });

  it('stops with a reason for an unknown symbol instead of retrying', async () => {
    const fetch = vi.fn(async (_url: string) => json({ code: -1121, msg: 'Invalid symbol.' }, 400));
    const { log, handlers } = recorder();
    startBinanceFeed({ market: 'spot', symbol: 'NOPEUSDT', timeframe: FIVE_MIN }, env(fetch), handlers);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(log.status.at(-1)).toEqual({ state: 'failed', reason: 'Binance does not list NOPEUSDT (spot).' });
  });

  it('marks a silent stream stale, then replaces it', async () => {
    const fetch = vi.fn(async (_url: string) => json(rows(btc.slice(0, 80))));
    const { log, handlers } = recorder();
    startBinanceFeed(
      { market: 'spot', symbol: 'BTCUSDT', timeframe: FIVE_MIN, staleMs: 10_000 },
      env(fetch),
      handlers,
    );
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0].open();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.status.at(-1)).toMatchObject({ state: 'stale' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(log.status.map((s) => s.state)).toContain('offline');
    expect(FakeSocket.all[0].closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all.length).toBeGreaterThanOrEqual(2);
  });

  it('says when the chart interval is not one Binance offers', async () => {
    const { log, handlers } = recorder();
    startBinanceFeed(
      { market: 'spot', symbol: 'BTCUSDT', timeframe: { seconds: 2700, label: '45m' } },
      env(async () => json([])),
      handlers,
    );
    expect(log.warnings[0]).toContain('showing 30m');
  });
});

describe('Yahoo feed', () => {
  const chart = (bars: Bar[]) => ({
    chart: {
      result: [
        {
          meta: {},
          timestamp: bars.map((b) => b.time),
          indicators: {
            quote: [
              {
                open: bars.map((b) => b.open),
                high: bars.map((b) => b.high),
                low: bars.map((b) => b.low),
                close: bars.map((b) => b.close),
                volume: bars.map((b) => b.volume),
              },
            ],
          },
        },
      ],
      error: null,
    },
  });

  it('polls, asking each time from the last bar it has (which also backfills a failed poll)', async () => {
    vi.setSystemTime(spy[50].time * 1000);
    let served = spy.slice(0, 50);
    const fetch = vi.fn(async (url: string) => {
      const from = Number(new URL(url).searchParams.get('period1'));
      return json(chart(served.filter((b) => b.time >= from)));
    });
    const { log, handlers } = recorder();
    startYahooFeed(
      { symbol: 'SPY', timeframe: { seconds: 86400, label: '1d' }, pollMs: 15_000 },
      env(fetch),
      handlers,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(new URL(fetch.mock.calls[0][0]).pathname).toBe('/v8/finance/chart/SPY');
    expect(log.history).toEqual([spy.slice(0, 50)]);
    served = spy.slice(0, 53);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(new URL(fetch.mock.calls[1][0]).searchParams.get('period1')).toBe(String(spy[49].time));
    expect(log.bars).toEqual(spy.slice(49, 53));
    expect(log.status.map((s) => s.state)).toEqual(['connecting', 'live']);
  });

  it('goes stale then offline when polls fail, and stops for an unknown symbol', async () => {
    let fail = false;
    const fetch = vi.fn(async (_url: string) => {
      if (fail) throw new TypeError('Failed to fetch');
      return json(chart(spy.slice(0, 10)));
    });
    const { log, handlers } = recorder();
    startYahooFeed(
      { symbol: 'SPY', timeframe: { seconds: 86400, label: '1d' }, pollMs: 15_000 },
      env(fetch),
      handlers,
    );
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(log.status.slice(-2).map((s) => s.state)).toEqual(['stale', 'offline']);

    const missing = recorder();
    startYahooFeed(
      { symbol: 'NOPE', timeframe: { seconds: 86400, label: '1d' } },
      env(async () =>
        json({ chart: { result: null, error: { code: 'Not Found', description: 'No data found' } } }, 404),
      ),
      missing.handlers,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(missing.log.status.at(-1)).toEqual({
      state: 'failed',
      reason: 'Yahoo Finance has no data for NOPE.',
    });
  });
});
