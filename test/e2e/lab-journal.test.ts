// The widget lab's journal view in headless Chromium: the extension's journal export
// (test/fixtures/journal/journal-export-btcusdt-5m.json, written by journalToJson) reported on
// the lab's own bars (real BTCUSDT 5m from ../shared/data, served by the `npm start` server).
// Every number shown is the engine's report, summary and audit computed here in Node on the
// same bars, formatted by the same functions. A fills file with bad rows names each row and
// field and nothing is taken in until confirmed.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatR, journal as J, parseBarsCsv } from '../../engine/index.js';
import { iso, num, qty } from '../../widget/journal/journal-format.js';
import { readCsv, serverAndBrowser, SHOTS, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();
const FIX = path.resolve('test/fixtures/journal');
const EXPORT = path.join(FIX, 'journal-export-btcusdt-5m.json');
const BARS = 'btcusdt_binance_5m_2020-12_2021-07.csv';

// The engine in Node on the same file and bars: what the lab must show.
const bars = parseBarsCsv(readCsv(BARS));
const journal = J.parseJournalJson(fs.readFileSync(EXPORT, 'utf8'));
const reports = J.reportTrades(journal.trades, () => bars);
const summary = J.summarize(reports);
const audit = J.auditTrades(journal.trades, () => bars, J.DEFAULT_HORIZON);

async function openLab(width = 1100): Promise<{ page: Page; view: Locator; errors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width, height: 1400 } });
  const url = `${env.base}/test/lab-journal-${Math.random().toString(36).slice(2)}.html`;
  await context.route(url, (r) =>
    r.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>lab journal</title><script src="/widget/exitplan-lab.js"></script></head>
<body style="margin:16px;font-family:sans-serif"><div id="lab"></div>
<script>window.lab = window.ExitPlanLab.mountLab(document.getElementById('lab'), { src: '/data/${BARS}', workerUrl: null });</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.evaluate(() => (window as unknown as { lab: { ready: Promise<void> } }).lab.ready);
  const view = page.locator('#lab [data-role="journal"]');
  await view.locator('summary').click();
  return { page, view, errors };
}

const cells = (row: Locator): Promise<string[]> => row.locator('td').allTextContents();

describe('widget lab: journal view', () => {
  it("shows the engine's report, summary and audit of a journal export on the lab's bars", async () => {
    const { page, view, errors } = await openLab();
    await view.locator('input[name="journal-file"]').setInputFiles(EXPORT);
    const rows = view.locator('[data-testid=trades] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(reports.length);
    expect(reports.length).toBe(12);

    // The summary line: adherence and what leaving the plan cost, with its bootstrap interval.
    const d = summary.deviation!;
    const line = (await view.getByTestId('summary').textContent()) ?? '';
    expect(line).toContain(`Trades ${summary.trades}`);
    expect(line).toContain(`Plan followed ${num(summary.adherenceRate * 100, 0)}%`);
    expect(line).toContain(
      `Leaving the plan ${formatR(d.interval.point)} per trade (${formatR(d.interval.low)} to ${formatR(d.interval.high)}, 95% bootstrap over ${d.count} trades): too few trades to say`,
    );
    // Every trade row: actual R, plan R, the difference, slippage R, MFE, MAE, exit efficiency.
    for (const [k, r] of reports.entries())
      expect(await cells(rows.nth(k))).toEqual([
        r.id,
        r.symbol,
        r.side,
        iso(r.entryTime),
        formatR(r.actualR),
        formatR(r.planR),
        formatR(r.deviationR),
        num(r.slippageR, 3),
        num(r.mfeR),
        num(r.maeR),
        num(r.exitEfficiency),
        r.rules
          .filter((x) => !x.followed)
          .map((x) => x.rule)
          .join(', ') || '-',
      ]);
    // The distributions of slippage and R.
    const dist = view.locator('[data-testid=distributions] tbody tr');
    expect(await cells(dist.nth(0))).toEqual([
      'Slippage per fill, bps',
      String(summary.slippageBps.count),
      ...(['mean', 'p10', 'median', 'p90', 'min', 'max'] as const).map((c) => num(summary.slippageBps[c], 1)),
    ]);
    expect(await cells(dist.nth(2))).toEqual([
      'R per trade',
      String(summary.r.count),
      ...(['mean', 'p10', 'median', 'p90', 'min', 'max'] as const).map((c) => num(summary.r[c], 2)),
    ]);
    // Equity in R: one point per trade after the origin, for both lines.
    const points = await view.locator('svg.equity polyline.actual').getAttribute('points');
    expect(points?.split(' ')).toHaveLength(summary.equityR.length + 1);

    // A trade closed by hand (btc-3): its legs against the plan, and the rules it overrode.
    const manual = reports.find((r) => r.id === 'btc-3')!;
    await view.locator('[data-testid=trades] tr[data-trade="btc-3"]').click();
    const detail = view.getByTestId('trade-detail');
    expect(await detail.getAttribute('data-trade')).toBe('btc-3');
    const legs = detail.locator('[data-testid=legs] tbody tr');
    expect(await legs.count()).toBe(manual.legs.length);
    for (const [k, l] of manual.legs.entries())
      expect(await cells(legs.nth(k))).toEqual([
        l.leg === 'manual' ? 'manual (by hand)' : l.leg,
        l.side,
        iso(l.time),
        qty(l.size),
        l.plannedPrice === null ? '-' : J.formatFillPrice(l.plannedPrice),
        J.formatFillPrice(l.price),
        num(l.slippage),
        num(l.slippageBps, 1),
        num(l.slippageR, 3),
        num(l.slippageVsMid),
        num(l.fee),
        num(l.reversalP),
        l.regime ?? '-',
      ]);
    expect(manual.legs.at(-1)!.leg).toBe('manual');
    expect(await detail.getByTestId('rules').locator('li').allTextContents()).toEqual(
      manual.rules.map((x) => `${x.followed ? 'followed' : 'overridden'} ${x.rule}: ${x.detail}`),
    );
    const rline = (await detail.getByTestId('trade-r').textContent()) ?? '';
    expect(rline).toContain(`Actual ${formatR(manual.actualR)}`);
    expect(rline).toContain(`Plan ${formatR(manual.planR)}`);

    // The exit audit: totals, one row per exit, and the replayed plan variants.
    expect(await view.getByTestId('audit-totals').textContent()).toBe(
      `Left on the table after the exits ${formatR(audit.totalPrematureR)}; given back before them ${formatR(audit.totalLateR)}.`,
    );
    expect(await view.locator('[data-testid=exits] tbody tr').count()).toBe(audit.exits.length);
    const variants = view.locator('[data-testid=suggestions] tbody tr');
    expect(await variants.count()).toBe(audit.suggestions.length);
    const v = audit.suggestions[0];
    expect((await cells(variants.nth(0))).slice(0, 5)).toEqual([
      v.change,
      String(v.trades),
      formatR(v.keptVsActual.interval.point),
      `${formatR(v.keptVsActual.interval.low)} to ${formatR(v.keptVsActual.interval.high)}`,
      formatR(v.keptVsPlan.interval.point),
    ]);

    // The setup tag filter narrows the list to that tag's trades.
    await view.getByTestId('filter-tag').selectOption('breakout');
    await expect.poll(() => rows.count()).toBe(reports.filter((r) => r.tags.includes('breakout')).length);
    await view.getByTestId('filter-tag').selectOption('');
    await view.locator('[data-testid=trades] tr[data-trade="btc-3"]').click();
    await page.screenshot({ path: path.join(SHOTS, 'lab-journal.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('names each bad row and field of a fills file and takes nothing in until confirmed', async () => {
    const { page, view, errors } = await openLab();
    await view.locator('input[name="journal-file"]').setInputFiles(EXPORT);
    const rows = view.locator('[data-testid=trades] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(12);
    const bad = path.join(FIX, 'binance-spot-bad-rows.csv');
    await view.locator('input[name="journal-file"]').setInputFiles(bad);
    const preview = view.getByTestId('import-preview');
    // The importer's own problems for the file (engine previewImport), each shown by row and field.
    const read = J.previewImport(fs.readFileSync(bad, 'utf8'));
    expect(read.problems.length).toBe(3);
    await expect.poll(() => preview.locator('li').count()).toBe(read.problems.length + read.warnings.length);
    expect(await preview.locator('h2').textContent()).toContain(
      'binance-spot-bad-rows.csv: 3 row(s) cannot be read',
    );
    const items = await preview.locator('li').allTextContents();
    for (const p of read.problems) expect(items).toContain(`row ${p.row}, ${p.field}: ${p.message}`);
    expect(items).toContain(
      'row 3, Date(UTC): cannot read the time "yesterday"; give UNIX seconds or an ISO date',
    );
    // Nothing is taken in yet: the export's report is still the one on screen.
    expect(await rows.count()).toBe(12);
    await page.screenshot({ path: path.join(SHOTS, 'lab-journal-bad-rows.png'), fullPage: true });
    // Confirmed: the readable rows are the journal now, reported on the same bars.
    await view.getByTestId('import-confirm').click();
    expect(await preview.count()).toBe(0);
    const plan = { stop: 'atr14x1.5', ladder: '1R:50', trail: 'atr14x2.5@1' };
    const fills = read.fills.map(({ row: _r, symbol: _s, ref: _f, ...f }) => f);
    const taken = J.reportTrades(J.tradesFromFills(fills, plan, 'BTCUSDT'), () => bars);
    await expect.poll(() => rows.count()).toBe(taken.length);
    expect(await cells(rows.nth(0))).toContain(formatR(taken[0].actualR));
    expect(await view.locator('[data-role="journal-status"]').textContent()).toContain(
      `binance-spot-bad-rows.csv: ${taken.length} trade(s)`,
    );
    expect(errors).toEqual([]);
  });

  it('on a phone the report scrolls in its boxes and the page does not widen', async () => {
    const { page, view, errors } = await openLab(390);
    await view.locator('input[name="journal-file"]').setInputFiles(EXPORT);
    await expect
      .poll(() => view.locator('[data-testid=trades] tbody tr').count(), { timeout: 30_000 })
      .toBe(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    // The trade list is wider than the phone: it scrolls inside its box.
    const box = await view
      .locator('[data-testid=trades]')
      .evaluate((t) => ({ box: t.parentElement!.clientWidth, table: t.scrollWidth }));
    expect(box.table).toBeGreaterThan(box.box);
    await page.screenshot({ path: path.join(SHOTS, 'lab-journal-390.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
