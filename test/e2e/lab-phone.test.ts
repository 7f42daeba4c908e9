// The demo's lab page on a 390 x 844 phone and a 1400 x 900 desktop, light and dark (issue 14,
// "the lab as a person sees it"). The equity chart's value badges (lightweight-charts' last-value
// labels, one per policy) stacked over each other and over the price axis on a phone (and on a
// desktop when the curves end close together, as on BTC 5m): the chart shows none, read back
// from the series' own options, and a legend gives each policy's final equity, the engine's
// number for the page's request in Node.
// The first time label is whole (read from the time axis canvas, as widget-chart-axes.test.ts
// does). The trade replay, the learned policy's heat maps and the journal view fit 390 px without
// widening the page; a heat map scrolls in its box with its row headings in view.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  buildPolicyFile,
  labOptions,
  parseBarsCsv,
  resolveEntries,
  runLab,
  trainPolicy,
} from '../../engine/index.js';
import { formatEquity } from '../../widget/lab/EquityChart.js';
import { DATA, readCsv, readDemoCsv, serverAndBrowser, SHOTS, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

// The page's request (demo/lab.js) on its default market, the demo data's SPY daily.
const REQUEST = {
  entries: 'donchian:20',
  costs: 'bps1,slipbps1',
  sizing: 'risk1%',
  split: 0.7,
  bootstrap: 1000,
} as const;
const spy = runLab(parseBarsCsv(readDemoCsv('spy_daily_2005-2020.csv')), REQUEST);

// A learned policy file, as lab-policy.test.ts builds it: the CLI's learner on SPY daily.
const policyBars = parseBarsCsv(readCsv('spy_daily_1999-2020.csv'));
const policyOptions = labOptions({ entries: 'donchian:20', costs: 'bps5,fill1' });
const policyText = JSON.stringify(
  buildPolicyFile(
    policyBars,
    trainPolicy(policyBars, resolveEntries(policyBars, 'donchian:20'), policyOptions),
    policyOptions.costs,
  ),
);
// The extension's journal export (12 trades, lab-journal.test.ts) and the bars it was made on.
const JOURNAL_EXPORT = path.resolve('test/fixtures/journal/journal-export-btcusdt-5m.json');
const JOURNAL_BARS = path.join(DATA, 'btcusdt_binance_5m_2020-12_2021-07.csv');

async function openDemoLab(
  width: number,
  height: number,
  theme: 'light' | 'dark',
): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await env.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.base}/demo/lab.html?theme=${theme}`);
  await expect
    .poll(() => page.locator('#lab [data-role="status"]').getAttribute('data-status'), { timeout: 60_000 })
    .toBe('done');
  // The chart lays out its badges on its first size and paints on the next frames.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { page, errors, close: () => context.close() };
}

/**
 * The equity chart's time axis canvas, its label band: the runs of columns that hold ink (one run
 * per label; labels are further apart than the gaps inside one), in canvas px.
 */
function timeLabelRuns(
  page: Page,
  role = 'equity-chart',
): Promise<{ from: number; to: number; width: number }[]> {
  return page.evaluate((role) => {
    const host = document.querySelector('#lab')!.shadowRoot!.querySelector(`[data-role="${role}"]`)!;
    const rows = host.querySelectorAll('table > tbody > tr, table > tr');
    const time = rows[rows.length - 1].querySelectorAll(':scope > td')[1].querySelector('canvas')!;
    const img = time.getContext('2d')!.getImageData(0, 0, time.width, time.height);
    const ratio = time.width / time.getBoundingClientRect().width;
    const at = (x: number, y: number) => {
      const i = (y * img.width + x) * 4;
      return [img.data[i], img.data[i + 1], img.data[i + 2]];
    };
    const bg = at(img.width - 1, img.height - 1);
    const top = Math.round(4 * ratio);
    const ink = (x: number) => {
      for (let y = top; y < img.height; y++) {
        const p = at(x, y);
        if (Math.abs(p[0] - bg[0]) + Math.abs(p[1] - bg[1]) + Math.abs(p[2] - bg[2]) > 60) return true;
      }
      return false;
    };
    const gap = Math.round(6 * ratio);
    const runs: { from: number; to: number }[] = [];
    for (let x = 0; x < img.width; x++) {
      if (!ink(x)) continue;
      const run = runs[runs.length - 1];
      if (run && x - run.to <= gap) run.to = x + 1;
      else runs.push({ from: x, to: x + 1 });
    }
    return runs.map((r) => ({ ...r, width: img.width }));
  }, role);
}

describe('the lab on a phone and a desktop', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [width, height] of [
      [390, 844],
      [1400, 900],
    ] as const) {
      it(`equity chart at ${width} px, ${theme}: no value badges, a legend of final equity`, async () => {
        const { page, errors, close } = await openDemoLab(width, height, theme);
        const lab = page.locator('#lab');
        const chart = lab.locator('[data-role="equity-chart"]');
        const legend = lab.locator('[data-role="equity-legend"] li');
        const policies = spy.result.policies;
        const data = await chart.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
        // No last-value badge and no series title on the price axis, at any width: seven of them
        // piled up over each other and over the axis's labels on a phone, and on a desktop too
        // when the curves end close together.
        expect(data.valueBadges).toBe('0');
        expect(data.seriesTitles).toBe('0');
        // Instead, every policy's final equity (the engine's, in Node) in the legend, in order.
        expect(await legend.allTextContents()).toEqual(
          policies.map((p) => `${p.policy.id} ${formatEquity(p.equity[p.equity.length - 1])}`),
        );
        // The legend wraps inside the lab: the page does not widen.
        const box = (await lab.locator('[data-role="equity-legend"]').boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        // The time axis has labels, and the first is whole, not cut by the left edge ("05" for
        // 2005): a label at the edge is as wide as the year after it (same digits, same font).
        const runs = await timeLabelRuns(page);
        expect(runs.length).toBeGreaterThanOrEqual(3);
        if (runs[0].from <= 1)
          expect(runs[0].to - runs[0].from, 'a time label cut by the left edge').toBeGreaterThan(
            0.85 * (runs[1].to - runs[1].from),
          );
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
        // The form's re-entry choice wears the lab's theme like the inputs beside it.
        const look = await lab.locator('.lab-form').evaluate((form) => {
          const css = (sel: string) => {
            const s = getComputedStyle(form.querySelector(sel)!);
            return { bg: s.backgroundColor, color: s.color, border: s.borderTopColor, font: s.fontFamily };
          };
          return { select: css('select[name="reentry"]'), input: css('input[name="costs"]') };
        });
        expect(look.select).toEqual(look.input);
        await chart.screenshot({ path: path.join(SHOTS, `lab-phone-equity-${width}-${theme}.png`) });
        expect(errors).toEqual([]);
        await close();
      });
    }
  }

  it('keeps the edge time labels whole on the equity chart and the replay (BTC 5m)', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${env.base}/demo/lab.html?data=btcusdt_binance_5m_2020-12_2021-07.csv`);
    await expect
      .poll(() => page.locator('#lab [data-role="status"]').getAttribute('data-status'), { timeout: 90_000 })
      .toBe('done');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const runs = await timeLabelRuns(page);
    const widths = runs.map((r) => r.to - r.from).sort((a, b) => a - b);
    const median = widths[Math.floor(widths.length / 2)];
    const last = runs[runs.length - 1];
    // A label cut by the right edge ("13:" of 13:10) is narrower than the labels beside it.
    if (last.to >= last.width - 1)
      expect(last.to - last.from, 'a time label cut by the right edge').toBeGreaterThan(0.85 * median);
    const first = runs[0];
    if (first.from <= 1)
      expect(first.to - first.from, 'a time label cut by the left edge').toBeGreaterThan(0.85 * median);
    // The trade replay's time axis too (its first trade opens on 2020-12-01: "Dec" was cut to "ec").
    // Its labels are mostly times of day ("01:00", the median width); a whole month name is ~0.8
    // of that, a label cut at its middle (lightweight-charts centres a label on its bar) ~0.5.
    const replay = await timeLabelRuns(page, 'replay-chart');
    const replayWidths = replay.map((r) => r.to - r.from).sort((a, b) => a - b);
    const replayMedian = replayWidths[Math.floor(replayWidths.length / 2)];
    expect(replay.length).toBeGreaterThanOrEqual(3);
    for (const [run, side] of [
      [replay[0], 'left'],
      [replay[replay.length - 1], 'right'],
    ] as const)
      if (run.from <= 1 || run.to >= run.width - 1)
        expect(run.to - run.from, `a replay time label cut by the ${side} edge`).toBeGreaterThan(
          0.65 * replayMedian,
        );
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('on a phone the replay, the heat maps and the journal view fit 390 px; a heat map scrolls in its box', async () => {
    const { page, errors, close } = await openDemoLab(390, 844, 'light');
    const lab = page.locator('#lab');
    const pageWidth = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);
    const inside = async (selector: string): Promise<void> => {
      const whole = (await lab.locator('.lab').boundingBox())!;
      const box = (await lab.locator(selector).first().boundingBox())!;
      expect(box.x, selector).toBeGreaterThanOrEqual(whole.x);
      expect(box.x + box.width, selector).toBeLessThanOrEqual(whole.x + whole.width + 0.5);
    };
    // The trade replay: its buttons, its words and its chart inside the lab.
    await inside('.lab-replay-bar');
    await inside('[data-role="trade-fills"]');
    await inside('[data-role="replay-chart"]');

    // The heat maps of a saved learned policy: wider than a phone, so each scrolls in its box.
    await lab.locator('input[name="policy-file"]').setInputFiles({
      name: 'spy.json',
      mimeType: 'application/json',
      buffer: Buffer.from(policyText),
    });
    const maps = lab.locator('[data-role="heat-map"] figure');
    await expect.poll(() => maps.count()).toBe(3);
    expect(await pageWidth()).toBe(390);
    for (let i = 0; i < 3; i++) {
      const map = maps.nth(i);
      const m = await map.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
      expect(m.scroll).toBeGreaterThan(m.client);
      await map.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
      const box = (await map.boundingBox())!;
      // Scrolled to its end, the last column is in view and the row headings (R open) still are.
      const last = (await map.locator('thead th').last().boundingBox())!;
      expect(last.x + last.width).toBeLessThanOrEqual(box.x + box.width + 1);
      const heading = (await map.locator('tbody th').first().boundingBox())!;
      expect(heading.x).toBeGreaterThanOrEqual(box.x - 1);
      // The map's title stays in view too ("Middle third", not "ird").
      const caption = (await map.locator('figcaption').boundingBox())!;
      expect(caption.x).toBeGreaterThanOrEqual(box.x - 1);
      // ...and on top: the scrolled cells pass under the headings, not over them.
      await map.scrollIntoViewIfNeeded();
      const onTop = await map.evaluate((el) =>
        Array.from(el.querySelectorAll('tbody th'), (th) => {
          const r = th.getBoundingClientRect();
          const root = el.getRootNode() as ShadowRoot;
          return root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === th;
        }),
      );
      expect(onTop).toHaveLength(8);
      expect(onTop).not.toContain(false);
    }
    await lab
      .locator('[data-role="heat-map"]')
      .screenshot({ path: path.join(SHOTS, 'lab-phone-heatmap.png') });

    // A failed run with the heat maps on screen: the message is right under the form, on the
    // screen the Run button is on, not below the maps (three screens further down on a phone).
    await lab.locator('input[name="costs"]').fill('bps1,wat3');
    await lab.locator('[data-role="run"]').click();
    await expect.poll(() => lab.locator('[data-role="status"]').getAttribute('data-status')).toBe('error');
    const run = (await lab.locator('[data-role="run"]').boundingBox())!;
    const error = (await lab.locator('[data-role="error"]').boundingBox())!;
    const heat = (await lab.locator('[data-role="heat-map"]').boundingBox())!;
    expect(error.y).toBeLessThan(heat.y);
    expect(error.y - (run.y + run.height)).toBeLessThan(844 / 2);
    await page.screenshot({ path: path.join(SHOTS, 'lab-phone-failed.png') });

    // The journal view with the extension's export on its own bars (BTCUSDT 5m, a bars file):
    // the whole report (summary, trades, audit) inside the view, the page as wide as the phone.
    const journal = lab.locator('[data-role="journal"]');
    await journal.locator('summary').click();
    await journal.locator('input[name="journal-bars"]').setInputFiles(JOURNAL_BARS);
    await journal.locator('input[name="journal-file"]').setInputFiles(JOURNAL_EXPORT);
    await expect
      .poll(() => journal.locator('[data-testid=trades] tbody tr').count(), { timeout: 30_000 })
      .toBe(12);
    expect(await pageWidth()).toBe(390);
    const whole = (await journal.boundingBox())!;
    expect(whole.x + whole.width).toBeLessThanOrEqual(390);
    for (const part of await journal.locator('[data-role="journal-report"] > *').all()) {
      const box = (await part.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(whole.x + whole.width);
    }
    await journal.screenshot({ path: path.join(SHOTS, 'lab-phone-journal.png') });
    await page.screenshot({ path: path.join(SHOTS, 'lab-phone-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });
});
