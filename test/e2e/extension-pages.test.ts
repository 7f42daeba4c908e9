import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { computeOverlay, parsePlan } from '../../engine/index.js';
import {
  BinanceSim,
  installYahoo,
  launch,
  openForm,
  loadBars,
  panelFrame,
  popupFor,
  setStorage,
  shot,
  storage,
  tablePrice,
  type Harness,
} from './extension-harness.js';

/**
 * The Binance spot and futures fixture pages, a TradingView page on a stock (Yahoo feed), the
 * stored-data paths (a schema-1 plan migrating, a corrupt plan kept aside), the panel's
 * toggle and remembered position, manual mode, and the popup and options pages.
 */
const REL = 1e-9;
let h: Harness;
let page: Page;
const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv').slice(40_000, 40_300);
const perpBars = loadBars('btcperp_1m_2021-12-31_2022-02-01.csv').slice(0, 400);
const spyBars = loadBars('spy_daily_1999-2020.csv');

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * REL);
};

beforeAll(async () => {
  h = await launch();
  await BinanceSim.install(h.context, [
    new BinanceSim('ETHUSDT', '5m', ethBars),
    new BinanceSim('BTCUSDT', '1m', perpBars, 'fapi'),
  ]);
  await installYahoo(h.context, 'SPY', spyBars);
  page = await h.context.newPage();
});

afterAll(async () => {
  await h?.close();
});

describe('extension storage, Binance pages, popup and options', () => {
  it('migrates a schema-1 plan (flat string in one object) and keeps an unreadable one aside', async () => {
    const v1Entry = ethBars[ethBars.length - 1].close;
    const v1 = {
      'BINANCE:ETHUSDT': `long|${v1Entry}|atr14x1.5|1R:25,2R:75|atr14x2.5`,
      'BINANCE:BNBUSDT': 'long|oops',
    };
    await setStorage(h, { plans: v1 }, true); // no schemaVersion key: that is what schema 1 looked like
    await page.goto('https://www.binance.com/en/trade/ETH_USDT?type=spot');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.panel').getAttribute('data-plan-saved'), { timeout: 15_000 })
      .toBe('yes');
    // Oracle: the engine on the same bars with the plan the v1 string spells out (no entry time: the last bar).
    const expected = computeOverlay(
      ethBars,
      parsePlan({
        side: 'long',
        entry: v1Entry,
        stop: 'atr14x1.5',
        ladder: '1R:25,2R:75',
        trail: 'atr14x2.5',
      }),
    ).levels;
    close(await tablePrice(frame, 'stop'), expected.initialStop);
    close(await tablePrice(frame, 'T2'), expected.legs[1].price);
    const stored = await storage(h);
    expect(stored.schemaVersion).toBe(2);
    expect(stored.plans).toBeUndefined();
    expect(stored['backup:v1-plans']).toEqual(v1);
    expect(stored['plan:BINANCE:ETHUSDT']).toMatchObject({
      v: 2,
      symbol: 'BINANCE:ETHUSDT',
      text: { side: 'long', stop: 'atr14x1.5', ladder: '1R:25,2R:75' },
    });
    const aside = Object.entries(stored).filter(([k]) => k.startsWith('corrupt:BINANCE:BNBUSDT:'));
    expect(aside).toHaveLength(1);
    expect(aside[0][1]).toMatchObject({ raw: 'long|oops' });
    await expect
      .poll(() => frame.locator('.notice').allTextContents())
      .toContainEqual(expect.stringContaining('BINANCE:BNBUSDT'));
    // No chart API on Binance's page: the mirror says so and draws nothing.
    await expect
      .poll(() => frame.locator('tfoot').textContent(), { timeout: 10_000 })
      .toContain('page chart API not found');
    await page.waitForTimeout(300);
    await shot(page, 'binance-spot-panel');
  });

  it('follows a pair switch on Binance (pushState, no reload)', async () => {
    const frame = await panelFrame(page);
    await page.evaluate(() =>
      (window as unknown as { __switchPair(b: string, q: string): void }).__switchPair('SOL', 'USDT'),
    );
    await expect
      .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 10_000 })
      .toBe('BINANCE:SOLUSDT');
    // SOLUSDT is not in the mocked exchange: Binance answers -1121 and the panel says so.
    await expect
      .poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state'), { timeout: 10_000 })
      .toBe('failed');
    expect(await frame.locator('[data-feed-state]').getAttribute('title')).toContain('does not list SOLUSDT');
    expect(await frame.locator('.feed-failed').textContent()).toContain('Manual mode');
  });

  it('backs off when Binance rate-limits, and says for how long', async () => {
    // Routes added later match first: XRPUSDT answers 429 with Retry-After, as Binance does.
    await h.context.route(/api\.binance\.com\/api\/v3\/klines\?symbol=XRPUSDT/, (route) =>
      route.fulfill({
        status: 429,
        headers: { 'retry-after': '7', 'access-control-allow-origin': '*' },
        contentType: 'application/json',
        body: '{"code":-1003,"msg":"Too many requests"}',
      }),
    );
    const frame = await panelFrame(page);
    await page.evaluate(() =>
      (window as unknown as { __switchPair(b: string, q: string): void }).__switchPair('XRP', 'USDT'),
    );
    await expect
      .poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state'), { timeout: 10_000 })
      .toBe('rate-limited');
    expect(await frame.locator('[data-feed-state]').getAttribute('title')).toBe('HTTP 429; waiting 7 s');
  });

  it('sets a corrupt plan aside with a message, then saves a new one beside it', async () => {
    const corrupt = {
      v: 2,
      symbol: 'BINANCE:BTCUSDT.P',
      text: { side: 'long', entry: 'abc', stop: '1%' },
      updatedAt: 5,
    };
    await setStorage(h, { 'plan:BINANCE:BTCUSDT.P': corrupt });
    await page.goto('https://www.binance.com/en/futures/BTCUSDT');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.notice').allTextContents(), { timeout: 15_000 })
      .toContainEqual(expect.stringContaining('could not be read'));
    let stored = await storage(h);
    expect(stored['plan:BINANCE:BTCUSDT.P']).toBeUndefined();
    const aside = Object.entries(stored).filter(([k]) => k.startsWith('corrupt:BINANCE:BTCUSDT.P:'));
    expect(aside).toHaveLength(1);
    expect(aside[0][1]).toMatchObject({ raw: corrupt });
    // The draft starts at the last perpetual close (USDⓈ-M futures feed); the trader saves it.
    await expect
      .poll(() => frame.locator('input[name=entry]').inputValue(), { timeout: 15_000 })
      .toBe(String(perpBars[perpBars.length - 1].close));
    await frame.locator('input[name=stop]').fill('0.5%');
    await frame.locator('input[name=ladder]').fill('1R:50,2R:50');
    await frame.locator('button[name=save]').click();
    await expect.poll(() => frame.locator('.panel').getAttribute('data-plan-saved')).toBe('yes');
    stored = await storage(h);
    expect(stored['plan:BINANCE:BTCUSDT.P']).toMatchObject({
      text: { stop: '0.5%', ladder: '1R:50,2R:50', at: perpBars[perpBars.length - 1].time },
    });
    expect(Object.keys(stored).filter((k) => k.startsWith('corrupt:BINANCE:BTCUSDT.P:'))).toHaveLength(1);
    // Oracle: 0.5% below the last close (hand: entry * 0.995), 1R and 2R from there.
    const entry = perpBars[perpBars.length - 1].close;
    await expect.poll(() => tablePrice(frame, 'stop')).toBeCloseTo(entry * 0.995, 6);
    close(await tablePrice(frame, 'stop'), entry * 0.995);
    close(await tablePrice(frame, 'T1'), entry + entry * 0.005);
    await shot(page, 'binance-futures-panel');
  });

  it('says so when storage is full and keeps the saved plan', async () => {
    const frame = await panelFrame(page);
    const ext = h.context.pages().find((p) => p.url().includes('/options/'))!;
    // chrome.storage.local holds 10 MiB without unlimitedStorage: fill it until less than 16 bytes are left.
    await ext.evaluate(async () => {
      const area = (
        globalThis as unknown as {
          chrome: { storage: { local: { set(i: object): Promise<void>; get(k: null): Promise<object> } } };
        }
      ).chrome.storage.local;
      // JSON of everything stored is a little more than Chrome counts, so start a bit above it.
      const used = JSON.stringify(await area.get(null)).length;
      for (let n = 10_485_760 - used + 256; n > 0; n -= 16) {
        try {
          await area.set({ filler: 'x'.repeat(n) });
          return;
        } catch {
          // over quota: a little less
        }
      }
    });
    await openForm(frame);
    await frame.locator('input[name=ladder]').fill('1R:20,2R:20,3R:20,4R:20,5R:20');
    await frame.locator('button[name=save]').click();
    await expect
      .poll(() => frame.locator('.notice').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Storage is full'));
    expect((await storage(h))['plan:BINANCE:BTCUSDT.P']).toMatchObject({ text: { ladder: '1R:50,2R:50' } });
    await ext.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { remove(k: string): Promise<void> } } } }
      ).chrome.storage.local.remove('filler'),
    );
    // With room again the same save goes through and the notice clears.
    await frame.locator('button[name=save]').click();
    await expect
      .poll(
        async () =>
          ((await storage(h))['plan:BINANCE:BTCUSDT.P'] as { text: { ladder: string } }).text.ladder,
      )
      .toBe('1R:20,2R:20,3R:20,4R:20,5R:20');
    expect(await frame.locator('.notice').allTextContents()).not.toContainEqual(
      expect.stringContaining('Storage is full'),
    );
    // Saved: the form folded away; unfold it for the next edit.
    await expect.poll(() => frame.locator('button.edit-toggle').getAttribute('aria-expanded')).toBe('false');
    await openForm(frame);
    await frame.locator('input[name=ladder]').fill('1R:50,2R:50');
    await frame.locator('button[name=save]').click();
    await expect
      .poll(
        async () =>
          ((await storage(h))['plan:BINANCE:BTCUSDT.P'] as { text: { ladder: string } }).text.ladder,
      )
      .toBe('1R:50,2R:50');
  });

  it('rejects a bad plan field with the engine message and keeps the saved plan', async () => {
    const frame = await panelFrame(page);
    await openForm(frame);
    await frame.locator('input[name=ladder]').fill('1R:50,2R:80');
    await frame.locator('button[name=save]').click();
    await expect.poll(() => frame.locator('.form-error').getAttribute('data-field')).toBe('ladder');
    expect((await storage(h))['plan:BINANCE:BTCUSDT.P']).toMatchObject({ text: { ladder: '1R:50,2R:50' } });
  });

  it('toggles the panel from the extension, and remembers where it was dragged', async () => {
    const frame = await panelFrame(page);
    // Resize by the corner grip: the panel, and the chart inside it, grow.
    const chartBefore = await frame.locator('.chart').evaluate((el) => el.getBoundingClientRect().height);
    const dragged = (await (await frame.frameElement()).boundingBox())!;
    await page.mouse.move(dragged.x + dragged.width - 4, dragged.y + dragged.height - 4);
    await page.mouse.down();
    await page.mouse.move(dragged.x + dragged.width + 40, dragged.y + dragged.height + 100, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => ((await storage(h)).layout as { height: number }).height)
      .toBeGreaterThanOrEqual(760); // 660 + the 100 px the grip moved
    await expect
      .poll(() => frame.locator('.chart').evaluate((el) => el.getBoundingClientRect().height), {
        timeout: 10_000,
      })
      .toBeGreaterThan(chartBefore + 20);
    const box = (await (await frame.frameElement()).boundingBox())!;
    // Drag by the panel's title bar (28 px above the iframe).
    await page.mouse.move(box.x + 120, box.y - 14);
    await page.mouse.down();
    await page.mouse.move(box.x - 300, box.y + 60, { steps: 5 });
    await page.mouse.up();
    // The frame moved by the mouse's 420 px (give or take the pixel the border rounding costs).
    await expect
      .poll(async () =>
        Math.abs((((await storage(h)).layout as { x?: number } | undefined)?.x ?? 0) - (box.x - 1 - 420)),
      )
      .toBeLessThanOrEqual(1);
    const layout = (await storage(h)).layout as { x: number; y: number };
    // Closing goes through the same message the toolbar popup and the shortcut send.
    const ext = h.context.pages().find((p) => p.url().includes('/options/'))!;
    const toggle = (open: boolean) =>
      ext.evaluate(async (wanted) => {
        const api = (
          globalThis as unknown as {
            chrome: {
              tabs: {
                query(q: object): Promise<{ id: number }[]>;
                sendMessage(id: number, m: unknown, o: object): Promise<unknown>;
              };
            };
          }
        ).chrome.tabs;
        for (const tab of await api.query({})) {
          const answer = await api
            .sendMessage(tab.id, { type: 'set-panel', open: wanted }, { frameId: 0 })
            .catch(() => null);
          if (answer) return answer;
        }
        return null;
      }, open);
    expect(await toggle(false)).toEqual({ open: false });
    await expect.poll(() => page.locator('exitplan-panel').count()).toBe(0);
    expect(await toggle(true)).toEqual({ open: true });
    await page.reload();
    const again = await panelFrame(page);
    const moved = (await (await again.frameElement()).boundingBox())!;
    expect(Math.abs(moved.x - (layout.x + 1))).toBeLessThanOrEqual(1); // + the frame's 1 px border
    expect(Math.abs(moved.y - (layout.y + 1 + 28))).toBeLessThanOrEqual(1); // + the 28 px title bar
  });

  it('works in manual mode with no feed: entry, stop and ATR typed in give the ladder', async () => {
    const frame = await panelFrame(page);
    await frame.locator('button.toggle').click();
    await frame.locator('input[name=m-entry]').fill('100');
    await frame.locator('input[name=m-atr]').fill('2.5');
    await frame.locator('input[name=m-stop]').fill('atr14x2');
    await frame.locator('input[name=m-ladder]').fill('1R:25,atr3:25,2R:50');
    // Hand computation: stop = 100 - 2 x 2.5 = 95, so 1R = 5; T1 = 105, T2 = 100 + 3 x 2.5 = 107.5, T3 = 110.
    await expect.poll(() => tablePrice(frame, 'stop')).toBe(95);
    expect(await tablePrice(frame, 'T1')).toBe(105);
    expect(await tablePrice(frame, 'T2')).toBe(107.5);
    expect(await tablePrice(frame, 'T3')).toBe(110);
    await frame.locator('input[name=m-stop]').fill('101');
    await expect.poll(() => frame.locator('.form-error').textContent()).toContain('wrong side');
    await frame.locator('input[name=m-stop]').fill('atr14x2');
    await expect.poll(() => tablePrice(frame, 'stop')).toBe(95);
    expect(await frame.locator('[data-testid=manual]').count()).toBe(1);
    await shot(page, 'manual-mode');
    await frame.locator('button.toggle').click();
    await expect.poll(() => frame.locator('[data-testid=manual]').count()).toBe(0);
  });

  it('picks Yahoo Finance for a stock on TradingView and starts the draft at the last close', async () => {
    await page.goto('https://www.tradingview.com/chart/?symbol=AMEX%3ASPY&interval=1D');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.market').textContent(), { timeout: 15_000 })
      .toBe('Yahoo Finance SPY');
    // ../shared/data/README.md: the SPY close on 2020-08-28 (the file's last bar) is 350.58.
    await expect
      .poll(() => frame.locator('input[name=entry]').inputValue(), { timeout: 15_000 })
      .toBe('350.58');
    await expect.poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state')).toBe('live');
    // The draft's levels come from the engine over the SPY history the mock served (its last 300 bars).
    const draft = {
      side: 'long',
      entry: 350.58,
      stop: 'atr14x1.5',
      ladder: '1R:25,2R:25,3R:50',
      trail: 'atr14x2.5@1',
      breakeven: '1',
      exhaustion: 'rsi14>70<30,bb20x2,take25',
    };
    const expected = computeOverlay(spyBars.slice(-300), parsePlan(draft)).levels;
    await expect
      .poll(() => tablePrice(frame, 'stop'), { timeout: 15_000 })
      .toBeCloseTo(expected.initialStop, 6);
    close(await tablePrice(frame, 'T3'), expected.legs[2].price);
    await page.waitForTimeout(300);
    await shot(page, 'tradingview-spy-draft');
  });

  it('opens and closes the panel from the toolbar popup, and says where it cannot run', async () => {
    await page.goto('https://www.binance.com/en/trade/ETH_USDT?type=spot');
    await panelFrame(page);
    // The popup acts on the active tab: load it, bring the chart tab to the front, reload the popup there.
    let popup = await popupFor(h, page);
    await expect.poll(() => popup.locator('button[name=toggle]').textContent()).toBe('Close panel');
    await popup.locator('button[name=toggle]').click();
    await expect.poll(() => page.locator('exitplan-panel').count()).toBe(0);
    await popup.close().catch(() => undefined);
    popup = await popupFor(h, page);
    await expect.poll(() => popup.locator('button[name=toggle]').textContent()).toBe('Open panel');
    await popup.locator('button[name=toggle]').click();
    await panelFrame(page);
    await popup.close().catch(() => undefined);
    // A page the extension has no access to (no content script, no activeTab grant without a real click): a clear message.
    await h.context.route('https://blog.example.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>A post</title><p>Hello</p>' }),
    );
    const other = await h.context.newPage();
    await other.goto('https://blog.example.com/post');
    popup = await popupFor(h, other);
    await popup.locator('button[name=toggle]').click();
    await expect.poll(() => popup.locator('.message').textContent()).toContain('cannot run on this page');
    await other.close();
    await popup.close();
  });

  it('lists saved and kept-aside plans in the popup, and saves options', async () => {
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`chrome-extension://${h.extensionId}/popup/index.html`);
    await expect
      .poll(() =>
        popup
          .locator('.plans li[data-symbol]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol'))),
      )
      .toEqual(['BINANCE:BTCUSDT.P', 'BINANCE:ETHUSDT']);
    expect(await popup.locator('li[data-corrupt]').count()).toBe(2);
    await shot(popup, 'popup');

    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options/index.html`);
    await options.locator('input[name=defaultLadder]').fill('1R:40,3R:60');
    await options.locator('input[name=alertSound]').check();
    await options.locator('button[type=submit]').click();
    await expect.poll(() => options.locator('.status').textContent()).toContain('Saved');
    expect((await storage(h)).settings).toMatchObject({ defaultLadder: '1R:40,3R:60', alertSound: true });
    await options.locator('input[name=defaultTrail]').fill('atr14y2');
    await options.locator('button[type=submit]').click();
    await expect.poll(() => options.locator('.status').textContent()).toContain('Not saved');
    expect((await storage(h)).settings).toMatchObject({ defaultTrail: 'atr14x2.5@1' });
    await shot(options, 'options');
  });

  it('follows the light theme from the options', async () => {
    const settings = (await storage(h)).settings as Record<string, unknown>;
    await setStorage(h, { settings: { ...settings, theme: 'light' } });
    await page.goto('https://www.binance.com/en/trade/ETH_USDT?type=spot');
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('html').getAttribute('data-theme'), { timeout: 10_000 })
      .toBe('light');
    await expect
      .poll(() => tablePrice(frame, 'entry').catch(() => NaN), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await shot(page, 'binance-spot-light');
  });
});
