import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { computeOverlay, parsePlan, type PlanText } from '../../engine/index.js';
import { DARK, LIGHT } from '../../widget/chart/palette.js';
import {
  BinanceSim,
  EXT_DIR,
  launch,
  openForm,
  loadBars,
  panelFrame,
  popupFor,
  shot,
  storage,
  STRICT_CSP,
  tablePrice,
  type Harness,
} from './extension-harness.js';

/**
 * A page no site adapter knows (a blog post, a broker's own chart), opened from the toolbar:
 * the content script is injected on demand, reads a `symbol=` / `interval=` hint when the URL
 * has one, and otherwise lets the trader type the symbol, remembered per site. Then a level
 * dragged on the panel's chart: it edits a draft, and re-saves a saved plan.
 *
 * The one thing a headless browser cannot do is click the toolbar button, which is what gives
 * the extension its activeTab grant on such a page. The test stands in for that grant with a
 * copy of the built extension whose manifest also lists blog.example.com as a host; every
 * other byte is the build under test, and the popup's own "Open panel" button does the rest.
 */
const BLOG = 'https://blog.example.com';
let h: Harness;
let extCopy: string;
// Real recorded ETH/USDT 5m bars (../shared/data), served as Binance's REST history.
const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv').slice(60_000, 60_300);
const lastClose = ethBars[ethBars.length - 1].close;
// The draft a new symbol starts with (extension/panel/draft-plan.ts with the default options).
const draft = {
  side: 'long',
  entry: lastClose,
  stop: 'atr14x1.5',
  ladder: '1R:25,2R:25,3R:50',
  trail: 'atr14x2.5@1',
  breakeven: '1',
  exhaustion: 'rsi14>70<30,bb20x2,take25',
} as const;

/**
 * The popup acts on the active tab, as a toolbar click would: open it with `tab` in front and
 * press its button. Here the popup is itself a tab, and Chromium may not have finished
 * bringing `tab` to the front when the popup asks which tab is active; then the popup aims at
 * itself and says it cannot run there, and the press is made again.
 */
async function openFromToolbar(tab: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const popup = await popupFor(h, tab);
    await expect.poll(() => popup.locator('button[name=toggle]').textContent()).toBe('Open panel');
    await popup.locator('button[name=toggle]').click();
    const opened = await tab
      .locator('exitplan-panel')
      .waitFor({ state: 'attached', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    await popup.close().catch(() => undefined);
    if (opened) return;
    if (attempt === 3) throw new Error('the popup did not open the panel on the page');
  }
}

beforeAll(async () => {
  extCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-ext-granted-'));
  fs.cpSync(EXT_DIR, extCopy, { recursive: true });
  const manifestPath = path.join(extCopy, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`${BLOG}/*`);
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  h = await launch(extCopy);
  await BinanceSim.install(h.context, [new BinanceSim('ETHUSDT', '5m', ethBars)]);
  await h.context.route(`${BLOG}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': STRICT_CSP },
      body: '<!doctype html><title>Trading notes</title><h1>Where I take profits on ETH</h1><p>My chart is an image.</p>',
    }),
  );
});

afterAll(async () => {
  await h?.close();
  if (extCopy) fs.rmSync(extCopy, { recursive: true, force: true });
});

describe('the panel on a page no adapter knows', () => {
  it('takes the symbol and timeframe from the URL hint and draws the draft plan from live data', async () => {
    const page = await h.context.newPage();
    await page.goto(`${BLOG}/ideas?symbol=BINANCE%3AETHUSDT&interval=5`);
    expect(await page.locator('exitplan-panel').count()).toBe(0); // nothing runs until the trader asks
    await openFromToolbar(page);
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.ident strong').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:ETHUSDT');
    await expect.poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state')).toBe('live');
    await expect
      .poll(async () => Number(await frame.locator('input[name=entry]').inputValue()), { timeout: 15_000 })
      .toBe(lastClose);
    // The draft's levels are the engine's over the bars the mocked REST history served.
    const expected = computeOverlay(ethBars, parsePlan(draft)).levels;
    await expect
      .poll(() => tablePrice(frame, 'stop'), { timeout: 15_000 })
      .toBeCloseTo(expected.initialStop, 6);
    expect(await tablePrice(frame, 'T3')).toBeCloseTo(expected.legs[2].price, 6);
    await page.close();
  });

  it('asks for the symbol when the page shows none, and remembers it for the site', async () => {
    const page = await h.context.newPage();
    await page.goto(`${BLOG}/post?interval=5`);
    await openFromToolbar(page);
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.hint').textContent(), { timeout: 15_000 })
      .toBe('Type the symbol this page shows.');
    await frame.locator('input[name=symbol]').fill('binance:ethusdt');
    await frame.locator('.symbol-entry button[type=submit]').click();
    await expect
      .poll(() => frame.locator('.ident strong').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:ETHUSDT');
    await expect.poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state')).toBe('live');
    const expected = computeOverlay(ethBars, parsePlan(draft)).levels;
    await expect
      .poll(() => tablePrice(frame, 'stop'), { timeout: 15_000 })
      .toBeCloseTo(expected.initialStop, 6);
    await shot(page, 'generic-page-typed-symbol');
    expect((await storage(h))['generic:blog.example.com']).toBe('BINANCE:ETHUSDT');
    // Another post on the same site: the typed symbol is remembered, no question asked.
    await page.goto(`${BLOG}/another-post?interval=5`);
    await openFromToolbar(page);
    const again = await panelFrame(page);
    await expect
      .poll(() => again.locator('.ident strong').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:ETHUSDT');
    // No question asked (the journal tab has hints of its own, so look for this one by its text).
    expect(await again.getByText('Type the symbol this page shows.').count()).toBe(0);
    await page.close();
  });
});

/** Where the drag grip of the stop is on the panel's chart, in page pixels: found on the canvas by its colour. */
async function stopGrip(page: Page, frame: Frame): Promise<{ x: number; y: number }> {
  const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const found = await frame.evaluate(
    (colors) => {
      const chart = document.querySelector('.exitplan-widget')?.shadowRoot?.querySelector('.ep-chart');
      if (!chart) return null;
      const left = chart.getBoundingClientRect().left;
      for (const canvas of chart.querySelectorAll('canvas')) {
        const rect = canvas.getBoundingClientRect();
        if (rect.left - left > 4 || rect.height < 60) continue; // the price pane, not the axes or RSI
        const scale = canvas.width / rect.width;
        // Grips are 14 px wide from x = 6 (widget/chart/drag-handles.ts): read the column through their middle.
        const column = canvas
          .getContext('2d')!
          .getImageData(Math.round(13 * scale), 0, 1, canvas.height).data;
        const rows: number[] = [];
        for (let y = 0; y < canvas.height; y++) {
          const px = [column[y * 4], column[y * 4 + 1], column[y * 4 + 2]];
          if (colors.some((c) => c.every((v, i) => Math.abs(v - px[i]) <= 6))) rows.push(y);
        }
        if (rows.length >= 4) return { x: rect.left + 13, y: rect.top + rows[rows.length >> 1] / scale };
      }
      return null;
    },
    [rgb(DARK.stop), rgb(LIGHT.stop)],
  );
  if (!found) throw new Error('the stop grip was not found on the panel chart');
  const box = (await (await frame.frameElement()).boundingBox())!;
  return { x: box.x + found.x, y: box.y + found.y };
}

async function dragStopDown(page: Page, frame: Frame, dy: number): Promise<void> {
  await frame.locator('.chart').scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  const grip = await stopGrip(page, frame);
  await page.mouse.move(grip.x, grip.y);
  await page.mouse.down();
  await page.mouse.move(grip.x, grip.y + dy / 2, { steps: 5 });
  await page.mouse.move(grip.x, grip.y + dy, { steps: 5 });
  await page.mouse.up();
}

const storedPlan = async (): Promise<PlanText | undefined> =>
  ((await storage(h))['plan:BINANCE:ETHUSDT'] as { text: PlanText } | undefined)?.text;

describe("a level dragged on the panel's chart", () => {
  it('edits a draft in place, and saves a saved plan again at once', async () => {
    const page = await h.context.newPage();
    await page.goto(`${BLOG}/drag?symbol=BINANCE%3AETHUSDT&interval=5`);
    await openFromToolbar(page);
    const frame = await panelFrame(page);
    const expected = computeOverlay(ethBars, parsePlan(draft)).levels;
    await expect
      .poll(() => tablePrice(frame, 'stop'), { timeout: 15_000 })
      .toBeCloseTo(expected.initialStop, 6);
    expect(await storedPlan()).toBeUndefined();

    // A draft: the form takes the dragged stop (a fixed price now), nothing is saved.
    await dragStopDown(page, frame, 30);
    const stopInput = frame.locator('input[name=stop]');
    await expect.poll(() => stopInput.inputValue(), { timeout: 10_000 }).not.toBe('atr14x1.5');
    const draggedStop = Number(await stopInput.inputValue());
    expect(draggedStop).toBeLessThan(expected.initialStop); // dragged down, for a long
    expect(draggedStop).toBeGreaterThan(expected.initialStop * 0.9);
    await expect.poll(() => tablePrice(frame, 'stop')).toBe(draggedStop);
    expect(await frame.locator('.panel').getAttribute('data-plan-saved')).toBe('no');
    expect(await storedPlan()).toBeUndefined();

    // Saved, then dragged again: the store follows the chart without another click.
    await openForm(frame);
    await frame.locator('button[name=save]').click();
    await expect.poll(async () => (await storedPlan())?.stop).toBe(String(draggedStop));
    await dragStopDown(page, frame, 30);
    await expect
      .poll(async () => Number((await storedPlan())?.stop), { timeout: 10_000 })
      .toBeLessThan(draggedStop);
    const saved = (await storedPlan())!;
    // The saved text, run by the engine in Node over the same bars, gives the levels the panel shows.
    const again = computeOverlay(ethBars, parsePlan(saved)).levels;
    expect(again.initialStop).toBe(Number(saved.stop));
    await expect.poll(() => tablePrice(frame, 'stop')).toBe(again.initialStop);
    for (const leg of again.legs) expect(await tablePrice(frame, leg.id)).toBeCloseTo(leg.price, 6);
    expect(await frame.locator('.panel').getAttribute('data-plan-saved')).toBe('yes');
    await page.close();
  });
});
