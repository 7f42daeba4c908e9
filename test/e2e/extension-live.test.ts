import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { computeOverlay, parsePlan } from '../../engine/index.js';
import {
  BinanceSim,
  launch,
  openForm,
  loadBars,
  panelFrame,
  setStorage,
  shot,
  stopServiceWorker,
  storage,
  tablePrice,
  type Harness,
} from './extension-harness.js';
import { expectedOverlay, findScenario, PLAN_BASE, type Scenario } from './extension-scenario.js';

/**
 * The built extension on the TradingView fixture page (served on its real URL with a strict
 * CSP), fed from real Binance BTCUSDT/ETHUSDT 5m bars through mocked REST klines and the
 * kline WebSocket. Every expected price is the engine's own, computed here in Node from the
 * same bars. One browser for the whole file; the steps build on each other in order.
 */
const TV_URL = 'https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3ABTCUSDT&interval=5';
const REL = 1e-9;

let h: Harness;
let page: Page;
let frame: Frame;
let scenario: Scenario;
let btc: BinanceSim;
let eth: BinanceSim;
const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv');

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * REL);
};

async function alertLog(): Promise<{ key: string; title: string }[]> {
  const log = (await storage(h))['alerts:log'];
  return Array.isArray(log) ? (log as { key: string; title: string }[]) : [];
}

async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  scenario = findScenario();
  h = await launch();
  btc = new BinanceSim('BTCUSDT', '5m', scenario.history);
  // ETH over the same five minutes' history window, for the symbol switch.
  const ethEnd = ethBars.findIndex((b) => b.time > scenario.history[scenario.history.length - 1].time);
  eth = new BinanceSim('ETHUSDT', '5m', ethBars.slice(ethEnd - 300, ethEnd));
  await BinanceSim.install(h.context, [btc, eth]);
  await setStorage(h, {
    'plan:BINANCE:BTCUSDT': {
      v: 2,
      symbol: 'BINANCE:BTCUSDT',
      text: scenario.plan,
      updatedAt: 1_700_000_000_000,
    },
  });
  page = await h.context.newPage();
});

afterAll(async () => {
  await h?.close();
});

describe('extension on the TradingView fixture', () => {
  it('shows the panel with the saved plan at the engine prices and mirrors them as native lines', async () => {
    await page.goto(TV_URL);
    frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:BTCUSDT');
    // Oracle: the engine run in Node over the same 300 history bars (the entry bar is the last one).
    const expected = computeOverlay(scenario.history, parsePlan(scenario.plan)).levels;
    close(await tablePrice(frame, 'entry'), expected.entry);
    close(await tablePrice(frame, 'stop'), expected.initialStop);
    for (const leg of expected.legs) close(await tablePrice(frame, leg.id), leg.price);
    // The main-world mirror drew one native horizontal line per level through createShape.
    const shapes = await waitFor(
      () =>
        page.evaluate(() =>
          (window as unknown as { __shapes(): { price: number; text: string }[] }).__shapes(),
        ),
      (s) => s.length === 2 + expected.legs.length,
      'createShape calls',
    );
    const prices = shapes.map((s) => s.price).sort((a, b) => a - b);
    const want = [expected.entry, expected.initialStop, ...expected.legs.map((l) => l.price)].sort(
      (a, b) => a - b,
    );
    prices.forEach((p, i) => close(p, want[i]));
    await page.waitForTimeout(400);
    await shot(page, 'tradingview-panel');
  });

  it('copies a Pine Script v6 indicator that draws the same levels', async () => {
    await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: 'https://www.tradingview.com',
    });
    await openForm(frame);
    await frame.locator('button', { hasText: 'Pine' }).click();
    await expect
      .poll(() => frame.locator('.notice').allTextContents())
      .toContainEqual(expect.stringContaining('Pine Script v6 copied'));
    const pine = await page.evaluate(() => navigator.clipboard.readText());
    expect(pine.startsWith('//@version=6')).toBe(true);
    const expected = computeOverlay(scenario.history, parsePlan(scenario.plan)).levels;
    const hlines = [...pine.matchAll(/^hline\(([^,]+),/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const want = [expected.entry, expected.initialStop, ...expected.legs.map((l) => l.price)].sort(
      (a, b) => a - b,
    );
    expect(hlines).toEqual(want);
    await frame.locator('button.edit-toggle').click(); // fold it again
  });

  it('moves the trail on live ticks and alerts exactly once when a level is crossed', async () => {
    await waitFor(
      async () => btc.connected,
      (n) => n > 0,
      'the kline WebSocket',
    );
    // Live bars up to and including the one where the engine's trail first rises.
    for (const bar of scenario.live.slice(0, scenario.trailMovedAt + 1)) btc.send(bar);
    const afterTrail = expectedOverlay(scenario, scenario.trailMovedAt + 1).state.stop;
    await waitFor(
      () => tablePrice(frame, 'trail').catch(() => NaN),
      (p) => Math.abs(p - afterTrail) <= afterTrail * REL,
      'the trailing stop row',
    );
    expect(afterTrail).toBeGreaterThan(expectedOverlay(scenario, 0).state.stop);
    // The mirrored stop line follows the trail (the old one removed, a new one created).
    await waitFor(
      () =>
        page.evaluate(() =>
          (window as unknown as { __shapes(): { price: number }[] }).__shapes().map((s) => s.price),
        ),
      (prices) => prices.some((p) => Math.abs(p - afterTrail) <= afterTrail * REL),
      'the mirrored trail line',
    );

    expect(await alertLog()).toEqual([]);
    for (const bar of scenario.live.slice(scenario.trailMovedAt + 1, scenario.crossAt + 1)) btc.send(bar);
    // Oracle: the fills the engine records on the crossing bar (here the trailing stop).
    const fills = expectedOverlay(scenario, scenario.crossAt + 1).state.fills;
    expect(fills.length).toBeGreaterThan(0);
    const log = await waitFor(alertLog, (l) => l.length >= fills.length, 'the alert');
    expect(log).toHaveLength(fills.length);
    expect(log[0].key).toContain(`|fill|${fills[0].leg}|${fills[0].reason}|${fills[0].time}`);
    // A desktop notification went out for it.
    const ids = await frame.evaluate(() =>
      (
        globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
      ).chrome.notifications.getAll(),
    );
    expect(Object.keys(ids)).toContain(`exitplan:${log[0].key}`);
    // The same crossing again (the forming bar re-sent, then the next bar): no second alert.
    btc.send(scenario.live[scenario.crossAt], false);
    btc.send(scenario.live[scenario.crossAt + 1]);
    await page.waitForTimeout(1500);
    expect(await alertLog()).toHaveLength(fills.length);
    await shot(page, 'tradingview-after-cross');
  });

  it('keeps plans and alert state across a stopped service worker and a page reload', async () => {
    await stopServiceWorker(page);
    // The panel's next alert message wakes a fresh worker with no memory: it must find the
    // crossing already claimed in storage and refuse it, and still accept a new one.
    const send = (key: string) =>
      frame.evaluate(
        (k) =>
          (
            globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
          ).chrome.runtime.sendMessage({
            type: 'alert',
            alert: { key: k, title: 'exitplan test', message: 'dedupe check' },
          }),
        key,
      );
    const [first] = await alertLog();
    expect(await send(first.key)).toEqual({ fired: false });
    expect(await send(`${first.key}|another-crossing`)).toEqual({ fired: true });
    expect(await send(`${first.key}|another-crossing`)).toEqual({ fired: false });
    await page.reload();
    frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('.panel').getAttribute('data-plan-saved'), { timeout: 15_000 })
      .toBe('yes');
    const expected = computeOverlay(scenario.history, parsePlan(scenario.plan)).levels;
    close(await tablePrice(frame, 'entry'), expected.entry);
    close(await tablePrice(frame, 'T1'), expected.legs[0].price);
    const before = (await alertLog()).length;
    await waitFor(
      async () => btc.connected,
      (n) => n > 0,
      'the kline WebSocket after reload',
    );
    btc.send(scenario.live[scenario.crossAt + 1]);
    await page.waitForTimeout(1500);
    // The restarted worker found the dedupe record in storage: still one alert for the crossing.
    expect(await alertLog()).toHaveLength(before);
  });

  it('switches to the new symbol and its plan when the page changes symbol without a reload', async () => {
    const last = eth.released[eth.released.length - 1];
    const ethPlan = { ...PLAN_BASE, entry: last.close, at: last.time, ladder: '1R:50,2R:50' };
    await setStorage(h, {
      'plan:BINANCE:ETHUSDT': {
        v: 2,
        symbol: 'BINANCE:ETHUSDT',
        text: ethPlan,
        updatedAt: 1_700_000_000_001,
      },
    });
    await page.evaluate(() =>
      (window as unknown as { __switchSymbol(s: string, i: string): void }).__switchSymbol(
        'BINANCE:ETHUSDT',
        '5',
      ),
    );
    await expect
      .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:ETHUSDT');
    const expected = computeOverlay(eth.released, parsePlan(ethPlan)).levels;
    await waitFor(
      () => tablePrice(frame, 'entry').catch(() => NaN),
      (p) => Math.abs(p - expected.entry) <= expected.entry * REL,
      'the ETH entry',
    );
    close(await tablePrice(frame, 'stop'), expected.initialStop);
    close(await tablePrice(frame, 'T2'), expected.legs[1].price);
    expect(await frame.locator('tr[data-level=T3]').count()).toBe(0);
    const shapes = () =>
      page.evaluate(() =>
        (window as unknown as { __shapes(): { price: number }[] }).__shapes().map((s) => s.price),
      );
    await waitFor(
      shapes,
      (p) =>
        p.length === 4 && p.some((x) => Math.abs(x - expected.legs[1].price) <= expected.legs[1].price * REL),
      'the ETH lines',
    );
    await shot(page, 'tradingview-switched-eth');
    // Deleting the plan removes its native lines from the page's chart (removeEntity).
    await openForm(frame);
    await frame.locator('button[name=delete]').click();
    await waitFor(shapes, (p) => p.length === 0, 'the lines to be removed');
    const calls = await page.evaluate(() =>
      (window as unknown as { __shapeCalls: { call: string }[] }).__shapeCalls.map((c) => c.call),
    );
    expect(calls.filter((c) => c === 'removeEntity').length).toBeGreaterThanOrEqual(4);
    expect((await storage(h))['plan:BINANCE:ETHUSDT']).toBeUndefined();
  });

  it('shows offline, backfills the gap from REST and goes live again when the stream drops', async () => {
    const restBefore = eth.restCalls.length;
    eth.dropConnections();
    await expect
      .poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state'), { timeout: 10_000 })
      .toBe('offline');
    // While disconnected, two bars happen; the reconnect asks REST for everything from the last known bar.
    const next = ethBars.findIndex((b) => b.time > eth.released[eth.released.length - 1].time);
    eth.released.push(ethBars[next], ethBars[next + 1]);
    await waitFor(
      async () => eth.connected,
      (n) => n > 0,
      'the reconnected stream',
      20_000,
    );
    // The history request goes out with the socket, not after it opens (engine/feeds), so it
    // may land a moment after the socket is seen.
    await expect
      .poll(() => eth.restCalls.slice(restBefore).some((q) => q.includes('startTime=')), { timeout: 10_000 })
      .toBe(true);
    eth.send(ethBars[next + 2]);
    await expect
      .poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state'), { timeout: 10_000 })
      .toBe('live');
    // A malformed message is skipped with a notice; the chart keeps going.
    eth.sendRaw('{"e":"kline","k":{"t":"soon","o":"x"}}');
    await expect
      .poll(() => frame.locator('.notice').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('malformed'));
    eth.send(ethBars[next + 3]);
    await expect.poll(() => frame.locator('[data-feed-state]').getAttribute('data-feed-state')).toBe('live');
  });

  // Last in the file: in this harness a reloaded command-line extension does not come back.
  it('steps down when an extension update orphans the content script', async () => {
    expect(await page.locator('exitplan-panel').count()).toBe(1);
    // chrome.runtime.reload() is what an update does to a running extension (sent from an extension page).
    const ext = await h.context.newPage();
    await ext.goto(`chrome-extension://${h.extensionId}/popup/index.html`);
    await ext
      .evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(),
      )
      .catch(() => undefined);
    // The orphaned content script notices (runtime.id is gone) and removes its panel instead of leaving a dead one.
    await expect.poll(() => page.locator('exitplan-panel').count(), { timeout: 10_000 }).toBe(0);
  });
});
