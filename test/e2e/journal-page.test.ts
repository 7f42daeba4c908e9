import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DATA, launch, loadBars, shot, type Harness } from './extension-harness.js';

/**
 * The extension's journal page in real Chromium: a Binance export with bad rows is previewed
 * (nothing imported until confirmed), then a journal of 24 trades on real BTCUSDT 5m bars is
 * reported and audited.
 */
const BARS_FILE = path.join(DATA, 'btcusdt_binance_5m_2020-12_2021-07.csv');
const FIX = path.resolve('test/fixtures/journal');
const bars = loadBars('btcusdt_binance_5m_2020-12_2021-07.csv');
let h: Harness;
let page: Page;

/** 24 daily longs from bar 1000, closed by hand 12 bars in (as in test/unit/journal/audit.test.ts). */
function journalFile(): string {
  const trades = Array.from({ length: 24 }, (_, k) => {
    const i = 1000 + 288 * k;
    return {
      id: `t${k}`,
      symbol: 'BTCUSDT',
      plan: {
        side: 'long',
        entry: bars[i].close,
        at: bars[i].time,
        stop: 'atr14x1.5',
        ladder: '1R:50',
        trail: 'atr14x2.5@1',
        exhaustion: 'none',
      },
      planTime: bars[i].time,
      tags: [k % 3 === 0 ? 'breakout' : 'pullback'],
      fills: [
        { time: bars[i].time, side: 'buy', price: bars[i].close, size: 1, fee: 0 },
        { time: bars[i + 12].time, side: 'sell', price: bars[i + 12].close, size: 1, fee: 0 },
      ],
    };
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-journal-')), 'journal.json');
  fs.writeFileSync(file, JSON.stringify({ v: 1, trades, unmatched: [] }));
  return file;
}

beforeAll(async () => {
  h = await launch();
  page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/journal/index.html`);
});

afterAll(async () => {
  await h?.close();
});

describe('journal page', () => {
  it('previews an import with bad rows and takes nothing until confirmed', async () => {
    await page.getByTestId('journal-file').setInputFiles(path.join(FIX, 'binance-spot-bad-rows.csv'));
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.textContent()).toContain('3 row(s) cannot be read');
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('row 3, Date(UTC): cannot read the time "yesterday"');
    expect(text).toContain('row 4, Side');
    expect(await page.getByTestId('trades').count()).toBe(0);
    await shot(page, 'journal-import-preview');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await preview.count()).toBe(0);
  });

  it('reports and audits a journal on real bars', async () => {
    await page.getByTestId('journal-file').setInputFiles(journalFile());
    await page.getByTestId('bars-file').setInputFiles(BARS_FILE);
    const rows = page.locator('[data-testid=trades] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(24);
    expect(await page.getByTestId('summary').textContent()).toContain('Trades 24');
    // Every trade was closed by hand: the variants table has one row per plan change, none "too few".
    const suggestions = page.locator('[data-testid=suggestions] tbody tr');
    expect(await suggestions.count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid=suggestions]').textContent()).not.toContain('too few');
    await page.locator('select').nth(1).selectOption('breakout');
    await expect.poll(() => rows.count()).toBe(8);
    await page.locator('select').nth(1).selectOption('');
    await page.setViewportSize({ width: 1200, height: 1400 });
    await shot(page, 'journal-page');
  });
});
