import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  journal as J,
  parsePlan,
  REGIMES,
  regimesBatch,
  ReversalSession,
  type PlanText,
} from '../../engine/index.js';
import { num } from '../../widget/journal/journal-format.js';
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
 * The chart's models at a panel fill, in real Chromium on the Binance fixture page fed 1000
 * real ETHUSDT 5m bars: the panel's reversal model (a stored one, trained here in Node on the
 * 3000 bars before the chart's) shows p(reversal) at the last closed bar, and "Filled now"
 * journals exactly that probability with the bar it was scored at; a fill typed for an earlier
 * bar journals none (the model has moved on since), and an exit by hand now journals it again. The panel's policy strip
 * shows the regime of the newest bar (the engine's regimesBatch over the panel's bars, forming
 * bar included), and the fill journals that regime beside the probability. The journal page then shows both in the trade detail, dark and light.
 * Expected probabilities are ReversalSession's in Node on the same closed bars.
 */
const ETH_URL = 'https://www.binance.com/en/trade/ETH_USDT?type=spot';
const all = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv');
// One Binance page of history (the panel asks for 1000); the last bar is the forming one. The
// window starts at 40,007, the first from 40,000 on whose newest bar has a regime (trending, by
// regimesBatch in Node), so the journaled regime is not the empty "none".
const START = 40_007;
const history = all.slice(START, START + 1000);
const closed = history.slice(0, -1);
const last = history[history.length - 1];
const savedText: PlanText = {
  side: 'long',
  entry: last.close,
  stop: '2%',
  ladder: '1R:50,2R:50',
  exhaustion: 'none',
};
const SAVED_AT = 1_700_000_000_000;
const TRADE_KEY = `journal:trade:plan:BINANCE:ETHUSDT:${SAVED_AT}`;
const MODEL_KEY = 'reversal-model:v1:binance-spot:ETHUSDT@5m';

let h: Harness;
let page: Page;
let frame: Frame;
let expectedP = NaN;

const trade = async (): Promise<J.JournalTrade> => (await storage(h))[TRADE_KEY] as J.JournalTrade;
const rev = (attr: string) => frame.locator('.ep-rev').getAttribute(attr);

beforeAll(async () => {
  // A model the trader trained earlier on the same market (the 3000 bars before the chart's).
  const { model } = await new ReversalSession().train(all.slice(START - 3000, START), { side: 'long' });
  // The oracle: the same model scored in Node on the chart's closed bars, with the saved plan's
  // trade (the trade-state features read it, as the panel's reversal addon does).
  const p = new ReversalSession().load(model, closed, parsePlan(savedText)).p;
  expectedP = p[p.length - 1];
  h = await launch();
  await BinanceSim.install(h.context, [new BinanceSim('ETHUSDT', '5m', history)]);
  await setStorage(
    h,
    {
      schemaVersion: 2,
      'plan:BINANCE:ETHUSDT': { v: 2, symbol: 'BINANCE:ETHUSDT', text: savedText, updatedAt: SAVED_AT },
      [MODEL_KEY]: { v: 1, market: 'binance-spot:ETHUSDT', timeframe: '5m', model, savedAt: SAVED_AT },
      layout: { x: -1, y: 20, width: 470, height: 960, collapsed: false, open: true },
    },
    true,
  );
  page = await h.context.newPage();
  // The page's clock 2.5 minutes into the forming bar (timers run as usual): "Filled now"
  // falls in the chart's newest bar, as it does on a live market.
  await page.clock.setFixedTime((last.time + 150) * 1000);
  await page.goto(ETH_URL);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the chart's models at a panel fill", () => {
  it('journals the reversal probability the panel shows at "Filled now", with its bar', async () => {
    frame = await panelFrame(page);
    await expect.poll(() => rev('data-status'), { timeout: 20_000 }).toBe('ready');
    // Not vacuous: the model scores the last closed bar (its features have warmed up).
    expect(Number.isFinite(expectedP)).toBe(true);
    const shown = Number(await rev('data-p'));
    expect(shown).toBe(expectedP);

    await frame.getByTestId('tab-journal').click();
    await frame.getByTestId('filled-now-entry').click();
    await frame.getByTestId('fill-form').getByRole('button', { name: 'Confirm fill' }).click();
    await expect.poll(async () => (await trade())?.fills.length ?? 0, { timeout: 15_000 }).toBe(1);
    const [fill] = (await trade()).fills;
    expect(fill.market?.reversal).toEqual({ probability: shown, barTime: closed[closed.length - 1].time });
    // The regime the panel's policy strip shows, which is the engine's for the newest bar.
    const regimes = regimesBatch(history);
    const regimeNow = REGIMES[regimes[regimes.length - 1]];
    expect(await frame.locator('.ep-policy').getAttribute('data-regime')).toBe(regimeNow);
    expect(regimeNow).toBe('trending');
    expect(fill.market?.policyRegime).toBe(regimeNow);
    // The rest is the engine's snapshot from the same bars (no book feed on this fixture).
    expect(fill.market).toEqual(
      J.marketAt(history, fill.time, {
        bid: null,
        ask: null,
        reversal: { probability: expectedP, barTime: closed[closed.length - 1].time },
        policyRegime: regimeNow,
      }),
    );
  });

  it('journals no probability for a fill typed for an earlier bar, and the shown one for an exit now', async () => {
    // A second entry the trader types in late, for the bar two before the forming one.
    await frame.getByTestId('typed-fill').click();
    const form = frame.getByTestId('fill-form');
    await form.locator('select[name=fill-leg]').selectOption('entry');
    const earlier = history[history.length - 3];
    await form.locator('input[name=fill-time]').fill(new Date((earlier.time + 60) * 1000).toISOString());
    await form.locator('input[name=fill-price]').fill(String(earlier.close));
    await form.locator('input[name=fill-size]').fill('1');
    await form.getByRole('button', { name: 'Confirm fill' }).click();
    await expect.poll(async () => (await trade()).fills.length).toBe(2);
    const typed = (await trade()).fills[1];
    expect(typed.market?.bar?.time).toBe(earlier.time);
    expect(typed.market).not.toHaveProperty('reversal');

    // Out by hand now, all of it: the probability the panel shows again.
    await frame.getByTestId('filled-now-manual').click();
    await frame.getByTestId('fill-form').getByRole('button', { name: 'Confirm fill' }).click();
    await expect.poll(async () => (await trade()).fills.length).toBe(3);
    const exit = (await trade()).fills[2];
    expect(exit).toMatchObject({ side: 'sell', size: 2, leg: 'manual' });
    expect(exit.market?.reversal).toEqual({
      probability: expectedP,
      barTime: closed[closed.length - 1].time,
    });
  });

  it('shows the recorded probability and regime in the trade detail, dark and light', async () => {
    const bars = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-models-')), 'eth-5m.csv');
    fs.writeFileSync(
      bars,
      [
        'time,open,high,low,close,volume',
        ...history.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume].join(',')),
      ].join('\n'),
    );
    const stored = await trade();
    const report = J.reportTrade(stored, history);
    for (const theme of ['dark', 'light'] as const) {
      await setStorage(h, { settings: { theme } });
      const journal = await h.context.newPage();
      await journal.setViewportSize({ width: 1360, height: 900 });
      await journal.goto(`chrome-extension://${h.extensionId}/journal/index.html`);
      await expect.poll(() => journal.locator('html').getAttribute('data-theme')).toBe(theme);
      await expect.poll(() => journal.getByTestId('stored-count').textContent()).toContain('3 fill(s)');
      await journal.getByRole('button', { name: 'Report it below' }).click();
      await journal.getByTestId('bars-file').setInputFiles(bars);
      await journal.locator(`[data-testid=trades] tr[data-trade="${stored.id}"]`).click();
      const detail = journal.getByTestId('trade-detail');
      const rows = detail.locator('[data-testid=legs] tbody tr');
      await expect.poll(() => rows.count()).toBe(3);
      // Each leg as the engine reports it on the same fills (in time order): the typed entry
      // shows no probability, the two "Filled now" the one the panel showed; all the regime
      // recorded from the bars.
      expect(report.legs.map((l) => l.reversalP)).toEqual([null, expectedP, expectedP]);
      for (const [k, leg] of report.legs.entries()) {
        expect(await rows.nth(k).locator('[data-k=reversal-p]').textContent()).toBe(num(leg.reversalP));
        expect(await rows.nth(k).locator('[data-k=regime]').textContent()).toBe(leg.regime ?? '-');
      }
      await detail.scrollIntoViewIfNeeded();
      await shot(journal, `journal-trade-detail-models-${theme}`);
      await journal.close();
    }
  });
});
