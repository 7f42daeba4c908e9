import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { journal as J } from '../../engine/index.js';
import { DATA, EXT_DIR, shot } from './extension-harness.js';

/**
 * The journal in the extension's storage across an extension update, in real Chromium. An
 * unpacked extension's id comes from its folder, so the update is done in place: the build is
 * copied to a folder of this test's own, run on a profile of its own, then its manifest's
 * version is raised and the same profile is opened again, as a store update does.
 */
const FIX = path.resolve('test/fixtures/journal');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-journal-update-'));
const extDir = path.join(tmp, 'extension');
const profile = path.join(tmp, 'profile');
let context: BrowserContext | null = null;

async function open(seed?: object): Promise<{ page: Page; id: string }> {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/lib/chromium/chromium',
    headless: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(sw.url()).host;
  // Seeded through the service worker, before any journal code has run in a page.
  if (seed)
    await sw.evaluate(
      (items) =>
        (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage.local.set(items),
      seed,
    );
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/journal/index.html`);
  return { page, id };
}

type Local = { get(k: null): Promise<Record<string, unknown>>; set(i: object): Promise<void> };
const local = (page: Page): Promise<Record<string, unknown>> =>
  page.evaluate(() =>
    (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage.local.get(null),
  );

afterAll(async () => {
  await context?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the journal in extension storage', () => {
  it("migrates today's plans, imports only after confirming, and keeps it all across an update", async () => {
    fs.cpSync(EXT_DIR, extDir, { recursive: true });
    // Today's storage: schema 2 plans (test/fixtures/journal/plan-records.json), no journal yet.
    const today = JSON.parse(fs.readFileSync(path.join(FIX, 'plan-records.json'), 'utf8')) as object;
    let { page } = await open(today);
    const count = page.getByTestId('stored-count');
    await expect.poll(() => count.textContent()).toBe('2 trade(s), 0 fill(s), 0 unmatched fill(s).');
    // A Binance export with three bad rows: listed by row and field, nothing written.
    await page.getByTestId('store-import-file').setInputFiles(path.join(FIX, 'binance-spot-bad-rows.csv'));
    const preview = page.getByTestId('store-import-preview');
    await expect.poll(() => preview.textContent()).toContain('3 row(s) cannot be read');
    expect(await preview.textContent()).toContain('row 3, Date(UTC): cannot read the time "yesterday"');
    const before = await local(page);
    expect(Object.keys(before).filter((k) => k.startsWith('journal:trade:'))).toHaveLength(2);
    await shot(page, 'journal-store-import-preview');
    expect(await local(page)).toEqual(before);
    await page.getByTestId('store-import-confirm').click();
    await expect.poll(() => count.textContent()).toBe('2 trade(s), 1 fill(s), 0 unmatched fill(s).');
    const written = await local(page);
    await context!.close();

    // The update: a new version in the same folder, the same profile.
    const manifestFile = path.join(extDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { version: string };
    manifest.version = '0.1.99';
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    ({ page } = await open());
    expect(
      await page.evaluate(
        () =>
          (
            globalThis as unknown as { chrome: { runtime: { getManifest(): { version: string } } } }
          ).chrome.runtime.getManifest().version,
      ),
    ).toBe('0.1.99');
    await expect
      .poll(() => page.getByTestId('stored-count').textContent())
      .toBe('2 trade(s), 1 fill(s), 0 unmatched fill(s).');
    expect(await local(page)).toEqual(written);

    // Export JSON: the file is the stored journal, and reads back as it.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const file = await (await download).path();
    const exported = J.parseJournalJson(fs.readFileSync(file, 'utf8'));
    const btc = exported.trades.find((t) => t.symbol === 'BINANCE:BTCUSDT')!;
    expect(btc.fills).toEqual([
      { time: 1609754460, side: 'buy', price: 31010, size: 0.3, fee: 4.65, source: 'binance-spot' },
    ]);
    expect(written[`journal:trade:${btc.id}`]).toEqual(btc);

    // And the stored journal reports on real bars on the page, as an imported file would.
    await page.getByRole('button', { name: 'Report it below' }).click();
    await page
      .getByTestId('bars-file')
      .setInputFiles(path.join(DATA, 'btcusdt_binance_5m_2020-12_2021-07.csv'));
    await expect
      .poll(() => page.locator('[data-testid=trades] tbody tr').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await shot(page, 'journal-page-stored');
  });
});
