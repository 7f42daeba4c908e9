import { describe, expect, it, vi } from 'vitest';
import type { Bar, FeedEnvironment, FeedResponse } from '../../../engine/index.js';
import { backoffDelay, parseRetryAfter, rateLimitDelay } from '../../../engine/feeds/backoff.js';
import { startFeed, resolveMarket } from '../../../extension/feeds/index.js';
import { startBinanceFeed } from '../../../extension/feeds/binance.js';
import type { FeedHandlers, FeedStatus } from '../../../extension/feeds/types.js';
import { startYahooFeed } from '../../../extension/feeds/yahoo.js';
import { BTC_5M, SPY_DAILY, loadBars } from '../support/data.js';
import { FakeBinance, FakeClock, forming, jsonResponse } from '../support/fake-exchange.js';

/**
 * The panel's feeds (the engine's one feed stack behind extension/feeds) against a mocked
 * network, the only thing mocked: Binance and Yahoo answer from real bars of ../shared/data in
 * their own formats, on a fake clock, so backoff, timeouts and staleness run in virtual time.
 */
const btc = loadBars(BTC_5M).slice(1000, 1100);
const spy = loadBars(SPY_DAILY).slice(-60);
const FIVE_MIN = { seconds: 300, label: '5m' };
const DAILY = { seconds: 86400, label: '1d' };

function recorder() {
  const log = {
    history: [] as Bar[][],
    bars: [] as Bar[],
    status: [] as FeedStatus[],
    warnings: [] as { text: string; key: string }[],
  };
  const handlers: FeedHandlers = {
    onHistory: (b) => log.history.push(b),
    onBar: (b) => log.bars.push(b),
    onStatus: (s) => log.status.push(s),
    onWarning: (text, key) => log.warnings.push({ text, key }),
  };
  return { log, handlers };
}

/** A Binance standing 10 s into bar 80 of the slice. */
function binanceAt(index = 80) {
  const clock = new FakeClock((btc[index].time + 10) * 1000);
  return { clock, binance: new FakeBinance(btc, clock) };
}

describe('backoff (engine/feeds/backoff.ts)', () => {
  it('doubles from 1 s with half of each step jittered ("equal jitter"), capped at 60 s', () => {
    // equal jitter: c/2 + c/2 * random with c = min(60 s, 1 s * 2^attempt); random 0.5 gives 0.75 c.
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
  it('loads history, streams updates, and skips a malformed message with a keyed warning', async () => {
    const { clock, binance } = binanceAt();
    const { log, handlers } = recorder();
    const feed = startBinanceFeed(
      { market: 'spot', symbol: 'BTCUSDT', timeframe: FIVE_MIN },
      binance.env(),
      handlers,
    );
    await clock.advance(0);
    expect(binance.requests[0]).toBe(
      'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=5m&limit=500',
    );
    expect(log.history).toEqual([btc.slice(0, 81)]);
    expect(binance.socket.url).toBe('wss://stream.binance.com:9443/ws/btcusdt@kline_5m');
    binance.send(forming(btc[80]), false);
    binance.socket.send('{"e":"kline","k":{"t":"x"}}');
    binance.send(btc[80]);
    expect(log.bars).toEqual([forming(btc[80]), btc[80]]);
    expect(log.warnings).toEqual([
      {
        key: 'feed:binance:malformed',
        text: 'Skipped 1 malformed Binance message (latest: k.t is "x", expected a number); the chart keeps going.',
      },
    ]);
    expect(log.status.map((s) => s.state)).toEqual(['connecting', 'live']);
    feed.stop();
    expect(binance.socket.closed).toBe(true);
  });

  it('reconnects after a drop with backoff and backfills the missed bars from REST', async () => {
    const { clock, binance } = binanceAt();
    binance.stream();
    const { log, handlers } = recorder();
    startBinanceFeed({ market: 'futures', symbol: 'BTCUSDT', timeframe: FIVE_MIN }, binance.env(), handlers);
    await clock.advance(0);
    expect(binance.socket.url).toBe('wss://fstream.binance.com/ws/btcusdt@kline_5m');
    binance.socket.drop();
    // First retry: backoffDelay(0, 0.5) = 750 ms.
    expect(log.status.at(-1)).toEqual({
      state: 'offline',
      reason: 'the Binance stream closed',
      retryInMs: 750,
    });
    await clock.advance(749);
    expect(binance.sockets).toHaveLength(1);
    // Three bars pass before the reconnect gets through.
    await clock.sleep((btc[83].time - btc[80].time) * 1000);
    expect(binance.sockets).toHaveLength(2);
    expect(binance.requests[1]).toBe(
      `https://fapi.binance.com/fapi/v1/klines?symbol=BTCUSDT&interval=5m&startTime=${btc[80].time * 1000}&limit=1000`,
    );
    // The backfill replays from the last known (possibly unfinished) bar on.
    expect(log.bars).toEqual(btc.slice(80, 84));
    expect(log.status.at(-1)).toEqual({ state: 'live' });
  });

  it('waits out a 429 for Retry-After and a 418 for two minutes', async () => {
    const clock = new FakeClock(btc[80].time * 1000);
    let answer = jsonResponse({ code: -1003, msg: 'Too many requests' }, 429, { 'retry-after': '7' });
    const requests: string[] = [];
    const env = {
      ...new FakeBinance(btc, clock).env(),
      fetch: async (url: string) => (requests.push(url), answer),
    };
    const { log, handlers } = recorder();
    startBinanceFeed({ market: 'spot', symbol: 'BTCUSDT', timeframe: FIVE_MIN }, env, handlers);
    await clock.advance(0);
    expect(log.status.at(-1)).toEqual({ state: 'rate-limited', retryInMs: 7000, httpStatus: 429 });
    answer = jsonResponse({ code: -1003, msg: 'banned' }, 418);
    await clock.advance(6999);
    expect(requests).toHaveLength(1);
    await clock.advance(1);
    expect(requests).toHaveLength(2);
    expect(log.status.at(-1)).toEqual({ state: 'rate-limited', retryInMs: 120_000, httpStatus: 418 });
  });

  it('stops with a reason for an unknown symbol instead of retrying', async () => {
    const clock = new FakeClock(btc[80].time * 1000);
    const fetch = vi.fn(async () => jsonResponse({ code: -1121, msg: 'Invalid symbol.' }, 400));
    const env = { ...new FakeBinance(btc, clock).env(), fetch };
    const { log, handlers } = recorder();
    startBinanceFeed({ market: 'spot', symbol: 'NOPEUSDT', timeframe: FIVE_MIN }, env, handlers);
    await clock.advance(600_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(log.status.at(-1)).toEqual({ state: 'failed', reason: 'Binance does not list NOPEUSDT (spot).' });
    expect(clock.pending).toBe(0);
  });

  it('marks a silent stream stale, then replaces it', async () => {
    const { clock, binance } = binanceAt();
    const { log, handlers } = recorder();
    startBinanceFeed(
      { market: 'spot', symbol: 'BTCUSDT', timeframe: FIVE_MIN, staleMs: 10_000 },
      binance.env(),
      handlers,
    );
    await clock.advance(10_000);
    expect(log.status.at(-1)).toEqual({ state: 'stale', silentMs: 10_000 });
    await clock.advance(30_000);
    expect(log.status.at(-1)).toMatchObject({ state: 'offline', reason: 'no message from Binance for 40 s' });
    expect(binance.sockets[0].closed).toBe(true);
    await clock.advance(1000);
    expect(binance.sockets).toHaveLength(2);
  });

  it('says when the chart interval is not one Binance offers', () => {
    const { binance } = binanceAt();
    const { log, handlers } = recorder();
    startBinanceFeed(
      { market: 'spot', symbol: 'BTCUSDT', timeframe: { seconds: 2700, label: '45m' } },
      binance.env(),
      handlers,
    ).stop();
    expect(log.warnings[0]).toEqual({
      key: 'feed:interval',
      text: '45m bars are not offered by this feed; showing 30m.',
    });
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

  /** Yahoo on the fake clock; `answer` returns null for a request that never answers. */
  function yahoo(clock: FakeClock, answer: (url: URL) => FeedResponse | null) {
    const requests: URL[] = [];
    const env: FeedEnvironment = {
      fetch: (url) => {
        const u = new URL(url);
        requests.push(u);
        const response = answer(u);
        return response ? Promise.resolve(response) : new Promise(() => undefined);
      },
      clock,
      random: () => 0.5,
    };
    return { env, requests };
  }

  it('polls, asking each time from the last bar it has (which also backfills a failed poll)', async () => {
    const clock = new FakeClock(spy[50].time * 1000);
    let served = spy.slice(0, 50);
    const { env, requests } = yahoo(clock, (u) =>
      jsonResponse(chart(served.filter((b) => b.time >= Number(u.searchParams.get('period1'))))),
    );
    const { log, handlers } = recorder();
    startYahooFeed({ symbol: 'SPY', timeframe: DAILY, pollMs: 15_000 }, env, handlers);
    await clock.advance(0);
    expect(requests[0].pathname).toBe('/v8/finance/chart/SPY');
    expect(log.history).toEqual([spy.slice(0, 50)]);
    served = spy.slice(0, 53);
    await clock.advance(15_000);
    expect(requests[1].searchParams.get('period1')).toBe(String(spy[49].time));
    expect(log.bars).toEqual(spy.slice(49, 53));
    expect(log.status.map((s) => s.state)).toEqual(['connecting', 'live']);
  });

  it('goes stale then offline when polls fail, and stops for an unknown symbol', async () => {
    const clock = new FakeClock(spy[10].time * 1000);
    let fail = false;
    const { env } = yahoo(clock, () => {
      if (fail) throw new TypeError('Failed to fetch');
      return jsonResponse(chart(spy.slice(0, 10)));
    });
    const { log, handlers } = recorder();
    startYahooFeed({ symbol: 'SPY', timeframe: DAILY, pollMs: 15_000 }, env, handlers);
    await clock.advance(0);
    fail = true;
    await clock.advance(15_000);
    expect(log.status.slice(-2).map((s) => s.state)).toEqual(['stale', 'offline']);

    const missing = recorder();
    const notFound = yahoo(clock, () =>
      jsonResponse(
        { chart: { result: null, error: { code: 'Not Found', description: 'No data found' } } },
        404,
      ),
    );
    startYahooFeed({ symbol: 'NOPE', timeframe: DAILY }, notFound.env, missing.handlers);
    await clock.advance(0);
    expect(missing.log.status.at(-1)).toEqual({
      state: 'failed',
      reason: 'Yahoo Finance has no data for NOPE.',
    });
  });

  it('item 10: a poll that never answers times out, shows stale and offline, and retries', async () => {
    const clock = new FakeClock(spy[10].time * 1000);
    let hang = false;
    const { env, requests } = yahoo(clock, () => (hang ? null : jsonResponse(chart(spy.slice(0, 10)))));
    const { log, handlers } = recorder();
    startYahooFeed({ symbol: 'SPY', timeframe: DAILY, pollMs: 15_000 }, env, handlers);
    await clock.advance(0);
    hang = true;
    await clock.advance(15_000 + 9_999);
    expect(log.status.at(-1)).toEqual({ state: 'live' });
    await clock.advance(1);
    // 10 s without an answer: given up; the retry waits at least the poll interval.
    expect(log.status.slice(-2)).toEqual([
      { state: 'stale', silentMs: 25_000 },
      { state: 'offline', reason: 'Yahoo Finance did not answer within 10 s', retryInMs: 15_000 },
    ]);
    hang = false;
    await clock.advance(15_000);
    expect(requests).toHaveLength(3);
    expect(log.status.at(-1)).toEqual({ state: 'live' });
  });
});

describe('symbols are validated before any URL is built (issue 16 item 3)', () => {
  it('BINANCE:.. requests nothing from Yahoo (it would have asked for /v8/finance/)', async () => {
    const clock = new FakeClock(spy[10].time * 1000);
    const fetch = vi.fn(async () => jsonResponse({}));
    const env: FeedEnvironment = { fetch, clock, random: () => 0.5 };
    for (const symbol of ['BINANCE:..', 'NASDAQ:..', 'FX:../..']) {
      const { log, handlers } = recorder();
      startFeed(resolveMarket(symbol), DAILY, env, handlers);
      await clock.advance(60_000);
      expect(log.status).toEqual([
        { state: 'failed', reason: expect.stringContaining('is not a Yahoo Finance symbol') },
      ]);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a bad Binance symbol opens no socket and requests nothing', async () => {
    const { clock, binance } = binanceAt();
    const { log, handlers } = recorder();
    startFeed({ feed: 'binance', market: 'spot', symbol: 'BTC/../USDT' }, FIVE_MIN, binance.env(), handlers);
    await clock.advance(60_000);
    expect(log.status).toEqual([
      {
        state: 'failed',
        reason: '"BTC/../USDT" is not a Binance symbol: use capitals and digits, e.g. BTCUSDT',
      },
    ]);
    expect(binance.requests).toEqual([]);
    expect(binance.sockets).toEqual([]);
  });

  it('keeps the real spellings working: SPY, BRK-B, ES=F, EURUSD=X, BTC-USD, ^GSPC, RY.TO', async () => {
    const { yahooSymbolProblem } = await import('../../../engine/feeds/symbols.js');
    for (const s of ['SPY', 'BRK-B', 'ES=F', 'EURUSD=X', 'BTC-USD', '^GSPC', 'RY.TO'])
      expect(yahooSymbolProblem(s)).toBeNull();
    for (const s of ['..', '-', 'A..B', 'A/B', 'SPY?x=1', '', 'A'.repeat(25)])
      expect(yahooSymbolProblem(s)).not.toBeNull();
  });
});
