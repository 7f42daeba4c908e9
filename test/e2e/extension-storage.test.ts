import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { computeOverlay, parsePlan } from '../../engine/index.js';
import {
  BinanceSim,
  launch,
  loadBars,
  panelFrame,
  setStorage,
  shot,
  storage,
  tablePrice,
  type Harness,
} from './extension-harness.js';

/**
 * Broken values in storage the panel must survive: a schemaVersion this build never wrote, and
 * plan defaults in the Options that the engine refuses (stored by hand, an older build, or a
 * default that does not fit the symbol). The saved plans stay readable and the chart shows.
 */
const ETH_URL = 'https://www.binance.com/en/trade/ETH_USDT?type=spot';
const REL = 1e-9;
let h: Harness;
const ethBars = loadBars('ethusdt_binance_5m_2020-12_2021-07.csv').slice(40_000, 40_300);
const last = ethBars[ethBars.length - 1];
const savedText = { side: 'long', entry: last.close, stop: '2%', ladder: '1R:50,2R:50' };

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * REL);
};

async function openPanel(): Promise<{ page: Page; frame: Frame }> {
  const page = await h.context.newPage();
  await page.goto(ETH_URL);
  return { page, frame: await panelFrame(page) };
}

/** The chart is drawn (lightweight-charts' canvases, in the widget's shadow root), with no error box. */
async function chartShown(frame: Frame): Promise<boolean> {
  return frame.locator('.chart').evaluate((el) => {
    const root = el.querySelector('.exitplan-widget')?.shadowRoot;
    return (
      !(el as HTMLElement).hidden &&
      !!root &&
      root.querySelectorAll('canvas').length > 0 &&
      !/not valid/.test(root.textContent ?? '')
    );
  });
}

beforeAll(async () => {
  h = await launch();
  await BinanceSim.install(h.context, [new BinanceSim('ETHUSDT', '5m', ethBars)]);
});

afterAll(async () => {
  await h?.close();
});

describe('broken stored values', () => {
  // Each of these once made every saved plan unreadable ("v[t] is not a function").
  for (const version of [0, 1.5, '2', -1, 99]) {
    it(`reads the saved plans under a schemaVersion of ${JSON.stringify(version)}, with a notice`, async () => {
      await setStorage(
        h,
        {
          schemaVersion: version,
          'plan:BINANCE:ETHUSDT': { v: 2, symbol: 'BINANCE:ETHUSDT', text: savedText, updatedAt: 1 },
        },
        true,
      );
      const { page, frame } = await openPanel();
      await expect
        .poll(() => frame.locator('.panel').getAttribute('data-plan-saved'), { timeout: 15_000 })
        .toBe('yes');
      // Oracle: the engine on the same 300 bars with the saved plan (no entry time: the last bar).
      close(
        await tablePrice(frame, 'stop'),
        computeOverlay(ethBars, parsePlan(savedText)).levels.initialStop,
      );
      const notices = await frame.locator('.notice').allTextContents();
      expect(notices).toContainEqual(expect.stringContaining(`schemaVersion ${JSON.stringify(version)}`));
      expect(notices.join(' ')).not.toContain('is not a function');
      const stored = await storage(h);
      const aside = Object.entries(stored).filter(([k]) => k.startsWith('corrupt:(schemaVersion):'));
      expect(aside.map(([, v]) => (v as { raw: unknown }).raw)).toEqual([version]);
      expect(stored.schemaVersion).toBe(2);
      await page.close();
    });
  }

  it('says an unreadable default stop comes from the Options, how to fix it, and still shows the chart', async () => {
    await setStorage(h, { schemaVersion: 2, settings: { defaultStop: 'abc' } }, true);
    const { page, frame } = await openPanel();
    const notice = frame.locator('.notice', { hasText: 'default stop' });
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('"abc" set in Options');
    expect(await notice.textContent()).toContain("exitplan's Options page");
    await expect.poll(() => chartShown(frame), { timeout: 15_000 }).toBe(true);
    // Oracle: the draft falls back to the built-in default stop (atr14x1.5) at the last close.
    const draft = computeOverlay(ethBars, parsePlan({ side: 'long', entry: last.close, stop: 'atr14x1.5' }));
    close(await tablePrice(frame, 'stop'), draft.levels.initialStop);
    await shot(page, 'panel-bad-default-stop');
    await page.close();
  });

  it('says when a well-formed default stop does not fit this symbol, and still shows the chart', async () => {
    // A price stop far above ETH's price: on the wrong side of a long entry.
    await setStorage(h, { schemaVersion: 2, settings: { defaultStop: '99999' } }, true);
    const { page, frame } = await openPanel();
    const notice = frame.locator('.notice', { hasText: 'default stop' });
    await expect
      .poll(() => notice.textContent(), { timeout: 15_000 })
      .toContain('cannot be used for this draft');
    expect(await notice.textContent()).toContain('wrong side');
    await expect.poll(() => chartShown(frame), { timeout: 15_000 }).toBe(true);
    await page.close();
  });

  it('refuses an invalid default stop in the Options as it is typed', async () => {
    await setStorage(h, { schemaVersion: 2 }, true);
    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options/index.html`);
    await options.locator('input[name=defaultStop]').fill('abc');
    await expect
      .poll(() => options.locator('input[name=defaultStop] ~ .field-error').textContent())
      .toContain('stop: cannot read "abc"');
    expect(await options.locator('input[name=defaultStop]').getAttribute('aria-invalid')).toBe('true');
    await options.locator('button[type=submit]').click();
    await expect.poll(() => options.locator('.status').textContent()).toContain('Not saved');
    expect((await storage(h)).settings).toBeUndefined();
    await shot(options, 'options-bad-stop');
    await options.close();
  });
});
