// A page that swaps posts without reloading (a single-page blog) adds and removes widgets all
// day: removing or destroying one, at any stage of its load, must end its engine worker (and
// its comparison's worker), or they pile up. Chromium's own list of the page's workers
// (page.workers(), from the DevTools protocol) is the count.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseBarsCsv } from '../../engine/index.js';
import { openBarePage, readCsv, serverAndBrowser, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

const CYCLES = 200;
/** Stages of a widget's load at which it is removed: at once, after a microtask, 5 ms, 40 ms, 150 ms, once ready. */
const STAGES = ['now', 'microtask', '5ms', '40ms', '150ms', 'ready'] as const;

async function settledWorkers(page: Page): Promise<number> {
  // A worker that was asked to stop goes within moments; give stragglers their ping timeout (3 s).
  await expect.poll(() => page.workers().length, { timeout: 8_000, interval: 250 }).toBe(0);
  return page.workers().length;
}

describe('widgets removed at any stage of their load leave no worker behind', () => {
  it(`${CYCLES} add/remove cycles of <exit-plan>`, async () => {
    const page = await openBarePage(env.browser, env.base, '<main id="post"></main>');
    const errors = watchErrors(page);
    const loaded = await page.evaluate(
      async ({ cycles, stages }) => {
        const post = document.getElementById('post') as HTMLElement;
        let loaded = 0;
        for (let i = 0; i < cycles; i++) {
          const el = document.createElement('exit-plan') as HTMLElement & { ready: Promise<void> };
          el.setAttribute('src', '/data/spy_daily_1999-2020.csv');
          for (const [k, v] of Object.entries({
            side: 'long',
            entry: 'last',
            stop: '2%',
            ladder: '1R:50,2R:50',
          }))
            el.setAttribute(k, v);
          post.append(el);
          const stage = stages[i % stages.length];
          if (stage === 'microtask') await Promise.resolve();
          else if (stage === '5ms') await new Promise((r) => setTimeout(r, 5));
          else if (stage === '40ms') await new Promise((r) => setTimeout(r, 40));
          else if (stage === '150ms') await new Promise((r) => setTimeout(r, 150));
          else if (stage === 'ready') {
            await el.ready;
            loaded++;
          }
          el.remove();
        }
        return loaded;
      },
      { cycles: CYCLES, stages: STAGES },
    );
    // Every sixth widget loaded fully before it went (33 of 200): the settled case is covered too.
    expect(loaded).toBe(Math.floor((CYCLES + 1) / STAGES.length));
    expect(await settledWorkers(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it(`${CYCLES} mount()/destroy() cycles`, async () => {
    const page = await openBarePage(env.browser, env.base, '<div id="host"></div>');
    const errors = watchErrors(page);
    const bars = parseBarsCsv(readCsv('spy_daily_1999-2020.csv')).slice(4000, 4600);
    await page.evaluate(
      async ({ cycles, stages, bars }) => {
        type Handle = { ready: Promise<void>; destroy(): void };
        const api = (window as unknown as { ExitPlan: { mount(el: HTMLElement, o: unknown): Handle } })
          .ExitPlan;
        const host = document.getElementById('host') as HTMLElement;
        for (let i = 0; i < cycles; i++) {
          const w = api.mount(host, {
            bars,
            plan: { side: 'long', entry: 'last', stop: '2%', ladder: '1R:50,2R:50' },
          });
          const stage = stages[i % stages.length];
          if (stage === 'microtask') await Promise.resolve();
          else if (stage === '5ms') await new Promise((r) => setTimeout(r, 5));
          else if (stage === '40ms') await new Promise((r) => setTimeout(r, 40));
          else if (stage === '150ms') await new Promise((r) => setTimeout(r, 150));
          else if (stage === 'ready') await w.ready;
          w.destroy();
        }
      },
      { cycles: CYCLES, stages: STAGES, bars },
    );
    expect(await settledWorkers(page)).toBe(0);
    expect(await page.evaluate(() => document.getElementById('host')?.childElementCount)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('live widgets on a (mocked) Binance feed close their socket and worker when removed', async () => {
    const bars = parseBarsCsv(readCsv('btcusdt_binance_5m_2020-12_2021-07.csv')).slice(20_000, 20_300);
    const rows = bars.map((b) => [b.time * 1000, `${b.open}`, `${b.high}`, `${b.low}`, `${b.close}`, '1']);
    // Counts every socket the page opens and whether it was closed (the feed's own sockets).
    const track = `<script>(() => {
      const Native = WebSocket; const all = [];
      window.__sockets = () => all.filter((ws) => ws.readyState < 2).length;
      window.__opened = () => all.length;
      window.WebSocket = class extends Native { constructor(...a) { super(...a); all.push(this); } };
    })();</script>`;
    const page = await openBarePage(
      env.browser,
      env.base,
      '<main id="post"></main>',
      track,
      async (context) => {
        await context.route('https://api.binance.com/api/v3/klines**', (route) =>
          route.fulfill({
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify(rows),
          }),
        );
        await context.routeWebSocket(/stream\.binance\.com/, () => undefined);
      },
    );
    const errors = watchErrors(page);
    await page.evaluate(
      async ({ cycles, stages }) => {
        const post = document.getElementById('post') as HTMLElement;
        for (let i = 0; i < cycles; i++) {
          const el = document.createElement('exit-plan') as HTMLElement & { ready: Promise<void> };
          const attributes = {
            mode: 'live',
            feed: 'binance',
            symbol: 'BTCUSDT',
            interval: '5m',
            side: 'long',
            entry: 'last',
            stop: '2%',
          };
          for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
          post.append(el);
          const stage = stages[i % stages.length];
          if (stage === 'microtask') await Promise.resolve();
          else if (stage === '5ms') await new Promise((r) => setTimeout(r, 5));
          else if (stage === '40ms') await new Promise((r) => setTimeout(r, 40));
          else if (stage === '150ms') await new Promise((r) => setTimeout(r, 150));
          else if (stage === 'ready') await el.ready;
          el.remove();
        }
      },
      { cycles: 60, stages: STAGES },
    );
    expect(await settledWorkers(page)).toBe(0);
    // Sockets were opened (the feed ran) and none is left open or connecting.
    expect(
      await page.evaluate(() => (window as unknown as { __opened(): number }).__opened()),
    ).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __sockets(): number }).__sockets()), {
        timeout: 5_000,
      })
      .toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
