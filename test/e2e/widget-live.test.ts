// Live mode against a mocked Binance (REST klines + kline WebSocket, real BTC bars): the
// socket drops, bars happen while it is down, the reconnect backfills them, the stream
// repeats itself, and the chart ends with every bar exactly once. Then the feed goes quiet
// and the widget says "stale".
import path from 'node:path';
import type { Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { computeOverlay, parseBarsCsv, parsePlan, type Bar } from '../../engine/index.js';
import {
  openBarePage,
  readCsv,
  serverAndBrowser,
  SHOTS,
  snapshot,
  watchErrors,
  type WidgetElementLike,
} from './widget-harness.js';

const env = serverAndBrowser();

// 561 real 5-minute bars from the middle of the BTC file.
const BARS: Bar[] = parseBarsCsv(readCsv('btcusdt_binance_5m_2020-12_2021-07.csv')).slice(20_000, 20_561);

const restRow = (b: Bar) => [
  b.time * 1000,
  String(b.open),
  String(b.high),
  String(b.low),
  String(b.close),
  String(b.volume ?? 0),
  b.time * 1000 + 299_999,
  '0',
  0,
  '0',
  '0',
  '0',
];
const wsKline = (b: Bar, closed: boolean) =>
  JSON.stringify({
    e: 'kline',
    E: b.time * 1000 + 1000,
    s: 'BTCUSDT',
    k: {
      t: b.time * 1000,
      T: b.time * 1000 + 299_999,
      s: 'BTCUSDT',
      i: '5m',
      o: String(b.open),
      c: String(b.close),
      h: String(b.high),
      l: String(b.low),
      v: String(b.volume ?? 0),
      x: closed,
    },
  });
/** The bar as the stream reports it early on: only its open so far. */
const forming = (b: Bar): Bar => ({ ...b, high: b.open, low: b.open, close: b.open, volume: 0 });

describe('live mode on a mocked Binance feed', () => {
  let page: Page;
  let now = 499; // index of the bar currently forming on the "exchange"
  const sockets: WebSocketRoute[] = [];
  const restCalls: string[] = [];
  // The feed's socket now. The feed replaces a socket silent for four times stale-ms (6 s here),
  // which a slow machine can reach between two steps; what it missed comes back over REST.
  const live = () => sockets[sockets.length - 1];

  const last = () =>
    page.evaluate(
      () =>
        (document.querySelector('#live') as unknown as WidgetElementLike).drawnState()?.lastCandle?.time ?? 0,
    );
  const status = () =>
    page.evaluate(
      () =>
        document
          .querySelector('#live')
          ?.shadowRoot?.querySelector('[data-feed-status]')
          ?.getAttribute('data-feed-status') ?? '',
    );

  it('loads history over REST, then follows the stream', async () => {
    page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="live" mode="live" feed="binance" symbol="BTCUSDT" interval="5m" stale-ms="1500" heading="BTCUSDT 5m · Binance (mocked)"
        side="long" entry="last" stop="atr14x2" ladder="1R:50" trail="atr14x2.5" theme="dark"></exit-plan>`,
      '',
      async (context) => {
        await context.route('https://api.binance.com/api/v3/klines**', (route) => {
          const url = new URL(route.request().url());
          restCalls.push(url.search);
          const start = url.searchParams.get('startTime');
          const limit = Number(url.searchParams.get('limit') ?? 500);
          const upTo = BARS.slice(0, now + 1);
          const rows = start
            ? upTo.filter((b) => b.time * 1000 >= Number(start)).slice(0, limit)
            : upTo.slice(-limit);
          return route.fulfill({
            status: 200,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify(rows.map(restRow)),
          });
        });
        await context.routeWebSocket(/stream\.binance\.com/, (ws) => {
          sockets.push(ws);
        });
      },
    );
    const errors = watchErrors(page);
    await snapshot(page, '#live');
    expect(restCalls[0]).toContain('limit=500');
    expect(await last()).toBe(BARS[499].time);
    await expect.poll(() => sockets.length).toBeGreaterThan(0);
    await expect.poll(status).toBe('live');
    for (now = 500; now <= 520; now++) {
      live().send(wsKline(forming(BARS[now]), false));
      live().send(wsKline(BARS[now], true));
    }
    now = 520;
    await expect.poll(last, { timeout: 15_000 }).toBe(BARS[520].time);
    expect(errors).toEqual([]);
  });

  it('reconnects after a drop, backfills the gap and drops repeats', async () => {
    // The link drops; twenty bars happen on the exchange meanwhile.
    const socketsBefore = sockets.length;
    const restBefore = restCalls.length;
    await live().close({ code: 1006, reason: 'network' });
    now = 540;
    await expect.poll(status).toBe('offline');
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBeGreaterThan(socketsBefore);
    // The new stream first repeats an old bar (as Binance does after a reconnect).
    live().send(wsKline(BARS[530], true));
    await expect.poll(last, { timeout: 10_000 }).toBe(BARS[540].time);
    expect(restCalls[restBefore]).toContain(`startTime=${BARS[520].time * 1000}`);
    for (now = 541; now <= 560; now++) {
      live().send(wsKline(forming(BARS[now]), false));
      live().send(wsKline(BARS[now], true));
      live().send(wsKline(BARS[now], true)); // a duplicate message
    }
    now = 560;
    await expect.poll(last, { timeout: 15_000 }).toBe(BARS[560].time);

    const s = await snapshot(page, '#live');
    // Every bar exactly once, in order, with the real OHLC of the last one. The chart opened on
    // the view and 300 bars before it (widget/chart/plan-chart.ts), so it holds the file's tail:
    // everything since well before the drop.
    const times = s.drawn?.candleTimes ?? [];
    expect(times).toEqual(BARS.slice(BARS.length - times.length).map((b) => b.time));
    expect(times.length).toBeGreaterThan(BARS.length - 500 + 300);
    expect(s.drawn?.lastCandle).toEqual(BARS[560]);
    // The engine saw the same bars: its overlay equals the engine run here on all 561 bars,
    // entered at the close of the last history bar (entry="last").
    const spec = parsePlan({
      side: 'long',
      entry: BARS[499].close,
      at: BARS[499].time,
      stop: 'atr14x2',
      ladder: '1R:50',
      trail: 'atr14x2.5',
    });
    // Live, a level reached by a tick of the forming bar is hit then and marked intrabar (README,
    // "How a bar is played"); each bar here comes as its open and then whole, the bar rule's own
    // order, so apart from those marks the overlay is the bar rule's.
    const overlay = s.overlay!;
    const unmarked = {
      ...overlay,
      state: { ...overlay.state, fills: overlay.state.fills.map(({ intrabar: _, ...f }) => f) },
      markers: overlay.markers.map((m) => ({ ...m, text: m.text.replace(' intrabar', '') })),
    };
    expect(unmarked).toEqual(JSON.parse(JSON.stringify(computeOverlay(BARS, spec))));
    // The all-in-all-out comparison (fed coalesced ticks) ends on the same bars: its R is the
    // engine's for the same entry and stop with one 100% leg at 1R and no trail (widget/plan-edit.ts).
    const aiao = computeOverlay(BARS, {
      ...spec,
      ladder: [{ target: spec.ladder[0].target, share: 100 }],
      trail: { kind: 'none' },
    });
    const r = aiao.state.realisedR + aiao.state.openR;
    const shown = `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(2)} R`;
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document.querySelector('#live')?.shadowRoot?.querySelector('[data-policy="all-in"] .r')
              ?.textContent ?? '',
        ),
      )
      .toBe(shown);
  });

  it('shows "stale" when the stream goes quiet, and live again when it resumes', async () => {
    await expect.poll(status, { timeout: 5000 }).toBe('stale');
    const badge = await page.evaluate(
      () =>
        document.querySelector('#live')?.shadowRoot?.querySelector('[data-feed-status]')?.textContent ?? '',
    );
    expect(badge).toContain('no data for 2 s');
    await page.locator('#live').screenshot({ path: path.join(SHOTS, 'widget-live-stale.png') });
    live().send(wsKline(BARS[560], true));
    await expect.poll(status, { timeout: 10_000 }).toBe('live');
    await page.context().close();
  });
});
