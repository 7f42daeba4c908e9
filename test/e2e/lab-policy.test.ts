// The lab with a saved learned policy (widget/lab/PolicyHeatMap.tsx): a policy file learned in
// Node on SPY daily (the CLI's learner and file writer) is loaded with "Policy file…"; the three
// heat maps show the actions heatMap() gives in Node for the same table, cell by cell, and the
// custom plan the file adds runs it in the worker beside the default policies, its trade count
// what runLab gives in Node for the same request.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  buildPolicyFile,
  heatMap,
  labOptions,
  loadPolicyFile,
  parseBarsCsv,
  resolveEntries,
  runLab,
  trainPolicy,
} from '../../engine/index.js';
import { readCsv, serverAndBrowser, SHOTS, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

const FILE = 'spy_daily_1999-2020.csv';
const RULE = 'donchian:20';
const bars = parseBarsCsv(readCsv(FILE));
const options = labOptions({ entries: RULE, costs: 'bps5,fill1' });
const trained = trainPolicy(bars, resolveEntries(bars, RULE), options);
const policyText = JSON.stringify(buildPolicyFile(bars, trained, options.costs));
const table = loadPolicyFile(policyText);

async function openLab(): Promise<{ page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 1500 } });
  const url = `${env.base}/test/lab-policy-${Math.random().toString(36).slice(2)}.html`;
  await context.route(url, (r) =>
    r.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>lab</title><script src="/widget/exitplan-lab.js"></script></head>
<body style="margin:16px;font-family:sans-serif"><div id="lab"></div>
<script>window.lab = window.ExitPlanLab.mountLab(document.getElementById('lab'), { src: '/data/${FILE}', workerUrl: '/widget/exitplan-lab-worker.js', request: { entries: '${RULE}', costs: 'bps5,fill1', policies: 'ladder,aioo-2r' } });</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.evaluate(() => (window as unknown as { lab: { ready: Promise<void> } }).lab.ready);
  return { page, errors };
}

describe('learned policy in the lab', () => {
  it('loads a policy file, draws its heat maps as the engine computes them, and runs it', async () => {
    const { page, errors } = await openLab();
    const lab = page.locator('#lab');
    await lab.locator('input[name="policy-file"]').setInputFiles({
      name: 'spy policy.json',
      mimeType: 'application/json',
      buffer: Buffer.from(policyText),
    });
    const maps = lab.locator('[data-role="heat-map"]');
    await expect.poll(() => maps.locator('figure').count()).toBe(3);
    let acting = 0;
    for (const slice of ['low', 'mid', 'high'] as const) {
      const node = heatMap(table, slice);
      const shown = await maps
        .locator(`figure[data-slice="${slice}"] tbody tr`)
        .evaluateAll((rows) =>
          rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.getAttribute('data-action') ?? '')),
        );
      const wanted = node.cells.map((row) =>
        row.map((c) => (c.samples > 0 && !Number.isNaN(c.advantage) ? c.action : '')),
      );
      expect(shown).toEqual(wanted);
      acting += wanted.flat().filter((a) => a === 'sell25' || a === 'liquidate').length;
      expect(await maps.locator(`figure[data-slice="${slice}"] tbody th`).allTextContents()).toEqual(
        node.rows,
      );
    }
    // The policy acts somewhere, or the maps would be one colour and prove little.
    expect(acting).toBeGreaterThan(0);
    // The file's name (spaces made dashes) is the custom plan's reference.
    const custom = await lab.locator('textarea[name="custom"]').inputValue();
    expect(custom).toBe('learned-file:stop=atr14x2;trail=atr14x3;policy=learned:spy-policy.json');
    await maps.screenshot({ path: path.join(SHOTS, 'lab-policy-heat-map.png') });

    await lab.locator('[data-role="run"]').click();
    await expect
      .poll(() => lab.locator('[data-role="status"]').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('done');
    const node = runLab(bars, {
      entries: RULE,
      costs: 'bps5,fill1',
      sizing: 'risk1%',
      policies: 'ladder,aioo-2r',
      custom: [custom],
      policyFiles: { 'spy-policy.json': policyText },
      split: 0.7,
      bootstrap: 1000,
    });
    const learned = node.result.policies.find((p) => p.policy.id === 'learned-file')!;
    const row = lab.locator('.lab-table tbody tr[data-policy="learned-file"]');
    expect(await row.locator('td').nth(1).textContent()).toBe(String(learned.stats.trades));
    expect(errors).toEqual([]);
  });

  it('a file for other features is refused by name, in the heat map and in the run', async () => {
    const { page } = await openLab();
    const lab = page.locator('#lab');
    const other = JSON.stringify({ ...JSON.parse(policyText), stateFeatures: ['unrealisedR', 'rsi'] });
    await lab
      .locator('input[name="policy-file"]')
      .setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(other) });
    await expect
      .poll(() => lab.locator('[data-role="heat-map"] [role="alert"]').textContent())
      .toMatch(
        /^old\.json: policy: the file's state \(unrealisedR, rsi\) or its bins differ .*learn the policy again$/,
      );
    await lab.locator('[data-role="run"]').click();
    await expect
      .poll(() => lab.locator('[data-role="status"]').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('error');
    expect(await lab.locator('[data-role="error"]').textContent()).toMatch(
      /old\.json: policy: the file's state/,
    );
    await page.context().close();
  });
});
