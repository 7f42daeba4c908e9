import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { computeOverlay, parsePlan } from '../../engine/index.js';
import {
  BinanceSim,
  EXT_DIR,
  launch,
  loadBars,
  panelFrame,
  shot,
  storage,
  STRICT_CSP,
  tablePrice,
  type Harness,
} from './extension-harness.js';

/**
 * A page no site adapter knows (a blog post, a broker's own chart), opened from the toolbar:
 * the content script is injected on demand, reads a `symbol=` / `interval=` hint when the URL
 * has one, and otherwise lets the trader type the symbol, remembered per site.
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

/** The popup acts on the active tab, as a toolbar click would: open it with `tab` in front and press its button. */
async function openFromToolbar(tab: Page): Promise<void> {
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup/index.html`);
  await tab.bringToFront();
  await popup.reload();
  await expect.poll(() => popup.locator('button[name=toggle]').textContent()).toBe('Open panel');
  await popup.locator('button[name=toggle]').click();
  await popup.close().catch(() => undefined);
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
    expect(await again.locator('.hint').count()).toBe(0);
    await page.close();
  });
});
