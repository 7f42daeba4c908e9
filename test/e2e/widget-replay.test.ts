// The replay controls as a reader uses them: play to the end, Restart, Play again; and the
// stress sequence of the issue (drag, play, pause, step, restart at 128 bars/s). The chart, the
// counter and the engine must stay in step, and a dragged target must survive Restart. Real
// ETHUSDT 5m bars around the demo's replay plan (entry 1,871.23 at 2021-07-17 08:00 UTC).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { computeOverlay, parseBarsCsv, parsePlan, type Overlay } from '../../engine/index.js';
import { openBarePage, readCsv, serverAndBrowser, SHOTS, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

const eth = parseBarsCsv(readCsv('ethusdt_binance_5m_2020-12_2021-07.csv'));
const entryAt = eth.findIndex((b) => b.time === Date.UTC(2021, 6, 17, 8) / 1000);
// 400 bars before the entry, the entry bar, and the file's last 158 bars after it to replay.
const BARS = eth.slice(entryAt - 400, entryAt + 241);
const START = 401;
const PLAN = {
  side: 'long',
  entry: '1871.23',
  at: '2021-07-17T08:00:00Z',
  stop: 'atr14x3',
  ladder: '1R:25,2R:25,3R:25',
  trail: 'atr14x3@1',
  breakeven: '1+fees',
};

interface Seen {
  position: number;
  total: number;
  lastCandle: number;
  candles: number;
  markers: string[];
  t1: number | null;
}

type Handle = {
  ready: Promise<void>;
  getOverlay(): Overlay | null;
  drawnState(): { lastCandle: { time: number } | null; candles: number; markers: { text: string }[] } | null;
};

async function open(): Promise<Page> {
  const page = await openBarePage(env.browser, env.base, '<div id="host" style="width:900px"></div>');
  await page.evaluate(
    async ({ bars, plan, start }) => {
      const api = (window as unknown as { ExitPlan: { mount(el: HTMLElement, o: unknown): Handle } })
        .ExitPlan;
      const w = api.mount(document.getElementById('host') as HTMLElement, {
        bars,
        plan,
        mode: 'replay',
        compare: false,
        replay: { speed: 128, startBars: start },
      });
      (window as unknown as { w: Handle }).w = w;
      await w.ready;
    },
    { bars: BARS, plan: PLAN, start: START },
  );
  return page;
}

function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const w = (window as unknown as { w: Handle }).w;
    const text = document
      .querySelector('.exitplan-widget')
      ?.shadowRoot?.querySelector('.ep-row .ep-toggle:last-child')?.textContent;
    const [, position, total] = /bar (\d+) \/ (\d+)/.exec(text ?? '') ?? [];
    const drawn = w.drawnState();
    const overlay = w.getOverlay();
    return {
      position: Number(position),
      total: Number(total),
      lastCandle: drawn?.lastCandle?.time ?? 0,
      candles: drawn?.candles ?? 0,
      markers: (drawn?.markers ?? []).map((m) => m.text),
      t1: overlay?.lines.find((l) => l.id === 'T1')?.price ?? null,
    };
  });
}

type DragHandle = {
  drawnState(): { panes: number; priceLines: { id: string; y: number | null }[] } | null;
};

/** The counter says bar n: the chart's last candle is bar n of the file (1-based). */
const inStep = (s: Seen) => s.lastCandle === BARS[s.position - 1].time;

const button = (page: Page, name: string) => page.getByRole('button', { name });

describe('replay controls', () => {
  it('Restart after the end resets candles and markers; Play then moves the chart again', async () => {
    const page = await open();
    const errors = watchErrors(page);
    await page.waitForFunction(() => (window as unknown as { w: DragHandle }).w.drawnState()?.panes === 2);
    await page.waitForTimeout(200);
    const chart = page.locator('.exitplan-widget .ep-chart');
    // What the reader sees at the start, pixel for pixel: Restart must show exactly this again.
    const startPicture = await chart.screenshot();
    const first = await seen(page);
    expect(first.position).toBe(START);
    expect(inStep(first)).toBe(true);
    await button(page, 'Play replay').click();
    await expect.poll(async () => (await seen(page)).position, { timeout: 15_000 }).toBe(BARS.length);
    await expect.poll(async () => inStep(await seen(page)), { timeout: 5_000 }).toBe(true);
    const end = await seen(page);
    // The engine's fills are on the chart by the end (the demo's plan fills legs in this window).
    expect(end.markers.length).toBeGreaterThan(first.markers.length);
    await button(page, 'Restart replay').click();
    await expect.poll(async () => (await seen(page)).position, { timeout: 5_000 }).toBe(START);
    const restarted = await seen(page);
    expect(inStep(restarted)).toBe(true);
    expect(restarted.markers).toEqual(first.markers);
    expect(restarted.candles).toBe(first.candles);
    await page.waitForFunction(() => (window as unknown as { w: DragHandle }).w.drawnState()?.panes === 2);
    await page.waitForTimeout(200);
    // Before the fix the candles, the markers and the view stayed as played to the end.
    expect((await chart.screenshot()).equals(startPicture)).toBe(true);
    await page.locator('#host').screenshot({ path: path.join(SHOTS, 'widget-replay-restarted.png') });
    await button(page, 'Play replay').click();
    await expect
      .poll(async () => (await seen(page)).lastCandle, { timeout: 5_000 })
      .toBeGreaterThan(restarted.lastCandle);
    await button(page, 'Pause replay').click();
    await expect.poll(async () => inStep(await seen(page)), { timeout: 5_000 }).toBe(true);
    // And the chart moved with it.
    expect((await chart.screenshot()).equals(startPicture)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('stays in step through drag, play, pause, step and restart at 128 bars/s, keeping the dragged target', async () => {
    const page = await open();
    const errors = watchErrors(page);
    const before = await seen(page);
    // Drag T1 up by 20 px where its line is drawn (the reader's edit).
    await page.waitForFunction(() => (window as unknown as { w: DragHandle }).w.drawnState()?.panes === 2);
    const at = await page.evaluate(() => {
      const w = (window as unknown as { w: DragHandle }).w;
      const box = document
        .querySelector('.exitplan-widget')
        ?.shadowRoot?.querySelector('.ep-chart')
        ?.getBoundingClientRect();
      const t1 = w.drawnState()?.priceLines.find((l) => l.id === 'T1');
      return { x: (box?.left ?? 0) + (box?.width ?? 0) * 0.4, y: (box?.top ?? 0) + (t1?.y ?? NaN) };
    });
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x, at.y - 10, { steps: 5 });
    await page.mouse.move(at.x, at.y - 20, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await seen(page)).t1, { timeout: 5_000 }).not.toBe(before.t1);
    const dragged = (await seen(page)).t1;
    for (let round = 0; round < 3; round++) {
      await button(page, 'Play replay').click();
      await page.waitForTimeout(150 + 100 * round);
      await button(page, 'Pause replay').click();
      await button(page, 'One bar forward').click();
      await button(page, 'One bar forward').click();
      await button(page, 'Restart replay').click();
      await button(page, 'Play replay').click();
      await page.waitForTimeout(120);
      await button(page, 'Pause replay').click();
      await expect.poll(async () => inStep(await seen(page)), { timeout: 5_000 }).toBe(true);
    }
    await button(page, 'Restart replay').click();
    await expect.poll(async () => (await seen(page)).position, { timeout: 5_000 }).toBe(START);
    await expect.poll(async () => inStep(await seen(page)), { timeout: 5_000 }).toBe(true);
    // The reader's target is still where they put it.
    expect((await seen(page)).t1).toBe(dragged);
    await button(page, 'Play replay').click();
    await expect.poll(async () => (await seen(page)).position, { timeout: 15_000 }).toBe(BARS.length);
    await expect.poll(async () => inStep(await seen(page)), { timeout: 5_000 }).toBe(true);
    // Oracle: the engine in Node over the same bars, T1 a fixed-price target where it was dropped.
    const final = await page.evaluate(() => (window as unknown as { w: Handle }).w.getOverlay());
    const expected = computeOverlay(BARS, parsePlan({ ...PLAN, ladder: `@${dragged}:25,2R:25,3R:25` }));
    expect(final?.state.fills).toEqual(JSON.parse(JSON.stringify(expected.state.fills)));
    expect(final?.state.exitTime).toBe(expected.state.exitTime);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
