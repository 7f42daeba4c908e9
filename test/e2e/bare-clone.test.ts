// A clone of the repository alone, with no ../shared beside it (issue 13): the project copied
// into a temporary folder (its tracked files and its dist build; node_modules linked, not
// copied), `npm start`'s server started there, and the demo post and the lab in Chromium.
// Every widget draws a chart from the demo data in demo/data, and no error box shows.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DATA,
  launch,
  requireBuild,
  ROOT,
  SHOTS,
  snapshot,
  startServer,
  watchErrors,
  type Server,
} from './widget-harness.js';

let folder = '';
let server: Server | null = null;
let browser: Browser | null = null;
let banner = '';

/** Copies what a clone has (git's tracked files and any not yet committed, as they are on disk) and dist/. */
function copyProject(to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  for (const rel of listed.split('\0').filter((f) => f !== '')) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from)) continue; // deleted in the work tree, not yet committed
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(to, rel));
  }
  fs.cpSync(path.join(ROOT, 'dist'), path.join(to, 'dist'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}

beforeAll(async () => {
  requireBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  // <tmp>/exitplan-bare-XXXX/exitplan: the parent has no shared/ folder.
  folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-bare-')), 'exitplan');
  copyProject(folder);
  server = await startServer(folder, (text) => (banner = text));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  server?.stop();
  if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
});

const opened = async (url: string, width = 1100): Promise<{ page: Page; errors: string[] }> => {
  if (!browser || !server) throw new Error('not started');
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.base}${url}`);
  return { page, errors };
};

describe('a clone of the repository alone (no ../shared beside it)', () => {
  it('has no ../shared beside it, and npm start says it serves the demo data only', () => {
    expect(fs.existsSync(path.resolve(folder, '../shared'))).toBe(false);
    expect(banner).toContain('Demo data, read by the demo and the lab:');
    expect(banner).toMatch(/Full series: none \(no \S+ beside this checkout\), so the demo data only/);
    // The demo data is small: well under 2 MB in all (issue 13).
    const bytes = fs
      .readdirSync(DEMO_DATA)
      .reduce((sum, f) => sum + fs.statSync(path.join(DEMO_DATA, f)).size, 0);
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('draws every widget of the demo post, with no error box', async () => {
    const { page, errors } = await opened('/demo/');
    const ids = await page.locator('exit-plan').evaluateAll((els) => els.map((e) => e.id));
    // demo/index.html: the scale-out, the short, the replay and the live chart.
    expect(ids).toEqual(['btc', 'spy', 'eth', 'live']);
    for (const id of ids) {
      const s = await snapshot(page, `#${id}`);
      expect(s.error, id).toBeNull();
      expect(s.drawn?.candles ?? 0, id).toBeGreaterThan(100);
      expect(s.overlay?.lines.length ?? 0, id).toBeGreaterThanOrEqual(4);
      const boxes = await page
        .locator(`#${id}`)
        .evaluate((el) => el.shadowRoot?.querySelectorAll('.ep-error').length ?? -1);
      expect(boxes, id).toBe(0);
      expect(await page.locator(`#${id}`).locator('canvas').count(), id).toBeGreaterThan(0);
    }
    // The reader's "served data set" picker offers the demo data alone.
    const offered = await page
      .locator('#own-dataset optgroup')
      .evaluateAll((groups) => groups.map((g) => (g as HTMLOptGroupElement).label));
    expect(offered).toEqual(['Demo data (in the repository)']);
    expect(errors).toEqual([]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'bare-clone-demo.png'), fullPage: true });
    await page.close();
  });

  it('runs the lab on the demo data, with its picker offering the demo data alone', async () => {
    const { page, errors } = await opened('/demo/lab.html');
    const lab = page.locator('#lab');
    await expect
      .poll(() => lab.locator('[data-role="status"]').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('done');
    expect(await lab.locator('.lab-table tbody tr').count()).toBe(7);
    expect(await lab.locator('[data-role="equity-chart"] canvas').count()).toBeGreaterThan(0);
    expect(await lab.locator('[data-role="error"]').count()).toBe(0);
    const options = await page
      .locator('#dataset option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const demo = fs
      .readdirSync(DEMO_DATA)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    expect(options).toEqual(demo.map((f) => `/demo/data/${f}`));
    expect(await page.locator('#dataset').inputValue()).toBe('/demo/data/spy_daily_2005-2020.csv');
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'bare-clone-lab.png'), fullPage: true });
    await page.close();
  });

  it('draws the strict-CSP page from the demo data too', async () => {
    const { page, errors } = await opened('/demo/strict-csp.html');
    const s = await snapshot(page, '#csp');
    expect(s.error).toBeNull();
    expect(s.drawn?.candles ?? 0).toBeGreaterThan(100);
    // The refused worker is Chromium's console error on this page; nothing else may be.
    expect(errors.filter((e) => !/Content Security Policy|worker/i.test(e))).toEqual([]);
    await page.close();
  });
});
