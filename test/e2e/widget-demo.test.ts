// The demo page as `npm start` serves it, in headless Chromium: every widget draws, each
// level sits where the engine (run here in Node on the same CSV) puts it, pushes move the
// trail, and a drag changes the plan.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ExitTracker,
  computeOverlay,
  parseBarsCsv,
  parsePlan,
  type Bar,
  type Overlay,
  type PlanText,
} from '../../engine/index.js';
import {
  DATA,
  openBarePage,
  readCsv,
  readDemoCsv,
  serverAndBrowser,
  SHOTS,
  snapshot,
  watchErrors,
  type WidgetElementLike,
} from './widget-harness.js';

const env = serverAndBrowser();
let page: Page;
let errors: string[];

// The demo page's files, in demo/data (a clone of the repository alone runs the demo).
const BTC_FILE = 'btcusdt_binance_5m_2020-12-24_2021-01-07.csv';
// The plan exactly as demo/index.html writes it on <exit-plan id="btc">.
const BTC_PLAN: PlanText = {
  side: 'long',
  entry: '29785',
  at: '2021-01-02T12:00:00Z',
  stop: '1.2%',
  ladder: '1R:25,2R:25,fib2.618:25',
  swing: '28700:29900',
  trail: 'atr14x4@1',
  breakeven: '1',
  exhaustion: 'rsi14>70<30,bb20x2,take25',
  fees: 'bps10',
};
const SPY_PLAN: PlanText = {
  side: 'short',
  entry: '333.48',
  at: '2020-02-21',
  stop: '3%',
  ladder: '1R:33,2R:33,3R:34',
  trail: 'chandelier22x3',
};

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  errors = watchErrors(page);
  await page.goto(`${env.base}/demo/`);
});

/** Plain JSON: what crossed the worker boundary, compared with what the engine computes here. */
const plain = (o: Overlay): unknown => JSON.parse(JSON.stringify(o));

describe('the demo page', () => {
  it('renders every widget with its plan drawn and no errors', async () => {
    for (const id of ['btc', 'spy', 'eth', 'live']) {
      const s = await snapshot(page, `#${id}`);
      expect(s.error, id).toBeNull();
      expect(s.mode, id).toBe('worker');
      expect(s.overlay?.lines.length, id).toBeGreaterThanOrEqual(4);
      expect(s.drawn?.candles, id).toBeGreaterThan(100);
    }
    // The one 404 Chromium always asks for is /favicon.ico; anything else is a failure.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'demo-light.png'), fullPage: true });
    await page.locator('#btc').screenshot({ path: path.join(SHOTS, 'widget-btc-light.png') });
  });

  it('draws each level at the price the engine computes from the same CSV', async () => {
    // Oracle: the engine itself, run in Node on the page's file (demo/data) with the page's plan.
    const bars = parseBarsCsv(readDemoCsv(BTC_FILE));
    const expected = computeOverlay(bars, parsePlan(BTC_PLAN));
    const s = await snapshot(page, '#btc');
    expect(s.overlay).toEqual(plain(expected));
    // The chart's own price lines (read back through lightweight-charts) carry the same prices and labels.
    const drawn = new Map(s.drawn?.priceLines.map((l) => [l.id, l]));
    for (const line of expected.lines) {
      expect(drawn.get(line.id)?.price, line.id).toBe(line.price);
      expect(drawn.get(line.id)?.title, line.id).toBe(line.label);
    }
    expect(s.drawn?.priceLines.length).toBe(expected.lines.length);
    // The stepped trail series is the engine's trail point for point.
    expect(s.drawn?.trail).toEqual(expected.trail.map((p) => ({ time: p.time, price: p.price })));
    // Markers inside the drawn window (the chart keeps the bars from before the entry on).
    const firstDrawn = s.drawn?.candleTimes[0] ?? 0;
    expect(s.drawn?.markers.length).toBe(expected.markers.filter((m) => m.time >= firstDrawn).length);
    expect(firstDrawn).toBeLessThan(expected.state.entryTime ?? 0);
    // The short on SPY daily, the same way.
    const spy = computeOverlay(parseBarsCsv(readDemoCsv('spy_daily_2005-2020.csv')), parsePlan(SPY_PLAN));
    expect((await snapshot(page, '#spy')).overlay).toEqual(plain(spy));
  });

  it('shows the legend numbers and the all-in-all-out comparison from the engine', async () => {
    const bars = parseBarsCsv(readDemoCsv(BTC_FILE));
    const spec = parsePlan(BTC_PLAN);
    const scaled = computeOverlay(bars, spec);
    // All-in-all-out on the same path: the ladder's last target at 100%, nothing else (widget/plan-edit.ts).
    const aiao = computeOverlay(bars, {
      ...spec,
      ladder: [{ target: spec.ladder[2].target, share: 100 }],
      trail: { kind: 'none' },
      breakeven: null,
      exhaustion: null,
      decay: null,
    });
    await page.waitForFunction(
      () => !!document.querySelector('#btc')?.shadowRoot?.querySelector('[data-policy="all-in"] .r'),
    );
    const text = await page.evaluate(() => {
      const root = document.querySelector('#btc')?.shadowRoot;
      return {
        allIn: root?.querySelector('[data-policy="all-in"] .r')?.textContent ?? '',
        scaled: root?.querySelector('[data-policy="scaled"] .r')?.textContent ?? '',
        legend: root?.querySelector('.ep-side')?.textContent ?? '',
      };
    });
    const r = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)} R`;
    expect(text.scaled).toBe(r(scaled.state.realisedR + scaled.state.openR));
    expect(text.allIn).toBe(r(aiao.state.realisedR + aiao.state.openR));
    expect(text.legend).toContain(`Blended exit${r(scaled.levels.blendedR)}`);
  });

  it('opens on the trade with a few hundred bars, and adds older ones as the reader scrolls back', async () => {
    const bars = parseBarsCsv(readDemoCsv('spy_daily_2005-2020.csv'));
    const before = await snapshot(page, '#spy');
    const opened = before.drawn?.candles ?? 0;
    // The view (~150 bars) and up to 300 before it (widget/chart/plan-chart.ts, OPENING_HISTORY).
    expect(opened).toBeGreaterThan(150);
    expect(opened).toBeLessThan(800);
    // A horizontal wheel over the chart scrolls back in time.
    await page.locator('#spy').scrollIntoViewIfNeeded();
    const box = await page.locator('#spy').boundingBox();
    if (!box) throw new Error('no #spy box');
    await page.mouse.move(box.x + 300, box.y + 150);
    await page.mouse.wheel(-3000, 0);
    await expect.poll(async () => (await snapshot(page, '#spy')).drawn?.candles ?? 0).toBeGreaterThan(opened);
    const after = await snapshot(page, '#spy');
    // Still the file's own bars, in order, ending at its last bar, and the same plan on them.
    const times = after.drawn?.candleTimes ?? [];
    const from = bars.findIndex((b) => b.time === times[0]);
    expect(times).toEqual(bars.slice(from).map((b) => b.time));
    expect(times.length).toBeLessThanOrEqual(3000 + 200);
    expect(after.drawn?.trail).toEqual(before.drawn?.trail);
    expect(after.drawn?.priceLines).toHaveLength(before.drawn?.priceLines.length ?? -1);
  });

  it('toggles Bollinger bands and the RSI pane', async () => {
    // The bands and RSI are drawn the frame after the plan.
    await page.waitForFunction(
      () => (document.querySelector('#spy') as unknown as WidgetElementLike).drawnState()?.bands === true,
    );
    const before = await snapshot(page, '#spy');
    expect(before.drawn?.panes).toBe(2);
    expect(before.drawn?.bands).toBe(true);
    const toggle = (label: string) =>
      page.evaluate((l) => {
        const inputs = [
          ...(document.querySelector('#spy')?.shadowRoot?.querySelectorAll('label.ep-toggle') ?? []),
        ];
        (inputs.find((x) => x.textContent?.includes(l))?.querySelector('input') as HTMLInputElement).click();
      }, label);
    await toggle('RSI');
    await toggle('Bollinger');
    await page.waitForFunction(
      () => (document.querySelector('#spy') as unknown as WidgetElementLike).drawnState()?.panes === 1,
    );
    const after = await snapshot(page, '#spy');
    expect(after.drawn?.bands).toBe(false);
    await toggle('RSI');
    await toggle('Bollinger');
    await page.waitForFunction(
      () => (document.querySelector('#spy') as unknown as WidgetElementLike).drawnState()?.bands === true,
    );
    expect((await snapshot(page, '#spy')).drawn?.panes).toBe(2);
  });

  it('replays history bar by bar: play moves the chart and the trail forward, pause stops it', async () => {
    const root = page.locator('#eth');
    const before = await snapshot(page, '#eth');
    await root.getByRole('button', { name: 'Play replay' }).click();
    await expect
      .poll(async () => (await snapshot(page, '#eth')).drawn?.candles ?? 0, { timeout: 10_000 })
      .toBeGreaterThan((before.drawn?.candles ?? 0) + 10);
    await root.getByRole('button', { name: 'Pause replay' }).click();
    const paused = (await snapshot(page, '#eth')).drawn?.candles;
    await page.waitForTimeout(500);
    expect((await snapshot(page, '#eth')).drawn?.candles).toBe(paused);
    // The position opened on the entry bar and the engine has walked it forward (trail points, fills or both).
    const after = await snapshot(page, '#eth');
    expect(after.overlay?.trail.length ?? 0).toBeGreaterThan(before.overlay?.trail.length ?? 0);
    // The progress bar counts bars of the whole file: the last drawn candle's place in it.
    const progress = await page.evaluate(
      () => document.querySelector('#eth')?.shadowRoot?.querySelector('progress')?.value ?? 0,
    );
    const eth = parseBarsCsv(readDemoCsv('ethusdt_binance_5m_2021-07-03_2021-07-17.csv'));
    expect(progress).toBe(eth.findIndex((b) => b.time === after.drawn?.lastCandle?.time) + 1);
  });

  it('runs the live widget from the simulated feed of real bars', async () => {
    const first = (await snapshot(page, '#live')).drawn?.lastCandle;
    // Four updates per bar at 250 ms: a new bar within about a second.
    await expect
      .poll(async () => (await snapshot(page, '#live')).drawn?.lastCandle?.time ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(first?.time ?? 0);
    const badge = await page.evaluate(() =>
      document
        .querySelector('#live')
        ?.shadowRoot?.querySelector('[data-feed-status]')
        ?.getAttribute('data-feed-status'),
    );
    expect(badge).toBe('live');
    // Every bar the feed delivered is a real bar of the file, in order (compared by time and close).
    const bars = parseBarsCsv(readDemoCsv('btcperp_1m_2022-01-29_2022-02-01.csv'));
    const drawn = (await snapshot(page, '#live')).drawn;
    const times = drawn?.candleTimes ?? [];
    const from = bars.findIndex((b) => b.time === times[0]);
    expect(times).toEqual(bars.slice(from, from + times.length).map((b) => b.time));
    expect(times.length).toBeLessThanOrEqual(3000 + 20); // the drawn window (widget/chart/plan-chart.ts)
  });

  it("draws the reader's own CSV from the file input", async () => {
    await page.setInputFiles('#own-file', path.join(DATA, 'eurusd_1h_2017-2018.csv'));
    await page.fill('#own-stop', '0.5%');
    await page.fill('#own-ladder', '1R:50,2R:50');
    await page.click('#own button[type="submit"]');
    const info = () =>
      page.evaluate(() => {
        const host = document.querySelector('#own-widget .exitplan-widget') as HTMLElement | null;
        return {
          phase: host?.shadowRoot?.querySelector('[data-phase]')?.getAttribute('data-phase'),
          title: host?.shadowRoot?.querySelector('.ep-title')?.textContent,
        };
      });
    await expect
      .poll(info, { timeout: 15_000 })
      .toEqual({ phase: 'ready', title: 'eurusd_1h_2017-2018.csv' });
    await page.locator('#own-widget').screenshot({ path: path.join(SHOTS, 'widget-own-csv.png') });
  });

  it('renders the dark theme', async () => {
    await page.selectOption('#theme', 'dark');
    await page.waitForFunction(() => {
      const root = document.querySelector('#btc')?.shadowRoot?.querySelector('.ep');
      return (
        root?.classList.contains('ep-dark') &&
        (document.querySelector('#btc') as unknown as WidgetElementLike).drawnState() !== null
      );
    });
    await snapshot(page, '#btc');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'demo-dark.png'), fullPage: true });
    await page.locator('#btc').screenshot({ path: path.join(SHOTS, 'widget-btc-dark.png') });
    const bg = await page.evaluate(
      () =>
        getComputedStyle(document.querySelector('#btc')?.shadowRoot?.querySelector('.ep') as Element)
          .backgroundColor,
    );
    expect(bg).toBe('rgb(19, 23, 34)'); // DARK.background '#131722' in widget/chart/palette.ts
    await page.selectOption('#theme', 'light');
  });
});

describe('mount() on a page: pushes and drags', () => {
  const FILE = 'btcusdt_binance_5m_2020-12_2021-07.csv';
  // 2021-01-02 12:00 UTC is row 9302 (0-based) of the BTC 5m file; history ends on that bar.
  const history = () => parseBarsCsv(readCsv(FILE)).slice(9000, 9303);
  const next = () => parseBarsCsv(readCsv(FILE)).slice(9303, 9363);
  const plan: PlanText = {
    side: 'long',
    entry: 'last',
    stop: 'atr14x2',
    ladder: '2R:25,4R:25',
    trail: 'atr14x2.5',
  };

  async function mountFresh(p: Page, bars: Bar[]): Promise<void> {
    await p.evaluate(
      async ({ bars, plan }) => {
        const host = document.createElement('div');
        host.id = 'fresh';
        document.body.prepend(host);
        const api = (
          window as unknown as { ExitPlan: { mount: (el: HTMLElement, o: unknown) => WidgetElementLike } }
        ).ExitPlan;
        const handle = api.mount(host, { bars, plan, theme: 'light', title: 'Pushed bars' });
        (window as unknown as { fresh: WidgetElementLike }).fresh = handle;
        await handle.ready;
      },
      { bars, plan },
    );
  }

  it('moves the trailing stop as bars are pushed, exactly as the engine does', async () => {
    const p = await openBarePage(env.browser, env.base);
    const pageErrors = watchErrors(p);
    const h = history();
    await mountFresh(p, h);
    // Oracle: an ExitTracker in Node fed the same bars (entry = last history close, as entry="last" means).
    const spec = parsePlan({ ...plan, entry: h[h.length - 1].close });
    const tracker = new ExitTracker({ ...spec, entryTime: h[h.length - 1].time });
    for (const bar of h) tracker.add(bar);
    const stops: number[] = [];
    for (const bar of next()) {
      tracker.add(bar);
      // Push the bar as a live feed would: open first, then the finished bar (a replace).
      const forming = { ...bar, high: Math.max(bar.open, bar.close), low: Math.min(bar.open, bar.close) };
      const got = await p.evaluate(
        async ({ forming, bar }) => {
          const w = (window as unknown as { fresh: WidgetElementLike }).fresh;
          await w.push(forming);
          const o = await w.push(bar);
          return { stop: o?.state.stop ?? NaN, drawn: w.drawnState() };
        },
        { forming, bar },
      );
      expect(got.stop).toBe(tracker.overlay().state.stop);
      const trail = got.drawn?.trail ?? [];
      expect(trail[trail.length - 1]).toEqual(tracker.overlay().trail[tracker.overlay().trail.length - 1]);
      stops.push(got.stop);
      if (tracker.overlay().state.status === 'closed') break;
    }
    // The trail only ever moves up for a long, and it did move on this real path.
    for (let i = 1; i < stops.length; i++) expect(stops[i]).toBeGreaterThanOrEqual(stops[i - 1]);
    expect(stops[stops.length - 1]).toBeGreaterThan(stops[0]);
    await p.locator('#fresh').screenshot({ path: path.join(SHOTS, 'widget-pushed.png') });
    expect(pageErrors).toEqual([]);
    await p.context().close();
  });

  it('changes the plan when the stop line is dragged, and the engine agrees', async () => {
    const p = await openBarePage(env.browser, env.base);
    const h = history();
    await mountFresh(p, h);
    // Wait for the RSI pane: it takes room from the price pane and so moves every line.
    await p.waitForFunction(
      () => (window as unknown as { fresh: WidgetElementLike }).fresh.drawnState()?.panes === 2,
    );
    const where = await p.evaluate(() => {
      const w = (window as unknown as { fresh: WidgetElementLike }).fresh;
      const host = document.querySelector('#fresh .exitplan-widget');
      const box = host?.shadowRoot?.querySelector('.ep-chart')?.getBoundingClientRect();
      const stop = w.drawnState()?.priceLines.find((l) => l.id === 'stop');
      return {
        left: box?.left ?? 0,
        top: box?.top ?? 0,
        width: box?.width ?? 0,
        y: stop?.y ?? null,
        price: stop?.price ?? NaN,
      };
    });
    expect(where.y).not.toBeNull();
    const x = where.left + where.width * 0.4;
    const y = where.top + (where.y ?? 0);
    await p.mouse.move(x, y);
    await p.mouse.down();
    await p.mouse.move(x, y + 20, { steps: 5 });
    await p.mouse.move(x, y + 40, { steps: 5 });
    await p.mouse.up();
    // Wait for the engine's new overlay and for the form to show the new stop (Preact renders a moment later).
    await p.waitForFunction((old) => {
      const o = (window as unknown as { fresh: WidgetElementLike }).fresh.getOverlay();
      const input = document
        .querySelector('#fresh .exitplan-widget')
        ?.shadowRoot?.querySelector('input[name="stop"]') as HTMLInputElement | null;
      return o !== null && o.levels.initialStop !== old && input !== null && /^[\d.]+$/.test(input.value);
    }, where.price);
    const after = await p.evaluate(() => {
      const w = (window as unknown as { fresh: WidgetElementLike }).fresh;
      const host = document.querySelector('#fresh .exitplan-widget');
      const input = host?.shadowRoot?.querySelector('input[name="stop"]') as HTMLInputElement | null;
      return { overlay: w.getOverlay(), formStop: input?.value ?? '' };
    });
    const newStop = after.overlay?.levels.initialStop ?? NaN;
    // Dragged down 40 px: a lower stop for the long, so more risk per unit.
    expect(newStop).toBeLessThan(where.price);
    expect(after.overlay?.levels.riskPerUnit).toBeGreaterThan(h[h.length - 1].close - where.price);
    // The form shows the new fixed-price stop, and the engine in Node computes the same overlay from it.
    expect(Number(after.formStop)).toBe(newStop);
    const oracle = computeOverlay(
      h,
      parsePlan({ ...plan, entry: h[h.length - 1].close, stop: String(newStop), at: h[h.length - 1].time }),
    );
    expect(after.overlay).toEqual(plain(oracle));

    // Now a ladder leg: T1 dragged up 30 px becomes a fixed-price target with its 25% share.
    const leg = await p.evaluate(async () => {
      // Let the price scale settle on the new range (it rescales on the next frame).
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const w = (window as unknown as { fresh: WidgetElementLike }).fresh;
      const t1 = w.drawnState()?.priceLines.find((l) => l.id === 'T1');
      return { y: t1?.y ?? null, price: t1?.price ?? NaN };
    });
    expect(leg.y).not.toBeNull();
    const ly = where.top + (leg.y ?? 0);
    await p.mouse.move(x, ly);
    await p.mouse.down();
    await p.mouse.move(x, ly - 30, { steps: 5 });
    await p.mouse.up();
    await p.waitForFunction((old) => {
      const o = (window as unknown as { fresh: WidgetElementLike }).fresh.getOverlay();
      const input = document
        .querySelector('#fresh .exitplan-widget')
        ?.shadowRoot?.querySelector('input[name="ladder"]') as HTMLInputElement | null;
      return o !== null && o.levels.legs[0].price !== old && input !== null && input.value.startsWith('@');
    }, leg.price);
    const legAfter = await p.evaluate(() => {
      const w = (window as unknown as { fresh: WidgetElementLike }).fresh;
      const host = document.querySelector('#fresh .exitplan-widget');
      const input = host?.shadowRoot?.querySelector('input[name="ladder"]') as HTMLInputElement | null;
      return { overlay: w.getOverlay(), ladder: input?.value ?? '' };
    });
    const newT1 = legAfter.overlay?.levels.legs[0].price ?? NaN;
    expect(newT1).toBeGreaterThan(leg.price);
    expect(legAfter.overlay?.levels.legs[0].share).toBe(25);
    // The form's ladder now names T1 by price (the engine's own text form); T2 is unchanged.
    expect(parsePlan({ ...plan, entry: 1, ladder: legAfter.ladder }).ladder).toEqual([
      { target: { kind: 'price', price: newT1 }, share: 25 },
      { target: { kind: 'r', multiple: 4 }, share: 25 },
    ]);
    await p.context().close();
  });
});
