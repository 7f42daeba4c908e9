import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  computeOverlay,
  formatPrice,
  journal as J,
  parsePlan,
  REGIMES,
  regimesBatch,
} from '../../engine/index.js';
import {
  BinanceSim,
  launch,
  loadBars,
  openForm,
  panelFrame,
  setStorage,
  shot,
  stopServiceWorker,
  storage,
  type Harness,
} from './extension-harness.js';

/**
 * The panel's Journal tab in real Chromium on the Binance fixture page, fed 300 real ETHUSDT 5m
 * bars: today's saved plan becomes the journal's trade (storage migration), "Filled now" and a
 * typed fill are journaled with the market at the fill, a plan edit after entry is recorded
 * with its time, and all of it survives a stopped service worker (an extension update:
 * journal-storage.test.ts).
 * Every expected level and indicator is the engine's own, computed here in Node on the same bars.
 */
const ETH_URL = 'https://www.binance.com/en/trade/ETH_USDT?type=spot';
const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv').slice(40_000, 40_300);
const last = ethBars[ethBars.length - 1];
const savedText = { side: 'long', entry: last.close, stop: '2%', ladder: '1R:50,2R:50', exhaustion: 'none' };
const SAVED_AT = 1_700_000_000_000;
const TRADE_KEY = `journal:trade:plan:BINANCE:ETHUSDT:${SAVED_AT}`;
let h: Harness;
let page: Page;
let frame: Frame;

const trade = async (): Promise<J.JournalTrade> => (await storage(h))[TRADE_KEY] as J.JournalTrade;

async function openJournalTab(): Promise<void> {
  frame = await panelFrame(page);
  await expect
    .poll(() => frame.locator('.panel').getAttribute('data-plan-saved'), { timeout: 15_000 })
    .toBe('yes');
  await frame.getByTestId('tab-journal').click();
  await expect.poll(() => frame.locator('[data-testid=journal-legs] tr[data-leg]').count()).toBe(5);
}

beforeAll(async () => {
  h = await launch();
  await BinanceSim.install(h.context, [new BinanceSim('ETHUSDT', '5m', ethBars)]);
  // Storage as today's build leaves it: schema 2 and one saved plan, no journal yet.
  await setStorage(
    h,
    {
      schemaVersion: 2,
      'plan:BINANCE:ETHUSDT': { v: 2, symbol: 'BINANCE:ETHUSDT', text: savedText, updatedAt: SAVED_AT },
      // A taller panel than the default, so the screenshot shows the whole tab.
      layout: { x: -1, y: 20, width: 470, height: 960, collapsed: false, open: true },
    },
    true,
  );
  page = await h.context.newPage();
  await page.goto(ETH_URL);
});

afterAll(async () => {
  await h?.close();
});

describe('the panel Journal tab', () => {
  it("lists the saved plan's legs at the engine's levels, the plan migrated into the journal", async () => {
    await openJournalTab();
    const levels = computeOverlay(ethBars, parsePlan(savedText)).levels;
    const planned = async (leg: string): Promise<string | null> =>
      frame.locator(`tr[data-leg="${leg}"] td`).nth(1).textContent();
    expect(await planned('entry')).toBe(formatPrice(levels.entry));
    expect(await planned('T1')).toBe(formatPrice(levels.legs[0].price));
    expect(await planned('T2')).toBe(formatPrice(levels.legs[1].price));
    expect(await planned('stop')).toBe(formatPrice(levels.initialStop));
    expect(await frame.getByTestId('journal-status').textContent()).toContain('Not entered yet');
    // The journal's storage migration ran: the saved plan is a trade without fills.
    const stored = await storage(h);
    expect(stored['journal:schemaVersion']).toBe(1);
    expect((stored[TRADE_KEY] as J.JournalTrade).plan).toEqual(savedText);
    expect((stored[TRADE_KEY] as J.JournalTrade).fills).toEqual([]);
  });

  it('journals "Filled now" at the live price, edited before confirming, with the market at the fill', async () => {
    await frame.getByTestId('filled-now-entry').click();
    const form = frame.getByTestId('fill-form');
    // The live price is the last bar's close (no book feed in the panel yet); size the plan's 1.
    expect(await form.locator('input[name=fill-price]').inputValue()).toBe(String(last.close));
    expect(await form.locator('input[name=fill-size]').inputValue()).toBe('1');
    await form.locator('input[name=fill-price]').fill(String(last.close + 0.5));
    await form.locator('input[name=fill-size]').fill('2');
    await form.locator('input[name=fill-fee]').fill('0.74');
    await form.getByRole('button', { name: 'Confirm fill' }).click();
    await expect.poll(async () => (await trade()).fills.length).toBe(1);
    const [fill] = (await trade()).fills;
    expect(fill).toMatchObject({
      side: 'buy',
      price: last.close + 0.5,
      size: 2,
      fee: 0.74,
      leg: 'entry',
      source: 'panel',
    });
    // The market as the panel knew it: the forming (last) bar, ATR/RSI/regime of the bar before
    // it, as the engine computes them in Node from the same bars; no book: null; no reversal
    // model on the chart (too few bars to train, none stored): nothing recorded for it. The
    // panel's policy strip shows the regime of the newest bar (regimesBatch over the panel's
    // bars, the forming one included), and the fill records that one too.
    const regimes = regimesBatch(ethBars);
    const policyRegime = REGIMES[regimes[regimes.length - 1]];
    expect(await frame.locator('.ep-policy').getAttribute('data-regime')).toBe(policyRegime);
    const expected = J.marketAt(ethBars, fill.time, { bid: null, ask: null, reversal: null, policyRegime });
    expect(fill.market).toEqual(expected);
    expect(fill.market).toMatchObject({ bid: null, ask: null, mid: null });
    expect(Object.keys(fill.market!.indicators!)).toEqual(['atr14', 'rsi14']);
    expect(await frame.locator('tr[data-leg=entry] td').nth(2).textContent()).toContain('2 @');
    expect(await frame.getByTestId('journal-status').textContent()).toBe('Entered 2, open 2.');
  });

  it('takes a typed fill for any leg, naming a bad field and writing nothing until it reads', async () => {
    await frame.getByTestId('typed-fill').click();
    const form = frame.getByTestId('fill-form');
    await form.locator('select[name=fill-leg]').selectOption('T1');
    const t1Time = ethBars[ethBars.length - 2].time;
    await form.locator('input[name=fill-time]').fill(new Date(t1Time * 1000).toISOString());
    await form.locator('input[name=fill-price]').fill('abc');
    await form.locator('input[name=fill-size]').fill('1');
    await form.getByRole('button', { name: 'Confirm fill' }).click();
    expect(await form.locator('.field-error').textContent()).toBe(
      'price: "abc" is not a price; give a number above 0',
    );
    expect((await trade()).fills).toHaveLength(1);
    await form.locator('input[name=fill-price]').fill('2201.4');
    await form.getByRole('button', { name: 'Confirm fill' }).click();
    await expect.poll(async () => (await trade()).fills.length).toBe(2);
    expect((await trade()).fills[1]).toMatchObject({
      time: t1Time,
      side: 'sell',
      price: 2201.4,
      size: 1,
      leg: 'T1',
    });
    // A typed fill's bar is the bar its time falls in.
    expect((await trade()).fills[1].market?.bar?.time).toBe(t1Time);
  });

  it('records a plan edit after entry with the time it was saved', async () => {
    await frame.getByTestId('tab-plan').click();
    await openForm(frame);
    await frame.locator('input[name=stop]').fill('3%');
    await frame.locator('button[name=save]').click();
    await expect.poll(async () => (await trade()).edits.length, { timeout: 15_000 }).toBe(1);
    const saved = (await storage(h))['plan:BINANCE:ETHUSDT'] as { updatedAt: number };
    const [edit] = (await trade()).edits;
    expect(edit.time).toBe(Math.floor(saved.updatedAt / 1000));
    expect(edit.text.stop).toBe('3%');
    expect((await trade()).plan.stop).toBe('2%'); // the plan as it stood at entry stays
    await frame.getByTestId('tab-journal').click();
    expect(await frame.getByTestId('journal-edits').textContent()).toContain('stop 2% -> 3%');
    await page.setViewportSize({ width: 1360, height: 1000 });
    await shot(page, 'panel-journal-tab');
  });

  it('keeps the journal across a stopped service worker and a page reload', async () => {
    const before = await trade();
    await stopServiceWorker(page);
    await page.reload();
    await openJournalTab();
    await expect
      .poll(() => frame.locator('tr[data-leg=T1] td').nth(2).textContent())
      .toBe(`1 @ ${formatPrice(2201.4)}`);
    expect(await trade()).toEqual(before);
  });
});
