// Pages that forbid workers: the widget must notice (constructor throw, error event or a
// ping that never answers), run the same engine on the main thread, and keep working.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeOverlay, parseBarsCsv, parsePlan, type Bar, type PlanText } from '../../engine/index.js';
import {
  openBarePage,
  readCsv,
  readDemoCsv,
  serverAndBrowser,
  SHOTS,
  snapshot,
  watchErrors,
  type WidgetElementLike,
} from './widget-harness.js';

const env = serverAndBrowser();

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('engine on the page by choice (worker="main")', () => {
  it('waits for the engine script when the file is read first', async () => {
    // The engine script arrives 600 ms late (a slow CDN): the bars are parsed long before it.
    const page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="main" worker="main" src="/data/spy_daily_1999-2020.csv" side="long" entry="last" stop="2%" ladder="1R:50,2R:50"></exit-plan>`,
      '',
      async (context) => {
        await context.route('**/widget/exitplan-engine.js', async (route) => {
          const response = await route.fetch();
          await new Promise((resolve) => setTimeout(resolve, 600));
          await route.fulfill({ response });
        });
      },
    );
    const errors = watchErrors(page);
    const s = await snapshot(page, '#main');
    expect(s.error).toBeNull();
    expect(s.mode).toBe('main-thread');
    const bars = parseBarsCsv(readCsv('spy_daily_1999-2020.csv'));
    const last = bars[bars.length - 1];
    const plan = parsePlan({
      side: 'long',
      entry: last.close,
      at: last.time,
      stop: '2%',
      ladder: '1R:50,2R:50',
    });
    expect(s.overlay).toEqual(plain(computeOverlay(bars, plan)));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('strict Content-Security-Policy', () => {
  it('falls back to the main thread on the strict-CSP demo page and draws the same plan', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
    // Record CSP violations from the first script on, to prove the worker really was refused.
    await context.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(e.effectiveDirective));
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${env.base}/demo/strict-csp.html`);
    const s = await snapshot(page, '#csp');
    expect(s.error).toBeNull();
    expect(s.mode).toBe('main-thread');
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toContain(
      'worker-src',
    );
    // Oracle: the engine in Node on the same CSV with the page's plan (demo/strict-csp.html).
    const plan: PlanText = {
      side: 'long',
      entry: '29785',
      at: '2021-01-02T12:00:00Z',
      stop: '1.2%',
      ladder: '1R:25,2R:25,fib2.618:25',
      swing: '28700:29900',
      trail: 'atr14x4@1',
      breakeven: '1',
    };
    const expected = computeOverlay(
      parseBarsCsv(readDemoCsv('btcusdt_binance_5m_2020-12-24_2021-01-07.csv')),
      parsePlan(plan),
    );
    expect(s.overlay).toEqual(plain(expected));
    expect(s.drawn?.priceLines.map((l) => l.price)).toEqual(expected.lines.map((l) => l.price));
    const note = await page.evaluate(
      () => document.querySelector('#csp')?.shadowRoot?.querySelector('.ep-note')?.textContent ?? '',
    );
    expect(note).toContain('main thread');
    // Detected from the worker's error event at once, not by waiting out the ping timeout.
    expect(note).toContain('the worker failed to load');
    await page.locator('#csp').screenshot({ path: path.join(SHOTS, 'widget-strict-csp.png') });
    // The refused worker is reported by Chromium as a console error; nothing else may be.
    expect(errors.filter((e) => !/Content Security Policy|worker/i.test(e))).toEqual([]);
    await context.close();
  });

  it('keeps pushing bars on the fallback under a worker-src header', async () => {
    const page = await openBarePage(
      env.browser,
      env.base,
      '<div id="host"></div>',
      `<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`,
    );
    const bars = parseBarsCsv(readCsv('spy_daily_1999-2020.csv'));
    const history = bars.slice(5000, 5108);
    const next = bars.slice(5108, 5140);
    const plan: PlanText = { side: 'short', entry: 'last', stop: '3%', ladder: '1R:50', trail: 'atr14x2' };
    const result = await page.evaluate(
      async ({ history, next, plan }) => {
        const api = (
          window as unknown as { ExitPlan: { mount: (el: HTMLElement, o: unknown) => WidgetElementLike } }
        ).ExitPlan;
        const w = api.mount(document.getElementById('host') as HTMLElement, { bars: history, plan });
        await w.ready;
        const stops: number[] = [];
        for (const bar of next) stops.push((await w.push(bar))?.state.stop ?? NaN);
        return { mode: w.engineMode(), stops, overlay: w.getOverlay() };
      },
      { history, next, plan },
    );
    expect(result.mode).toBe('main-thread');
    const spec = parsePlan({
      ...plan,
      entry: history[history.length - 1].close,
      at: history[history.length - 1].time,
    });
    const expected = computeOverlay([...history, ...next] as Bar[], spec);
    expect(result.overlay).toEqual(plain(expected));
    // A short's trail only moves down.
    for (let i = 1; i < result.stops.length; i++)
      expect(result.stops[i]).toBeLessThanOrEqual(result.stops[i - 1]);
    await page.context().close();
  });

  it('says what to change when neither the worker nor the engine script may run', async () => {
    const page = await openBarePage(
      env.browser,
      env.base,
      '<div id="host"></div>',
      `<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`,
    );
    const bars = parseBarsCsv(readCsv('spy_daily_1999-2020.csv')).slice(5000, 5108);
    const message = await page.evaluate(async (bars) => {
      type Api = { mount: (el: HTMLElement, o: unknown) => WidgetElementLike };
      const api = (window as unknown as { ExitPlan: Api }).ExitPlan;
      const w = api.mount(document.getElementById('host') as HTMLElement, {
        bars,
        plan: { side: 'long', entry: 'last', stop: '2%' },
        engineScriptUrl: '/widget/no-such-engine.js',
      });
      await w.ready;
      return w.errorMessage();
    }, bars);
    expect(message).toContain('The exit engine cannot start');
    expect(message).toContain('worker-src');
    expect(message).toContain('/widget/no-such-engine.js could not be loaded');
    await page.context().close();
  });

  it('falls back when the worker loads but never answers (ping timeout)', async () => {
    const page = await openBarePage(env.browser, env.base, '<div id="host"></div>');
    // A worker script that starts fine and ignores every message.
    await page
      .context()
      .route(`${env.base}/test/silent-worker.js`, (r) =>
        r.fulfill({ contentType: 'text/javascript', body: 'self.onmessage = () => {};' }),
      );
    const bars = parseBarsCsv(readCsv('spy_daily_1999-2020.csv')).slice(5000, 5108);
    const result = await page.evaluate(
      async ({ bars, url }) => {
        const api = (
          window as unknown as { ExitPlan: { mount: (el: HTMLElement, o: unknown) => WidgetElementLike } }
        ).ExitPlan;
        const w = api.mount(document.getElementById('host') as HTMLElement, {
          bars,
          plan: { side: 'long', entry: 'last', stop: '2%', ladder: '1R:50' },
          workerUrl: url,
        });
        await w.ready;
        return { mode: w.engineMode(), lines: w.getOverlay()?.lines.length ?? 0 };
      },
      { bars, url: `${env.base}/test/silent-worker.js` },
    );
    expect(result).toEqual({ mode: 'main-thread', lines: 3 }); // entry, stop, T1
    await page.context().close();
  });
});

describe("pages with style-src 'self' and Trusted Types", () => {
  /** A bare page under `csp`, recording every CSP violation from the first script on. */
  async function strictPage(csp: string, body: string) {
    return openBarePage(
      env.browser,
      env.base,
      body,
      `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
      async (context) => {
        await context.addInitScript(() => {
          const w = window as unknown as { violations: string[] };
          w.violations = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            w.violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
          );
        });
      },
    );
  }
  const WIDGET = `<exit-plan id="w" src="/data/spy_daily_1999-2020.csv" side="long" entry="last" stop="2%" ladder="1R:50,2R:50" theme="light"></exit-plan>`;
  /** The widget's own stylesheet is in force: its box has the rounded border and the two-column body. */
  const styled = (page: import('playwright-core').Page) =>
    page.evaluate(() => {
      const root = document.querySelector('#w')?.shadowRoot;
      const box = root?.querySelector('.ep');
      const body = root?.querySelector('.ep-body');
      return {
        radius: box ? getComputedStyle(box).borderTopLeftRadius : '',
        grid: body ? getComputedStyle(body).display : '',
      };
    });

  it("is styled under style-src 'self' (no inline <style> needed) and reports no violation", async () => {
    const page = await strictPage("default-src 'self'; style-src 'self'; img-src 'self' data:", WIDGET);
    const s = await snapshot(page, '#w');
    expect(s.error).toBeNull();
    expect(s.mode).toBe('worker');
    expect(await styled(page)).toEqual({ radius: '8px', grid: 'grid' });
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.locator('#w').screenshot({ path: path.join(SHOTS, 'widget-style-src-self.png') });
    await page.context().close();
  });

  it("runs in its worker under require-trusted-types-for 'script' with its own policy", async () => {
    const page = await strictPage(
      "default-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types exitplan",
      WIDGET,
    );
    const errors = watchErrors(page);
    const s = await snapshot(page, '#w');
    expect(s.error).toBeNull();
    expect(s.mode).toBe('worker');
    expect(s.overlay?.lines.length).toBe(4); // entry, stop, T1, T2
    expect(await styled(page)).toEqual({ radius: '8px', grid: 'grid' });
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('names the real cause when the page does not allow its Trusted Types policy', async () => {
    const page = await strictPage(
      "default-src 'self'; require-trusted-types-for 'script'; trusted-types nobody",
      WIDGET,
    );
    const s = await snapshot(page, '#w');
    expect(s.error).toContain('Trusted Types');
    expect(s.error).toContain('trusted-types exitplan');
    expect(s.error).not.toContain('worker-src');
    await page.context().close();
  });
});
