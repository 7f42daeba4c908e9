// The widget's feeds without a browser: the simulated feed's forming steps, and the widget's
// Binance feed (the engine's one feed stack, engine/feeds, behind the widget's sink) with the
// network (WebSocket, fetch, clock) replaced at its boundary by real BTC bars.
import { describe, expect, it, vi } from 'vitest';
import type { Bar } from '../../../engine/index.js';
import { BinanceKlineFeed, SimulatedFeed, formingSteps } from '../../../widget/index.js';
import type { FeedStatus } from '../../../widget/index.js';
import { BTC_5M, loadBars } from '../support/data.js';
import { FakeBinance, FakeClock } from '../support/fake-exchange.js';

const BTC: Bar[] = loadBars(BTC_5M).slice(30_000, 30_200);

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

describe('BinanceKlineFeed (the widget on engine/feeds)', () => {
  const options = {
    kind: 'binance' as const,
    symbol: 'BTCUSDT',
    interval: '5m',
    history: 100,
    restBase: 'https://rest.test',
    wsBase: 'wss://ws.test',
  };

  it('backfills the gap after a drop and never repeats or loses a bar', async () => {
    const clock = new FakeClock((BTC[99].time + 10) * 1000);
    const binance = new FakeBinance(BTC, clock);
    binance.stream(); // every 2 s the forming bar, and each bar's final when it closes
    const out: Bar[] = [];
    const statuses: FeedStatus[] = [];
    const feed = new BinanceKlineFeed(options, binance.env());
    // onBars and onBar both deliver in order; a repeated time is a replace of the last one.
    const sink = {
      onBars: (bars: Bar[]) => bars.forEach((b) => sink.onBar(b)),
      onBar: (b: Bar) =>
        out.length && out[out.length - 1].time === b.time ? (out[out.length - 1] = b) : out.push(b),
      onStatus: (s: FeedStatus) => statuses.push(s),
    };
    const until = (i: number) => clock.advance((BTC[i].time + 10) * 1000 - clock.now());
    feed.start(sink);
    await clock.advance(0);
    expect(binance.sockets[0].url).toBe('wss://ws.test/ws/btcusdt@kline_5m');
    expect(binance.requests[0]).toBe('https://rest.test/api/v3/klines?symbol=BTCUSDT&interval=5m&limit=100');
    await until(120);
    binance.socket.drop();
    expect(statuses).toContain('offline');
    // Thirty bars pass while the link is down (a sleeping laptop), then the retry fires.
    await clock.sleep((BTC[150].time - BTC[120].time) * 1000);
    expect(binance.requests[1]).toContain(`startTime=${BTC[120].time * 1000}`);
    binance.send(BTC[110]); // an old repeat
    await until(170);
    binance.send(BTC[169]); // a duplicate of the last final
    await until(199);
    binance.send(BTC[199]); // its final, just before the page closes
    feed.stop();
    expect(out).toEqual(BTC);
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'live', 'offline']);
    expect(statuses[statuses.length - 1]).toBe('closed');
  });

  it('turns stale after staleMs of silence, saying for how long, and live again on the next message', async () => {
    const clock = new FakeClock((BTC[99].time + 10) * 1000);
    const binance = new FakeBinance(BTC, clock);
    const seen: [FeedStatus, string | undefined][] = [];
    const feed = new BinanceKlineFeed({ ...options, staleMs: 1000 }, binance.env());
    feed.start({ onBars: () => undefined, onBar: () => undefined, onStatus: (s, d) => seen.push([s, d]) });
    await clock.advance(0);
    expect(seen.at(-1)).toEqual(['live', 'live']);
    // The watchdog looks every 250 ms (a quarter of staleMs, at least 250 ms).
    await clock.advance(1000);
    expect(seen.at(-1)).toEqual(['stale', 'no data for 1 s']);
    binance.send(BTC[99]);
    expect(seen.at(-1)?.[0]).toBe('live');
    feed.stop();
  });

  it('refuses a symbol or interval Binance does not have, saying what to use', () => {
    expect(() => new BinanceKlineFeed({ ...options, symbol: 'btc/usdt' })).toThrow(
      'use capitals and digits, e.g. BTCUSDT',
    );
    expect(() => new BinanceKlineFeed({ ...options, interval: '7m' })).toThrow(
      'interval "7m" is not supported: use one of 1m',
    );
  });
});
