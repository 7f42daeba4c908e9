import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_FIELDS } from '../../engine/index.js';
import {
  BinanceSim,
  launch as launchExtension,
  loadBars,
  panelFrame,
  shot,
  storage,
  type Harness,
} from './extension-harness.js';
import { openBarePage, serverAndBrowser, SHOTS, snapshot } from './widget-harness.js';

// Issue 15 item 2 and issue 14 "one plan language everywhere": the widget's form and the
// panel's form render the engine's one field table, and both take entry "last".
const FIELD_KEYS = PLAN_FIELDS.map((f) => f.key);
const SPY = '/data/spy_daily_1999-2020.csv';
// ../shared/data/spy_daily_1999-2020.csv, row 5111 (after the header): 2020-02-24 (1582502400),
// close 322.42.
const FEB24 = 1_582_502_400;

describe("the widget's plan form", () => {
  const env = serverAndBrowser();
  let page: Page;

  beforeAll(async () => {
    page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="w" src="${SPY}" side="long" entry="333.48" at="2020-02-21" stop="2%" ladder="1R:50,2R:50" height="320"></exit-plan>`,
    );
  });

  it('shows every field of the table, and reads entry "last" with a typed entry time', async () => {
    expect((await snapshot(page, '#w')).error).toBeNull();
    const root = page.locator('#w');
    await root.locator('summary').click();
    const names = await root
      .locator('form [name]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('name')).filter((n) => n !== null));
    expect(names).toEqual(FIELD_KEYS);
    await root.locator('input[name="entry"]').fill('last');
    await root.locator('input[name="at"]').fill('2020-02-24');
    await root.locator('input[name="decay"]').fill('bars5,min0.5R');
    await root.locator('input[name="fees"]').fill('bps1');
    await root.locator('input[name="at"]').press('Enter');
    await expect.poll(async () => (await snapshot(page, '#w')).overlay?.levels.entry).toBe(322.42);
    const { overlay } = await snapshot(page, '#w');
    expect(overlay?.state.entryTime).toBe(FEB24);
    await page.screenshot({ path: path.join(SHOTS, 'widget-plan-form.png'), fullPage: true });
  });
});

describe("the extension panel's plan form", () => {
  let h: Harness;
  const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv').slice(40_000, 40_300);

  beforeAll(async () => {
    h = await launchExtension();
    await BinanceSim.install(h.context, [new BinanceSim('ETHUSDT', '5m', ethBars)]);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows every field of the table and saves entry "last" as the last close', async () => {
    const page = await h.context.newPage();
    await page.goto('https://www.binance.com/en/trade/ETH_USDT?type=spot');
    const frame = await panelFrame(page);
    const last = ethBars[ethBars.length - 1];
    await expect
      .poll(() => frame.locator('input[name=entry]').inputValue(), { timeout: 15_000 })
      .toBe(String(last.close));
    const names = await frame
      .locator('form.plan-form [name]')
      .evaluateAll((els) =>
        els.map((el) => el.getAttribute('name')).filter((n) => n !== 'save' && n !== 'delete'),
      );
    expect(names).toEqual(FIELD_KEYS);
    await frame.locator('input[name=entry]').fill('last');
    await frame.locator('input[name=stop]').fill('1%');
    await frame.locator('button[name=save]').click();
    await expect.poll(() => frame.locator('.panel').getAttribute('data-plan-saved')).toBe('yes');
    const stored = await storage(h);
    // The saved plan has the price "last" stood for: the close of the last bar, and its time.
    expect(stored['plan:BINANCE:ETHUSDT']).toMatchObject({
      text: { entry: last.close, stop: '1%', at: last.time },
    });
    await expect.poll(() => frame.locator('.form-error').count()).toBe(0);
    // The saved plan's form folds away; open it to show every field.
    await expect.poll(() => frame.locator('section.edit').getAttribute('data-open')).toBe('no');
    await frame.locator('.edit-toggle').click();
    await expect.poll(() => frame.locator('section.edit').getAttribute('data-open')).toBe('yes');
    await shot(page, 'panel-plan-form');
  });
});
