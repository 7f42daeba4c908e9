import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../engine/index.js';
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

/**
 * The report, in the built extension on the TradingView fixture page: a saved long
 * (entry 31,877.5, stop 31,852) on the bar that is forming now, and live ticks of that bar
 * (mocked Binance kline WebSocket) that take the price through the stop to 31,768. The alert
 * must come at once, not when the next bar opens. The bar is real: BTCUSDT 5m at 2021-01-04
 * 14:45 UTC (open 31,924.68, low 31,768.34).
 */
const TV_URL = 'https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3ABTCUSDT&interval=5';

const all = loadBars('btcusdt_binance_5m_2020-12_2021-07.csv');
const at = all.findIndex((b) => b.time === 1609771500);
const real = all[at];
/** The bar as the stream knows it at first: its open only. */
const opened: Bar = { ...real, high: real.open, low: real.open, close: real.open, volume: 0 };
const tick = (bar: Bar, price: number): Bar => ({
  ...bar,
  high: Math.max(bar.high, price),
  low: Math.min(bar.low, price),
  close: price,
});

let h: Harness;
let btc: BinanceSim;

async function alertLog(): Promise<{ key: string; title: string }[]> {
  const log = (await storage(h))['alerts:log'];
  return Array.isArray(log) ? (log as { key: string; title: string }[]) : [];
}

beforeAll(async () => {
  h = await launch();
  btc = new BinanceSim('BTCUSDT', '5m', [...all.slice(at - 300, at), opened]);
  await BinanceSim.install(h.context, [btc]);
  await setStorage(h, {
    'plan:BINANCE:BTCUSDT': {
      v: 2,
      symbol: 'BINANCE:BTCUSDT',
      text: {
        side: 'long',
        entry: 31877.5,
        at: real.time,
        stop: '31852',
        ladder: '1R:50,2R:50',
        trail: 'none',
      },
      updatedAt: 1_700_000_000_000,
    },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('extension panel, live ticks inside the entry bar', () => {
  it('alerts the stop the moment a tick crosses it, and the panel shows the trade stopped', async () => {
    const page = await h.context.newPage();
    await page.goto(TV_URL);
    const frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 15_000 })
      .toBe('BINANCE:BTCUSDT');
    await expect.poll(() => btc.connected, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => frame.locator('body').textContent(), { timeout: 15_000 }).toContain('open');
    // A tick above the stop: nothing yet.
    let forming = tick(opened, 31870);
    btc.send(forming, false);
    await page.waitForTimeout(800);
    expect(await alertLog()).toEqual([]);
    // The tick of the report, still inside the same (unclosed) bar.
    forming = tick(forming, 31768);
    btc.send(forming, false);
    await expect.poll(async () => (await alertLog()).length, { timeout: 10_000 }).toBe(1);
    const [alert] = await alertLog();
    expect(alert.title).toBe('BINANCE:BTCUSDT: stop hit (intrabar)');
    // The key names the entry bar: the stop went on this bar, not the next.
    expect(alert.key).toContain(`|fill|stop|stop|${real.time}`);
    // Stop 31,852 against entry 31,877.5 is exactly -1R for the whole position.
    await expect.poll(() => frame.locator('body').textContent(), { timeout: 10_000 }).toContain('closed');
    expect(await frame.locator('body').textContent()).toContain('realised −1.00R');
    await shot(page, 'extension-live-intrabar-stop');
    // The same bar ticking on, then closing: no second alert for the same crossing.
    btc.send(tick(forming, 31800), false);
    btc.send(real, true);
    await page.waitForTimeout(1200);
    expect(await alertLog()).toHaveLength(1);
  });
});
