import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { loadModelFile, parsePlan, ReversalSession, type PlanText } from '../../engine/index.js';
import {
  BinanceSim,
  launch,
  loadBars,
  panelFrame,
  setStorage,
  shot,
  storage,
  type Harness,
} from './extension-harness.js';
import { PLAN_BASE } from './extension-scenario.js';

/**
 * The reversal model in the extension's panel, on the TradingView fixture fed from real Binance
 * BTCUSDT 5m bars (mocked REST klines): Train in the panel, the model stored per market and
 * timeframe, and after a reload the stored model drawn again without a training run. The
 * expected probability is ReversalSession's in Node on the same closed bars.
 */
const TV_URL = 'https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3ABTCUSDT&interval=5';
const KEY = 'reversal-model:v1:binance-spot:BTCUSDT@5m';
// One Binance page of history (the panel asks for 1000); the last bar is the forming one.
const history = loadBars('btcusdt_binance_5m_2020-12_2021-07.csv').slice(29_000, 30_000);
const closed = history.slice(0, -1);
const last = history[history.length - 1];
const plan: PlanText = { ...PLAN_BASE, entry: last.close, at: last.time };

let h: Harness;
let page: Page;
let frame: Frame;

const rev = (attr: string) => frame.locator('.ep-rev').getAttribute(attr);

async function open(): Promise<void> {
  frame = await panelFrame(page);
  await expect
    .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 15_000 })
    .toBe('BINANCE:BTCUSDT');
}

beforeAll(async () => {
  h = await launch();
  await BinanceSim.install(h.context, [new BinanceSim('BTCUSDT', '5m', history)]);
  await setStorage(h, {
    'plan:BINANCE:BTCUSDT': { v: 2, symbol: 'BINANCE:BTCUSDT', text: plan, updatedAt: 1_700_000_000_000 },
  });
  page = await h.context.newPage();
});

afterAll(async () => {
  await h?.close();
});

describe('reversal model in the panel', () => {
  let expectedP = NaN;

  it('trains on the panel chart, draws the probability and stores the model', async () => {
    await page.goto(TV_URL);
    await open();
    await expect.poll(() => rev('data-status'), { timeout: 15_000 }).toBe('idle');
    expect(await frame.locator('.ep-rev').textContent()).toContain(
      `no model yet · ${closed.length} closed bars`,
    );
    await frame.locator('.ep-rev [data-action=train]').click();
    await expect.poll(() => rev('data-status'), { timeout: 90_000 }).toBe('ready');

    // Oracle: the same session in Node on the same closed bars (deterministic for its seed).
    const node = await new ReversalSession().train(closed, { side: 'long' }, undefined, parsePlan(plan));
    expectedP = node.p[node.p.length - 1];
    expect(Number(await rev('data-p'))).toBe(expectedP);
    expect(Number(await rev('data-points'))).toBe(Array.from(node.p).filter(Number.isFinite).length);

    const stored = (await storage(h))[KEY] as { v: number; model: string; market: string; timeframe: string };
    expect(stored).toMatchObject({ v: 1, market: 'binance-spot:BTCUSDT', timeframe: '5m' });
    const file = loadModelFile(stored.model).file;
    expect(file.data.bars).toBe(closed.length);
    expect(file.data.lastTime).toBe(closed[closed.length - 1].time);
    await page.waitForTimeout(300);
    await shot(page, 'panel-reversal');
  });

  it('brings the stored model back after a reload without training again', async () => {
    const before = (await storage(h))[KEY] as { savedAt: number; model: string };
    await page.reload();
    await open();
    await expect.poll(() => rev('data-status'), { timeout: 15_000 }).toBe('ready');
    expect(Number(await rev('data-p'))).toBe(expectedP);
    expect(await frame.locator('.ep-rev [data-action=train]').textContent()).toBe('Retrain');
    // A training run stores its model; the record is the one saved before the reload.
    const after = (await storage(h))[KEY] as { savedAt: number; model: string };
    expect(after.savedAt).toBe(before.savedAt);
    expect(after.model).toBe(before.model);
  });
});
