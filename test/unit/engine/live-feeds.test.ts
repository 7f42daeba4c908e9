// The one live-feed stack (engine/feeds) at its network boundary: a fake clock, fetch and
// WebSocket playing Binance from real recorded bars (test/unit/support/fake-exchange.ts).
// Each case is a fault from issue 16 (items 5-11) that lost or froze bars before.
import { describe, expect, it } from 'vitest';
import { startBinanceKlineFeed, type Bar, type FeedStatus } from '../../../engine/index.js';
import { FakeBinance, FakeClock, forming, klineEvent, klineRow, recorder } from '../support/fake-exchange.js';
import { loadBars, BTC_5M } from '../support/data.js';

// 3,000 real 5-minute BTCUSDT bars without an exchange gap (the file's gaps are at rows 27311 and 40253).
const BTC: Bar[] = loadBars(BTC_5M).slice(30_000, 33_000);
// Real 1-minute BTC-PERP bars (no missing minute in the file).
const PERP: Bar[] = loadBars('btcperp_1m_2021-12-31_2022-02-01.csv').slice(10_000, 13_000);

/** A Binance whose clock stands `into` seconds into bar `index`. */
function exchange(bars: Bar[], index: number, intervalSec = 300, into = 10) {
  const clock = new FakeClock((bars[index].time + into) * 1000);
  return { clock, binance: new FakeBinance(bars, clock, intervalSec) };
}

/** The chart of a live feed: bars `from`..`to`-1 final, bar `to` as the stream last sent it. */
const chartOf = (bars: Bar[], from: number, to: number) => [...bars.slice(from, to), forming(bars[to])];

/** Moves the exchange's clock to `into` seconds into bar `index`. */
const at = (clock: FakeClock, bars: Bar[], index: number, into = 10) =>
  clock.advance((bars[index].time + into) * 1000 - clock.now());

const start = (binance: FakeBinance, handlers: ReturnType<typeof recorder>['handlers'], extra = {}) =>
  startBinanceKlineFeed(
    { market: 'spot', symbol: 'BTCUSDT', interval: binance.intervalSec === 60 ? '1m' : '5m', ...extra },
    binance.env(),
    handlers,
  );

describe('the Binance kline feed', () => {
  it('opens the stream, loads history, follows updates and skips a malformed message with a notice', async () => {
    const { clock, binance } = exchange(BTC, 499, 300, 295);
    const { log, handlers, states } = recorder();
    const feed = start(binance, handlers, { historyBars: 300 });
    await clock.advance(0);
    expect(binance.socket.url).toBe('wss://stream.binance.com:9443/ws/btcusdt@kline_5m');
    expect(binance.requests).toEqual([
      'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=5m&limit=300',
    ]);
    expect(log.chart).toEqual(BTC.slice(200, 500));
    await at(clock, BTC, 500, 2);
    // Binance closes bar 499 with its final value, then bar 500 forms.
    binance.send(BTC[499]);
    binance.send(forming(BTC[500]), false);
    binance.socket.send('{"e":"kline","k":{"t":"x"}}');
    binance.send(BTC[500]);
    // A subscription answer is not a kline and not malformed: ignored without a notice.
    binance.socket.send('{"result":null,"id":1}');
    expect(log.chart).toEqual(BTC.slice(200, 501));
    expect(log.notices).toEqual([
      { key: 'binance:malformed', count: 1, text: expect.stringContaining('1 malformed Binance message') },
    ]);
    expect(states()).toEqual(['connecting', 'live']);
    expect(binance.requests).toHaveLength(1); // nothing was missing: no repair
    feed.stop();
    expect(binance.socket.closed).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('item 5: after a drop of 2,500 bars every one is backfilled, page by page, before it says live', async () => {
    const { clock, binance } = exchange(BTC, 300);
    binance.stream();
    const { log, handlers } = recorder();
    // Each time the feed says live: how many bars the exchange has that the chart lacks.
    const missingWhenLive: number[] = [];
    const feed = start(binance, {
      ...handlers,
      onStatus: (s: FeedStatus) => {
        handlers.onStatus(s);
        if (s.state === 'live') missingWhenLive.push(binance.released().length - log.chart.length);
      },
    });
    await clock.advance(5000);
    // The link drops as the laptop goes to sleep; it wakes 2,500 bars (8.7 days) later.
    binance.socket.drop();
    await clock.sleep((BTC[2800].time - BTC[300].time) * 1000);
    await clock.advance(30_000);
    // Pages of 1,000 from the last bar held: 300, then each page's last bar (1299, 2298), until a short page.
    const starts = binance.requests
      .slice(1)
      .map((u) => Number(new URL(u).searchParams.get('startTime')) / 1000);
    expect(starts).toEqual([BTC[300].time, BTC[1299].time, BTC[2298].time]);
    expect(log.chart).toEqual(chartOf(BTC, 0, 2800));
    expect(log.histories).toBe(1);
    expect(missingWhenLive).toEqual([0, 0]);
    const reconnect = log.status.slice(log.status.findIndex((s) => s.state === 'offline'));
    expect(reconnect.map((s) => s.state)).toEqual([
      'offline',
      'connecting',
      'connecting',
      'connecting',
      'connecting',
      'live',
    ]);
    expect(reconnect[2]).toEqual({
      state: 'connecting',
      detail: 'backfilling 2500 missed bars from Binance',
    });
    feed.stop();
  });

  it('item 6: a final value sent while the history request is out is not lost', async () => {
    const { clock, binance } = exchange(BTC, 400, 300, 299);
    binance.rest = 'hold';
    // Binance's answer is a snapshot: bar 400 still forming at that moment.
    binance.rewrite = (rows) => [...rows.slice(0, -1), klineRow(forming(BTC[400]))];
    const { log, handlers } = recorder();
    start(binance, handlers);
    await clock.advance(0);
    // The stream is open before the history is asked for (socket first, then REST).
    expect(binance.sockets).toHaveLength(1);
    expect(binance.requests).toHaveLength(1);
    binance.send(BTC[400]); // the bar's final value, while the REST answer is on its way
    await clock.advance(1000);
    binance.send(forming(BTC[401]), false);
    binance.release();
    await clock.advance(0);
    expect(log.chart.slice(-2)).toEqual([BTC[400], forming(BTC[401])]);
    // History: the default 500 bars, so bars 0-400, then 401 forming.
    expect(log.chart).toHaveLength(402);
  });

  it('item 6: a final value sent before the socket opened is repaired from REST', async () => {
    const { clock, binance } = exchange(BTC, 400, 300, 298);
    binance.autoOpen = false; // the socket takes its time to open
    // The history answer is a snapshot: bar 400 still forming.
    binance.rewrite = (rows) => [...rows.slice(0, -1), klineRow(forming(BTC[400]))];
    const { log, handlers, states } = recorder();
    start(binance, handlers);
    await clock.advance(0);
    expect(log.chart.at(-1)).toEqual(forming(BTC[400]));
    // Not live: the stream is not open yet.
    expect(states()).toEqual(['connecting']);
    binance.socket.send(klineEvent(BTC[400])); // its final, sent before the socket opened: lost
    await at(clock, BTC, 401, 1);
    binance.rewrite = (rows) => rows;
    binance.socket.open();
    expect(log.status.at(-1)).toEqual({ state: 'live' });
    binance.send(forming(BTC[401]), false);
    await clock.advance(0);
    // Bar 400 was never seen final: REST gave it before the stream's 401 went in.
    expect(binance.requests.at(-1)).toContain(`startTime=${BTC[400].time * 1000}`);
    expect(log.chart.slice(-2)).toEqual([BTC[400], forming(BTC[401])]);
  });

  it('item 7: a silent socket goes stale, is replaced and the gap backfilled', async () => {
    const { clock, binance } = exchange(BTC, 100);
    binance.stream();
    const { log, handlers, states } = recorder();
    start(binance, handlers);
    await clock.advance(5000);
    // The socket stays open but carries nothing; the exchange goes on (bars 101-102).
    binance.socket.silent = true;
    // The last message came at 4 s; the watchdog looks every 3.75 s (a quarter of 15 s).
    await clock.advance(20_000);
    expect(log.status.at(-1)).toMatchObject({ state: 'stale' });
    await at(clock, BTC, 102, 200);
    // Four times the 15 s stale threshold after the last message: replaced.
    expect(states()).toContain('offline');
    expect(binance.sockets[0].closed).toBe(true);
    expect(binance.sockets).toHaveLength(2);
    expect(log.chart).toEqual(chartOf(BTC, 0, 102));
    expect(log.status.at(-1)).toEqual({ state: 'live' });
  });

  it('item 7: a stall that resumes (one bar skipped, one never final) is repaired from REST', async () => {
    const { clock, binance } = exchange(PERP, 500, 60);
    binance.stream();
    const { log, handlers, states } = recorder();
    start(binance, handlers, { staleMs: 30_000 }); // replaced only after 120 s of silence
    await at(clock, PERP, 501, 5);
    expect(log.chart.at(-1)).toEqual(forming(PERP[501]));
    // The socket stalls for 110 s: bar 501's final and all of 502 never come; it resumes in 503.
    binance.socket.silent = true;
    await at(clock, PERP, 502, 55);
    expect(log.status.at(-1)).toMatchObject({ state: 'stale' });
    binance.socket.silent = false;
    await at(clock, PERP, 503, 10);
    expect(binance.sockets).toHaveLength(1);
    expect(binance.requests).toHaveLength(2);
    expect(binance.requests[1]).toContain(`startTime=${PERP[501].time * 1000}`);
    // The first history was the default 500 bars (1-500).
    expect(log.chart).toEqual(chartOf(PERP, 1, 503));
    expect(states().slice(-3)).toEqual(['stale', 'connecting', 'live']);
  });

  it('item 8: unsorted, repeated history is sorted and kept once, with one notice naming Binance', async () => {
    const { clock, binance } = exchange(BTC, 999);
    // Reversed, with bars 10 and 20 given twice (the second copy with a changed close, which wins).
    binance.rewrite = (rows) => {
      const copy = rows.map((r) => r.slice());
      const changed = copy[20].slice();
      changed[4] = String(BTC[520].close + 1);
      copy.splice(30, 0, copy[10], changed);
      return copy.reverse();
    };
    const { log, handlers, states } = recorder();
    start(binance, handlers);
    await clock.advance(0);
    const want = BTC.slice(500, 1000).map((b, i) => (i === 20 ? { ...b, close: BTC[520].close + 1 } : b));
    // Reversed order: the later row of bar 20 is the original, so it wins; bar 10 is identical either way.
    want[20] = BTC[520];
    expect(log.chart).toEqual(want);
    expect(log.notices).toEqual([
      {
        key: 'binance:history-order',
        count: 1,
        text: 'Binance sent its history out of time order with 2 repeated bars: sorted, each bar kept once.',
      },
    ]);
    expect(states()).toEqual(['connecting', 'live']);
  });

  it('item 9: a kline dated far in the future is refused with a notice; later bars still arrive', async () => {
    const { clock, binance } = exchange(BTC, 200);
    binance.stream();
    const { log, handlers } = recorder();
    start(binance, handlers);
    await clock.advance(3000);
    const future = { ...BTC[201], time: Date.UTC(2099, 0, 1) / 1000 };
    binance.socket.send(klineEvent(future));
    await at(clock, BTC, 202);
    expect(log.chart).toEqual(chartOf(BTC, 0, 202));
    expect(log.status.at(-1)).toEqual({ state: 'live' });
    expect(log.notices).toEqual([
      {
        key: 'binance:future',
        count: 1,
        text: "Refused 1 Binance bar dated after this computer's clock (latest 2099-01-01T00:00:00.000Z); later bars are kept.",
      },
    ]);
  });

  it('item 10: a history request that never answers times out, says so and retries', async () => {
    const { clock, binance } = exchange(BTC, 200);
    binance.rest = 'hang';
    const { log, handlers } = recorder();
    start(binance, handlers);
    await clock.advance(9_999);
    expect(log.status.at(-1)?.state).toBe('connecting');
    await clock.advance(1);
    // First retry: equal jitter with random 0.5 = 0.75 of the 1 s first step.
    expect(log.status.at(-1)).toEqual({
      state: 'offline',
      reason: 'history request failed: Binance did not answer within 10 s',
      retryInMs: 750,
    });
    expect(binance.sockets[0].closed).toBe(true);
    binance.rest = 'answer';
    await clock.advance(750);
    expect(log.status.at(-1)).toEqual({ state: 'live' });
    expect(log.chart).toEqual(BTC.slice(0, 201));
  });

  it('item 11: 200 distinct malformed messages give one notice (one key) that counts them', async () => {
    const { clock, binance } = exchange(BTC, 200);
    const { log, handlers } = recorder();
    start(binance, handlers);
    await clock.advance(0);
    for (let i = 0; i < 200; i++) binance.socket.send(`{"e":"kline","k":{"t":${i},"o":"bad ${i}"}}`);
    await clock.advance(2000);
    expect(new Set(log.notices.map((n) => n.key))).toEqual(new Set(['binance:malformed']));
    expect(log.notices.length).toBeLessThanOrEqual(2);
    expect(log.notices.at(-1)).toMatchObject({ count: 200 });
    expect(log.notices.at(-1)?.text).toContain(
      'Skipped 200 malformed Binance messages (latest: k.o is "bad 199"',
    );
  });

  it('refuses a bad symbol or interval before building any URL', async () => {
    const { clock, binance } = exchange(BTC, 200);
    for (const [symbol, interval, reason] of [
      ['BTC/USDT', '5m', '"BTC/USDT" is not a Binance symbol: use capitals and digits, e.g. BTCUSDT'],
      ['BTCUSDT', '7m', 'interval "7m" is not supported: use one of 1m, 3m, 5m'],
    ]) {
      const { log, handlers } = recorder();
      startBinanceKlineFeed({ market: 'spot', symbol, interval }, binance.env(), handlers);
      await clock.advance(60_000);
      expect(log.status).toEqual([{ state: 'failed', reason: expect.stringContaining(reason) }]);
    }
    expect(binance.requests).toEqual([]);
    expect(binance.sockets).toEqual([]);
  });
});
