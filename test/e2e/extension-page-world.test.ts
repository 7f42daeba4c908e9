import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { computeOverlay, parsePlan } from '../../engine/index.js';
import {
  BinanceSim,
  installYahoo,
  launch,
  loadBars,
  panelFrame,
  setStorage,
  storage,
  type Harness,
} from './extension-harness.js';
import { findScenario, type Scenario } from './extension-scenario.js';

/**
 * What a hostile script on a TradingView or Binance page can learn or fake. The script is put
 * in the page before the site's own (addInitScript, the page's world): it records every window
 * message, forges the status message the old main-world mirror sent back ("987654 lines"),
 * and probes for the extension by its fixed address.
 */
const FORGED = { channel: 'exitplan:from-main', type: 'status', available: true, drawn: 987654 };
const HOSTILE = `
  window.__seen = [];
  window.addEventListener('message', (e) => {
    let text;
    try { text = JSON.stringify(e.data); } catch { text = String(e.data); }
    window.__seen.push(text);
  }, true);
  setInterval(() => window.postMessage(${JSON.stringify(FORGED)}, location.origin), 50);
`;

let h: Harness;
let scenario: Scenario;
const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv').slice(40_000, 40_300);

/** Every window message the hostile script saw, except its own forgeries. */
const seenByPage = (page: Page): Promise<string[]> =>
  page.evaluate(
    (forged) => (window as unknown as { __seen: string[] }).__seen.filter((m) => m !== forged),
    JSON.stringify(FORGED),
  );

async function hostilePage(): Promise<Page> {
  const page = await h.context.newPage();
  await page.addInitScript(HOSTILE);
  return page;
}

beforeAll(async () => {
  scenario = findScenario();
  h = await launch();
  await BinanceSim.install(h.context, [
    new BinanceSim('BTCUSDT', '5m', scenario.history),
    new BinanceSim('ETHUSDT', '5m', ethBars),
  ]);
  const saved = (symbol: string, text: object) => ({ v: 2, symbol, text, updatedAt: 1_700_000_000_000 });
  await setStorage(h, {
    'plan:BINANCE:BTCUSDT': saved('BINANCE:BTCUSDT', scenario.plan),
    'plan:BINANCE:ETHUSDT': saved('BINANCE:ETHUSDT', {
      side: 'long',
      entry: ethBars[ethBars.length - 1].close,
      stop: 'atr14x1.5',
      ladder: '1R:50,2R:50',
    }),
  });
});

afterAll(async () => {
  await h?.close();
});

describe('a hostile script on the page', () => {
  it('on TradingView sees no message from the extension, and the lines carry only price and colour', async () => {
    const page = await hostilePage();
    await page.goto('https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3ABTCUSDT&interval=5');
    const frame = await panelFrame(page);
    // Oracle: the engine in Node over the same 300 bars: entry, stop and one line per leg.
    const expected = computeOverlay(scenario.history, parsePlan(scenario.plan)).levels;
    const count = 2 + expected.legs.length;
    await expect
      .poll(() => frame.locator('[data-testid=plan-status]').textContent(), { timeout: 15_000 })
      .toContain(`on the page's chart: ${count} lines`);
    // The forgeries have been flowing every 50 ms all along; give them another second.
    await page.waitForTimeout(1000);
    expect(await frame.locator('[data-testid=plan-status]').textContent()).not.toContain('987654');
    expect(await seenByPage(page)).toEqual([]);
    const calls = await page.evaluate(
      () => (window as unknown as { __shapeCalls: { call: string; text?: string }[] }).__shapeCalls,
    );
    const created = calls.filter((c) => c.call === 'createShape');
    expect(created).toHaveLength(count);
    expect(created.every((c) => c.text === undefined)).toBe(true);

    // Closing the panel takes its lines off the page's chart (the background runs the clean-up,
    // as the panel that drew them is gone with its frame).
    await storage(h); // opens an extension page to send from
    const ext = h.context.pages().find((p) => p.url().includes('/options/'))!;
    const tabUrl = page.url();
    const answer = await ext.evaluate(async (url) => {
      const api = (
        globalThis as unknown as {
          chrome: {
            tabs: {
              query(q: object): Promise<{ id: number; url?: string }[]>;
              sendMessage(id: number, m: unknown, o: object): Promise<unknown>;
            };
          };
        }
      ).chrome.tabs;
      const tab = (await api.query({})).find((t) => t.url === url);
      return tab ? api.sendMessage(tab.id, { type: 'set-panel', open: false }, { frameId: 0 }) : null;
    }, tabUrl);
    expect(answer).toEqual({ open: false });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __shapes(): unknown[] }).__shapes().length), {
        timeout: 10_000,
      })
      .toBe(0);
    expect(await seenByPage(page)).toEqual([]);
    await page.close();
    // Closed is remembered for chart pages: the next tests open it again.
    await setStorage(h, { layout: { ...((await storage(h)).layout as object), open: true } });
  });

  it('on Binance (no chart API) sees nothing at all, and the footer says the API is not there', async () => {
    const page = await hostilePage();
    await page.goto('https://www.binance.com/en/trade/ETH_USDT?type=spot');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('[data-testid=plan-status]').textContent(), { timeout: 15_000 })
      .toContain('page chart API not found');
    await page.waitForTimeout(1000);
    expect(await frame.locator('[data-testid=plan-status]').textContent()).not.toContain('987654');
    expect(await seenByPage(page)).toEqual([]);
    await page.close();
  });

  it('cannot find the extension by its fixed address, while the panel still loads', async () => {
    const page = await hostilePage();
    await page.goto('https://www.binance.com/en/trade/ETH_USDT?type=spot');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:ETHUSDT');
    const probe = await page.evaluate(async (id) => {
      try {
        const answer = await fetch(`chrome-extension://${id}/panel/index.html`);
        return `answered ${answer.status}`;
      } catch (error) {
        return `refused: ${(error as Error).name}`;
      }
    }, h.extensionId);
    expect(probe).toBe('refused: TypeError');
    await page.close();
  });

  it('cannot make the extension ask Yahoo for another path with a symbol of dots', async () => {
    const calls = await installYahoo(h.context, 'SPY', loadBars('spy_daily_1999-2020.csv'));
    const page = await hostilePage();
    await page.goto('https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3A..&interval=1D');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.hint').allTextContents(), { timeout: 15_000 })
      .toContainEqual(expect.stringContaining('No symbol found'));
    await page.waitForTimeout(500);
    expect(calls).toEqual([]);
    await page.close();
  });
});
