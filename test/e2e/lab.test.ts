// The backtest lab view in headless Chromium: real bars from ../shared/data served by the
// `npm start` server, the lab view and its worker from the widget build (exitplan-lab.js,
// exitplan-lab-worker.js). Runs, cancels, shows errors, replays trades; the demo's lab page;
// screenshots.
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Worker as PlaywrightWorker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, runLab } from '../../engine/index.js';
import {
  DATA,
  DEMO_DATA,
  readCsv,
  readDemoCsv,
  serverAndBrowser,
  SHOTS,
  watchErrors,
} from './widget-harness.js';

const env = serverAndBrowser();

interface LabHandleLike {
  ready: Promise<void>;
  run(request?: object): Promise<unknown>;
  status(): string;
  engineMode(): string | null;
}
declare global {
  interface Window {
    lab?: LabHandleLike;
  }
}

/** A page on the demo server's origin with the lab mounted on `file` from /data/. */
async function openLab(file: string, options: string): Promise<{ page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 1500 } });
  const base = env.base;
  const url = `${base}/test/lab-${Math.random().toString(36).slice(2)}.html`;
  await context.route(url, (r) =>
    r.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>lab</title><script src="/widget/exitplan-lab.js"></script></head>
<body style="margin:16px;font-family:sans-serif"><div id="lab"></div>
<script>window.lab = window.ExitPlanLab.mountLab(document.getElementById('lab'), Object.assign({ src: '/data/${file}' }, ${options}));</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.evaluate(() => window.lab!.ready);
  return { page, errors };
}

const status = (page: Page): Promise<string | null> =>
  page.locator('#lab').locator('[data-role="status"]').getAttribute('data-status');

describe('backtest lab view', () => {
  it('runs in the worker and shows the table, equity curves, scatter, histogram and replay', async () => {
    const { page, errors } = await openLab(
      'eurusd_1h_2017-2018.csv',
      `{ workerUrl: '/widget/exitplan-lab-worker.js', request: { entries: 'donchian:20', costs: 'bps0.3,slipbps0.5' } }`,
    );
    const lab = page.locator('#lab');
    expect(await page.evaluate(() => window.lab!.engineMode())).toBe('worker');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    // Seven default policies, each a row, in the engine's order.
    const rows = lab.locator('.lab-table tbody tr');
    expect(await rows.count()).toBe(7);
    // The first row's trade count is what the engine gives in Node for the same request.
    const bars = parseBarsCsv(readCsv('eurusd_1h_2017-2018.csv'));
    const node = runLab(bars, {
      entries: 'donchian:20',
      costs: 'bps0.3,slipbps0.5',
      sizing: 'risk1%',
      split: 0.7,
      bootstrap: 1000,
    });
    expect(await rows.nth(0).locator('td').nth(1).textContent()).toBe(
      String(node.result.policies[0].stats.trades),
    );
    expect(await lab.locator('[data-role="equity-chart"] canvas').count()).toBeGreaterThan(0);
    expect(await lab.locator('svg[aria-label="MFE against MAE per trade"] circle').count()).toBe(
      node.result.policies[0].trades.length,
    );
    expect(await lab.locator('svg[aria-label="histogram of R per trade"] rect').count()).toBeGreaterThan(3);
    await expect.poll(() => lab.locator('[data-role="trade-info"]').textContent()).toMatch(/^Trade 1 of \d+/);
    // Select the ladder row, step to its second trade.
    await rows.nth(2).click();
    await lab.locator('button[aria-label="next trade"]').click();
    const info = await lab.locator('[data-role="trade-info"]').textContent();
    expect(info).toMatch(new RegExp(`^Trade 2 of ${node.result.policies[2].trades.length}:`));
    await page.screenshot({ path: path.join(SHOTS, 'lab-eurusd.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('cancels at once at 0%, mid-run and in the bootstrap, and says so', async () => {
    // BTC 5m, 65,741 bars: ~4 s of policies in Node, then ~7 s of bootstrap (20,000 samples x
    // ~2,000 trades x 7 policies), one policy at a time: the policies fill the progress bar to
    // 35%, the bootstrap the rest (engine/backtest/lab.ts).
    const { page, errors } = await openLab(
      'btcusdt_binance_5m_2020-12_2021-07.csv',
      `{ workerUrl: '/widget/exitplan-lab-worker.js', request: { entries: 'donchian:10', bootstrap: 20000 } }`,
    );
    const lab = page.locator('#lab');
    const progress = async (): Promise<number> =>
      Number(await lab.locator('[role="progressbar"]').getAttribute('aria-valuenow'));
    const closed = new Set<PlaywrightWorker>();
    const watch = (w: PlaywrightWorker): void => void w.on('close', () => closed.add(w));
    page.workers().forEach(watch);
    page.on('worker', watch);
    /** The lab's worker now: the one a run started now goes to. */
    const labWorker = (): PlaywrightWorker => {
      const open = page.workers().filter((w) => !closed.has(w) && w.url().includes('exitplan-lab-worker'));
      expect(open).toHaveLength(1);
      return open[0];
    };
    const cancelled = async (when: string): Promise<void> => {
      const worker = labWorker();
      await lab.locator('[data-role="cancel"]').click();
      // The view says so at once, and the worker that ran it is ended (not left computing).
      expect(await status(page), when).toBe('cancelled');
      expect(await lab.locator('[data-role="status"]').textContent(), when).toMatch(
        /^Cancelled at \d+%: this run gave no results\.$/,
      );
      await expect.poll(() => closed.has(worker), { timeout: 5_000 }).toBe(true);
      // Nothing of the run turns up later: longer than its bootstrap would have taken.
      await page.waitForTimeout(when === 'bootstrap' ? 8_000 : 1_500);
      expect(await status(page), when).toBe('cancelled');
      expect(await lab.locator('[data-role="results"]').count(), when).toBe(0);
      expect(await lab.locator('[data-role="run"]').isEnabled(), when).toBe(true);
    };

    await lab.locator('[data-role="run"]').click();
    // At the start: a quiet machine has taken a few percent by the time progress is read, so
    // the check is "well before the mid-run cancel below", not an exact 0.
    expect(await progress()).toBeLessThan(30);
    await cancelled('0%');

    await lab.locator('[data-role="run"]').click();
    await expect.poll(progress, { timeout: 30_000 }).toBeGreaterThan(30);
    expect(await progress()).toBeLessThan(100);
    await cancelled('mid-run');

    await lab.locator('[data-role="run"]').click();
    // Past the policies (35%) and the first policy's bootstrap: the bar moves while it runs.
    await expect.poll(progress, { timeout: 60_000 }).toBeGreaterThan(40);
    expect(await progress()).toBeLessThan(100);
    expect(await status(page)).toBe('running');
    await cancelled('bootstrap');

    // The fresh worker runs the next request to the end.
    await lab.locator('input[name="entries"]').fill('random:3:0.005');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page), { timeout: 60_000 }).toBe('done');
    await page.screenshot({ path: path.join(SHOTS, 'lab-btc-after-cancel.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('cancels on the page thread too: the view says so at once and the run stops at its next slice', async () => {
    const { page, errors } = await openLab(
      'btcusdt_binance_5m_2020-12_2021-07.csv',
      `{ workerUrl: null, request: { entries: 'donchian:10', bootstrap: 0 } }`,
    );
    const lab = page.locator('#lab');
    expect(await page.evaluate(() => window.lab!.engineMode())).toBe('main-thread');
    await lab.locator('[data-role="run"]').click();
    await expect
      .poll(async () => Number(await lab.locator('[role="progressbar"]').getAttribute('aria-valuenow')), {
        timeout: 30_000,
      })
      .toBeGreaterThan(10);
    // The click is dispatched as the page's next task, as a reader's click is heard between two
    // slices of the run (widget/lab/lab-runner.ts, framePause). Playwright's click() would first
    // wait for the button to be still over two painted frames, and on a loaded machine the run
    // could end in that wait.
    const cancel = lab.locator('[data-role="cancel"]');
    expect(await cancel.isEnabled()).toBe(true);
    await cancel.dispatchEvent('click');
    expect(await status(page)).toBe('cancelled');
    // The policies take ~4 s over these bars in Node; nothing of the run arrives after the cancel.
    await page.waitForTimeout(6_000);
    expect(await status(page)).toBe('cancelled');
    expect(await lab.locator('[data-role="results"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('marks the results of an earlier run as not current after a failed or cancelled run', async () => {
    const { page, errors } = await openLab(
      'eurusd_1h_2017-2018.csv',
      `{ workerUrl: '/widget/exitplan-lab-worker.js', request: { entries: 'donchian:20', costs: 'bps1' } }`,
    );
    const lab = page.locator('#lab');
    const results = lab.locator('[data-role="results"]');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await results.getAttribute('data-stale')).toBe('false');
    expect(await lab.locator('[data-role="stale-note"]').count()).toBe(0);
    // A bad cost in the worker: the message names the field, with no class name before it.
    await lab.locator('input[name="costs"]').fill('bps1,wat3');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page)).toBe('error');
    const message = (await lab.locator('[data-role="error"]').textContent()) ?? '';
    expect(message).toMatch(/^costs: unknown item "wat3"/);
    expect(message).not.toMatch(/Error:/);
    // The earlier results stay, marked as not this request's, and dimmed.
    expect(await results.getAttribute('data-stale')).toBe('true');
    expect(await lab.locator('[data-role="stale-note"]').textContent()).toBe(
      "Not current: the last run failed (see the message above). Below are the previous run's results (entries donchian:20, costs bps1, sizing risk1%).",
    );
    const opacity = await lab
      .locator('.lab-table-wrap')
      .evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(opacity).toBeLessThan(1);
    await page.screenshot({ path: path.join(SHOTS, 'lab-stale-after-error.png'), fullPage: true });
    // A cancelled run leaves them marked too; a run to the end makes the results current again.
    await lab.locator('input[name="costs"]').fill('bps2');
    // Through the handle, with a bootstrap long enough (400,000 samples) to be caught running.
    await page.evaluate(() => void window.lab!.run({ costs: 'bps2', bootstrap: 400_000 }));
    await expect.poll(() => status(page)).toBe('running');
    await lab.locator('[data-role="cancel"]').click();
    expect(await status(page)).toBe('cancelled');
    expect(await lab.locator('[data-role="stale-note"]').textContent()).toMatch(
      /^Not current: the last run was cancelled\./,
    );
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await results.getAttribute('data-stale')).toBe('false');
    expect(await lab.locator('[data-role="error"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a bad request as text naming the field, on the page thread too', async () => {
    const { page, errors } = await openLab('spy_daily_1999-2020.csv', `{ workerUrl: null, theme: 'dark' }`);
    const lab = page.locator('#lab');
    expect(await page.evaluate(() => window.lab!.engineMode())).toBe('main-thread');
    await lab.locator('input[name="costs"]').fill('bps5,<img src=x onerror=alert(1)>');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page)).toBe('error');
    const message = await lab.locator('[data-role="error"]').textContent();
    expect(message).toMatch(/^costs: unknown item "<img src=x onerror=alert\(1\)>"/);
    // Shown as text, never as markup.
    expect(await lab.locator('[data-role="error"] img').count()).toBe(0);
    await lab.locator('input[name="costs"]').fill('unit0.005,fill1');
    // A journal's trade list, with one bad side: the error names the row and the fix.
    const bad = 'time,side\n2008-10-10,buy\n2009-03-09,up\n';
    await lab
      .locator('input[name="trades"]')
      .setInputFiles({ name: 'journal.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => lab.locator('input[name="entries"]').inputValue()).toBe('journal.csv (2 trades)');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page)).toBe('error');
    expect(await lab.locator('[data-role="error"]').textContent()).toMatch(
      /^entries row 3: side "up" must be long, short, buy or sell/,
    );
    const good = 'time,side\n2008-10-10,buy\n2009-03-09,long\n2020-02-24,sell\n';
    await lab.locator('[data-role="clear-trades"]').click();
    await lab
      .locator('input[name="trades"]')
      .setInputFiles({ name: 'journal.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    // Three trades in, and every policy could take all three (they are months apart).
    expect(await lab.locator('.lab-table tbody tr').nth(0).locator('td').nth(1).textContent()).toBe('3');
    await page.screenshot({ path: path.join(SHOTS, 'lab-spy-dark.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('fits the table at 1400 px; on a phone it scrolls in its box, the page does not widen', async () => {
    for (const width of [1400, 390]) {
      const context = await env.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${env.base}/demo/lab.html`);
      await expect.poll(() => status(page), { timeout: 60_000 }).toBe('done');
      await page.waitForTimeout(300);
      const lab = page.locator('#lab');
      const wrap = lab.locator('.lab-table-wrap');
      const m = await wrap.evaluate((el) => ({
        page: document.documentElement.scrollWidth,
        client: el.clientWidth,
        scroll: el.scrollWidth,
      }));
      // The page itself never scrolls sideways.
      expect(m.page, `${width}`).toBe(width);
      const last = lab.locator('.lab-table thead th').last();
      expect(await last.textContent()).toBe('commission');
      if (width === 1400) {
        // Every column, commission included, inside the box with nothing to scroll to.
        expect(m.scroll).toBeLessThanOrEqual(m.client);
      } else {
        // The table scrolls inside its box, and scrolled to its end the last column is in view.
        expect(m.scroll).toBeGreaterThan(m.client);
        await wrap.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
        const box = (await wrap.boundingBox())!;
        const th = (await last.boundingBox())!;
        expect(th.x + th.width).toBeLessThanOrEqual(box.x + box.width + 1);
        expect(th.x).toBeGreaterThanOrEqual(box.x);
        // The policy column stays in view while the others scroll past it.
        const first = (await lab.locator('.lab-table tbody td').first().boundingBox())!;
        expect(first.x).toBeGreaterThanOrEqual(box.x - 1);
      }
      // The progress bar stays a bar: most of the lab's width, not a dot beside the buttons.
      const bar = (await lab.locator('[role="progressbar"]').boundingBox())!;
      const whole = (await lab.locator('.lab').boundingBox())!;
      expect(bar.width, `${width}`).toBeGreaterThan(whole.width * (width === 390 ? 0.8 : 0.4));
      // The equity chart opens on the whole run (its first bar to its last).
      const eq = lab.locator('[data-role="equity-chart"]');
      await expect
        .poll(async () => {
          const d = await eq.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
          return Number(d.visibleFrom) <= Number(d.firstTime) && Number(d.visibleTo) >= Number(d.lastTime);
        })
        .toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `lab-${width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('replays a trade with its targets, the stop as it moved and every fill, and says the re-entry rule', async () => {
    const { page, errors } = await openLab(
      'eurusd_1h_2017-2018.csv',
      `{ workerUrl: '/widget/exitplan-lab-worker.js', request: { entries: 'donchian:20', costs: 'bps0.3,slipbps0.5' } }`,
    );
    const lab = page.locator('#lab');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await lab.locator('[data-role="rules"]').textContent()).toContain(
      'a policy takes no entry on the bar where its previous position closed, unless the re-entry setting says otherwise',
    );
    // The same request in Node: ladder-be-trail (2 targets, breakeven, a trail), its first trade with 3 fills.
    const bars = parseBarsCsv(readCsv('eurusd_1h_2017-2018.csv'));
    const node = runLab(bars, {
      entries: 'donchian:20',
      costs: 'bps0.3,slipbps0.5',
      sizing: 'risk1%',
      split: 0.7,
      bootstrap: 1000,
    });
    const index = node.result.policies.findIndex((p) => p.policy.id === 'ladder-be-trail');
    const trades = node.result.policies[index].trades;
    const k = trades.findIndex((t) => t.fills.length === 3);
    expect(k).toBeGreaterThan(0);
    const trade = trades[k];
    await lab.locator('.lab-table tbody tr').nth(index).click();
    for (let i = 0; i < k; i++) await lab.locator('button[aria-label="next trade"]').click();
    await expect
      .poll(() => lab.locator('[data-role="trade-info"]').textContent())
      .toMatch(new RegExp(`^Trade ${k + 1} of ${trades.length}:`));
    const chart = lab.locator('[data-role="replay-chart"]');
    const drawn = await chart.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    expect(Number(drawn.targets)).toBe(2);
    expect(Number(drawn.fills)).toBe(3);
    // One stop point per bar from the entry bar to the exit bar.
    expect(Number(drawn.stopPath)).toBe(trade.exitIndex - trade.entryIndex + 1);
    // Every fill in words, in order, with its price and R: why the trade ended.
    const text = (await lab.locator('[data-role="trade-fills"]').textContent()) ?? '';
    const names = trade.fills.map((f) =>
      f.reason === 'target' || f.reason === f.leg ? f.leg : `${f.leg} (${f.reason})`,
    );
    expect(text.startsWith('Exits: ')).toBe(true);
    expect(
      text
        .replace(/ [-\d.]+ \([^)]*R\)/g, '')
        .slice('Exits: '.length)
        .split(', then '),
    ).toEqual(names);
    expect(text).not.toContain('could not be matched');
    await chart.screenshot({ path: path.join(SHOTS, 'lab-replay-ladder-be-trail.png') });
    expect(errors).toEqual([]);
  });

  it("the demo's lab page runs on SPY daily by itself, and again on another market", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 1500 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${env.base}/demo/lab.html?theme=dark`);
    await expect.poll(() => status(page), { timeout: 60_000 }).toBe('done');
    const lab = page.locator('#lab');
    expect(await lab.locator('.lab-table tbody tr').count()).toBe(7);
    // The page's request (demo/lab.js) run in Node on the same file gives the same trade counts.
    const request = {
      entries: 'donchian:20',
      costs: 'bps1,slipbps1',
      sizing: 'risk1%',
      split: 0.7,
      bootstrap: 1000,
    } as const;
    // The page's default market is the demo data's SPY (demo/data), so a clone alone runs it.
    const spy = runLab(parseBarsCsv(readDemoCsv('spy_daily_2005-2020.csv')), request);
    const counts = await lab.locator('.lab-table tbody tr td:nth-child(2)').allTextContents();
    expect(counts).toEqual(spy.result.policies.map((p) => String(p.stats.trades)));
    await page.screenshot({ path: path.join(SHOTS, 'demo-lab-dark.png'), fullPage: true });
    // The picker offers the demo data, then the full series of ../shared/data (it is beside this checkout).
    const offered = await page
      .locator('#dataset optgroup')
      .evaluateAll((groups) =>
        groups.map((g) => [(g as HTMLOptGroupElement).label, g.querySelectorAll('option').length]),
      );
    expect(offered).toEqual([
      ['Demo data (in the repository)', fs.readdirSync(DEMO_DATA).filter((f) => f.endsWith('.csv')).length],
      ['Full series (../shared/data)', fs.readdirSync(DATA).filter((f) => f.endsWith('.csv')).length],
    ]);
    // Another market from the picker, a full series: the lab mounts again on it and runs.
    await page.selectOption('#dataset', '/data/eurusd_1h_2017-2018.csv');
    await expect
      .poll(() => lab.locator('[data-role="status"]').textContent(), { timeout: 60_000 })
      .toContain('Done');
    const eurusd = runLab(parseBarsCsv(readCsv('eurusd_1h_2017-2018.csv')), request);
    await expect
      .poll(() => lab.locator('.lab-table tbody tr td:nth-child(2)').allTextContents())
      .toEqual(eurusd.result.policies.map((p) => String(p.stats.trades)));
    expect(errors).toEqual([]);
    await context.close();
  });
});
