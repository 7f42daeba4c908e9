// Browser benchmark for the widget (not a test): the built script in headless Chromium,
// served by scripts/serve.mjs. Needs `npm run build`. Measures
//   1. script start -> plan drawn (and painted) for 50,000 real bars, worker and main thread;
//   2. tick -> overlay redrawn latency at 50 ticks/s (push() resolved, and the next frame);
//   3. main-thread heap before/after 100,000 ticks (forced GC on both sides).
// WIDGET_DIR=<folder of another build> measures that build instead of dist/widget.
// WIDGET_AB=<folder of another build> runs only the load part, alternating that build (served as
// /widget/ by a second server) with dist/widget, load after load: the side-by-side comparison.
// Ticks are real BTC 5m bars built up in 50 steps each (open -> nearer extreme -> farther -> close).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseBarsCsv, type Bar } from '../../engine/index.js';
import { verdict } from './report.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CSV = fs.readFileSync(
  path.resolve(process.cwd(), '../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv'),
  'utf8',
);
const ALL: Bar[] = parseBarsCsv(CSV);
const PLAN = `side="long" entry="last" stop="atr14x2" ladder="1R:25,2R:25,fib1.618:50" trail="atr14x2.5@1" exhaustion="rsi14>70<30,bb20x2,take25"`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function serve(widgetDir?: string): Promise<{ base: string; stop: () => void }> {
  const extra = widgetDir ? ['--widget-dir', widgetDir] : [];
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/[^\s/]+)\/demo\//.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(out)));
  });
  return { base, stop: () => child.kill() };
}

/**
 * A page on the server's origin whose HTML the bench writes; the bars come from the server as a
 * blog's would. `beforeLoad` sees the page before it navigates (to listen for its messages).
 */
async function openPage(
  browser: Browser,
  base: string,
  body: string,
  beforeLoad?: (page: Page) => void,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  // tsx keeps function names with an `__name` helper that page.evaluate's callbacks then lack.
  await context.addInitScript('window.__name = (f) => f;');
  await context.route(`${base}/bench/page.html`, (r) =>
    r.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><script>window.t0 = performance.now();</script><script src="/widget/exitplan-widget.js"></script></head><body>${body}</body></html>`,
    }),
  );
  const page = await context.newPage();
  beforeLoad?.(page);
  await page.goto(`${base}/bench/page.html`);
  return page;
}

interface LoadTiming {
  /** `ready` resolved: the plan's levels are set on the chart. */
  ready: number;
  /** The end of the page's next frame after `ready`: the plan drawn on screen. */
  painted: number;
  /** The start of the frame after that one (the bands and RSI are set up in between). */
  frameAfter: number;
  /** Each `exitplan:*` user-timing mark, ms after script start. */
  marks: Record<string, number>;
  mode: string;
}

/** The widget's marks in the order they happen (widget/timing.ts). */
const STAGES = [
  'script-evaluated',
  'start',
  'csv-request',
  'csv-first-byte',
  'csv-last-byte',
  'engine-started',
  'fetched',
  'bars-parsed',
  'candles',
  'engine-loaded',
  'drawn',
] as const;

/**
 * Times the load from inside the page and reports it as one console line, so the bench calls
 * nothing into the page while it loads (a page.evaluate then would run Playwright's injected
 * script on the page's thread in the middle of the load, ~9 ms in a trace). "Painted" is the
 * end of the frame that draws the plan: a message posted from that frame's animation-frame
 * callback runs once the frame's own work (style, layout, paint, commit) is done. The frame
 * after it is reported too; it also holds the bands and RSI, which the widget sets up a frame
 * after the plan.
 */
const MEASURE = `<script>
(() => {
  const t0 = window.t0;
  const done = (result) => console.log('exitplan-bench ' + JSON.stringify(result));
  const el = document.getElementById('w');
  // After the widget's own DOMContentLoaded handler has mounted it (builds before the element's
  // ready waited for the mount resolved it at once when read earlier).
  document.addEventListener('DOMContentLoaded', () => el.ready.then(() => {
    const ready = performance.now() - t0;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const painted = performance.now() - t0;
        requestAnimationFrame(() => {
          const frameAfter = performance.now() - t0;
          const marks = {};
          for (const m of performance.getEntriesByType('mark'))
            if (m.name.startsWith('exitplan:')) marks[m.name.slice(9)] ??= m.startTime - t0;
          // The CSV's own network timing: when the request went out, its first and last byte.
          const csv = performance.getEntriesByType('resource').find((e) => e.name.includes('/data/'));
          if (csv) {
            marks['csv-request'] = csv.requestStart - t0;
            marks['csv-first-byte'] = csv.responseStart - t0;
            marks['csv-last-byte'] = csv.responseEnd - t0;
          }
          done({ ready, painted, frameAfter, marks, mode: el.engineMode() });
        });
      };
      channel.port2.postMessage(0);
    });
  }, (e) => done({ error: String(e) })));
})();
</script>`;

async function timeLoad(browser: Browser, base: string, worker: boolean): Promise<LoadTiming> {
  let reported!: Promise<string>;
  const page = await openPage(
    browser,
    base,
    `<exit-plan id="w" src="/data/btcusdt_binance_5m_2020-12_2021-07.csv?rows=50000" ${PLAN} ${worker ? '' : 'worker="main"'} compare="false"></exit-plan>${MEASURE}`,
    (p) => {
      reported = p
        .waitForEvent('console', {
          predicate: (m) => m.text().startsWith('exitplan-bench '),
          timeout: 60_000,
        })
        .then((m) => m.text().slice('exitplan-bench '.length));
    },
  );
  const t = JSON.parse(await reported) as LoadTiming & { error?: string };
  await page.context().close();
  if (t.error) throw new Error(`the widget failed to load: ${t.error}`);
  return t;
}

/** Median drawn / painted and stages of some loads, one line. */
function summary(runs: LoadTiming[]): string {
  const m = (f: (x: LoadTiming) => number) => median(runs.map(f)).toFixed(0);
  const stages = STAGES.map((s) => `${s} ${m((x) => x.marks[s] ?? NaN)}`).join(', ');
  return `drawn ${m((x) => x.ready)} ms, painted ${m((x) => x.painted)} ms (range ${Math.min(...runs.map((x) => x.painted)).toFixed(0)}-${Math.max(...runs.map((x) => x.painted)).toFixed(0)}), frame after ${m((x) => x.frameAfter)} ms\n      stages: ${stages}`;
}

/** WIDGET_AB: the other build and this one, alternating load by load (worker, then page thread). */
async function compareLoads(browser: Browser, otherDir: string, base: string): Promise<void> {
  const other = await serve(path.resolve(otherDir));
  try {
    for (const worker of [true, false]) {
      const runs: { other: LoadTiming[]; now: LoadTiming[] } = { other: [], now: [] };
      // One warm-up load of each (HTTP and code caches), then 7 alternating pairs.
      for (let i = 0; i < 8; i++) {
        const a = await timeLoad(browser, other.base, worker);
        const b = await timeLoad(browser, base, worker);
        if (i === 0) continue;
        runs.other.push(a);
        runs.now.push(b);
      }
      console.log(
        `  50,000 bars, engine in ${runs.now[0].mode}, median of ${runs.now.length} alternating pairs:`,
      );
      console.log(`    ${otherDir}: ${summary(runs.other)}`);
      console.log(`    dist/widget: ${summary(runs.now)}`);
    }
  } finally {
    other.stop();
  }
}

/** Ticks for one bar: 50 steps along open -> nearer extreme -> farther extreme -> close. */
function ticksFor(bar: Bar, n = 50): Bar[] {
  const downFirst = bar.open - bar.low <= bar.high - bar.open;
  const path = downFirst
    ? [bar.open, bar.low, bar.high, bar.close]
    : [bar.open, bar.high, bar.low, bar.close];
  const out: Bar[] = [];
  let hi = bar.open;
  let lo = bar.open;
  for (let i = 0; i < n; i++) {
    const x = (i / (n - 1)) * 3;
    const k = Math.min(2, Math.floor(x));
    const price = i === n - 1 ? bar.close : path[k] + (path[k + 1] - path[k]) * (x - k);
    hi = Math.max(hi, price);
    lo = Math.min(lo, price);
    out.push({
      time: bar.time,
      open: bar.open,
      high: i === n - 1 ? bar.high : hi,
      low: i === n - 1 ? bar.low : lo,
      close: price,
      volume: bar.volume,
    });
  }
  return out;
}

async function main(): Promise<void> {
  // WIDGET_DIR=<folder>: measure another build (e.g. the tick part of an older commit).
  const server = await serve(process.env.WIDGET_DIR);
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/lib/chromium/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--js-flags=--expose-gc',
    ],
  });
  try {
    console.log(
      `\nWidget (browser) · Chromium ${browser.version()} headless, software rendering · ${new Date().toISOString()}`,
    );
    if (process.env.WIDGET_AB) {
      await compareLoads(browser, process.env.WIDGET_AB, server.base);
      return;
    }
    // 1. Load to drawn, 50,000 bars; the first run of each warms the HTTP cache and V8's code cache.
    for (const worker of process.env.WIDGET_BENCH === 'ticks' ? [] : [true, false]) {
      const runs: LoadTiming[] = [];
      for (let i = 0; i < 6; i++) runs.push(await timeLoad(browser, server.base, worker));
      const r = runs.slice(1);
      const m = (k: 'ready' | 'painted' | 'frameAfter') => median(r.map((x) => x[k])).toFixed(0);
      const stages = STAGES.map((s) => `${s} ${median(r.map((x) => x.marks[s] ?? NaN)).toFixed(0)}`);
      console.log(
        `  50,000 bars, engine in ${r[0].mode.padEnd(11)}: script start -> drawn ${m('ready')} ms, painted ${m('painted')} ms (range ${Math.min(...r.map((x) => x.painted)).toFixed(0)}-${Math.max(...r.map((x) => x.painted)).toFixed(0)}), frame after ${m('frameAfter')} ms — median of ${r.length}\n    stages (ms after script start): ${stages.join(', ')}`,
      );
      if (worker)
        verdict(
          'script start to plan drawn, 50k bars (worker)',
          Number(m('painted')) < 250,
          `${m('painted')} ms painted, target < 250 ms`,
        );
    }

    // WIDGET_BENCH=load stops here, WIDGET_BENCH=ticks runs only the tick latency part.
    if (process.env.WIDGET_BENCH === 'load') return;

    // 2 + 3. Ticks on a widget with 2,000 bars of history (engine in the worker, then on the page).
    const start = 30_000;
    const history = ALL.slice(start - 2000, start);
    const ticks = ALL.slice(start, start + 2000).flatMap((b) => ticksFor(b));
    const mountTicking = async (worker: boolean): Promise<Page> => {
      const page = await openPage(browser, server.base, '<div id="host"></div>');
      await page.evaluate(
        async ({ bars, worker }) => {
          type Api = { mount: (el: HTMLElement, o: unknown) => { ready: Promise<void> } };
          const api = (window as unknown as { ExitPlan: Api }).ExitPlan;
          const options: Record<string, unknown> = {
            bars,
            plan: {
              side: 'long',
              entry: 'last',
              stop: 'atr14x2',
              ladder: '1R:25,2R:25,fib1.618:50',
              trail: 'atr14x2.5@1',
            },
          };
          if (!worker) options.workerUrl = null;
          const w = api.mount(document.getElementById('host') as HTMLElement, options);
          (window as unknown as { w: unknown }).w = w;
          await w.ready;
        },
        { bars: history, worker },
      );
      return page;
    };
    const paced = async (page: Page, slice: Bar[]) =>
      page.evaluate(async (ticks) => {
        const w = (window as unknown as { w: { push(b: unknown): Promise<unknown> } }).w;
        const applied: number[] = [];
        const framed: number[] = [];
        for (const tick of ticks) {
          const t = performance.now();
          await w.push(tick);
          applied.push(performance.now() - t);
          await new Promise((r) => requestAnimationFrame(r));
          framed.push(performance.now() - t);
          const wait = 20 - (performance.now() - t);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        return { applied, framed };
      }, slice);

    // 2. 50 ticks per second for 20 s: push() -> resolved (overlay on the chart) and -> next frame.
    for (const worker of [false, true]) {
      const page = await mountTicking(worker);
      const r = await paced(page, ticks.slice(0, 1000));
      const where = worker ? 'worker     ' : 'main thread';
      console.log(
        `  tick -> overlay applied, engine in ${where}, 1,000 ticks at 50/s: p50 ${pct(r.applied, 50).toFixed(2)} ms, p99 ${pct(r.applied, 99).toFixed(2)} ms, max ${Math.max(...r.applied).toFixed(1)} ms; to the next frame p50 ${pct(r.framed, 50).toFixed(1)} ms, p99 ${pct(r.framed, 99).toFixed(1)} ms`,
      );
      if (worker) {
        verdict(
          'tick to redrawn overlay p99 at 50 ticks/s (worker)',
          pct(r.applied, 99) < 8,
          `${pct(r.applied, 99).toFixed(2)} ms, target < 8 ms`,
        );
      }
      await page.context().close();
    }

    if (process.env.WIDGET_BENCH === 'ticks') return;

    // 3. Heap: forced GC before and after. First 20,000 ticks that only update one forming bar
    //    (any growth is a leak), then 100,000 ticks building 2,000 new bars (growth = data).
    const page = await mountTicking(true);
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const pushAll = async (list: Bar[]) => {
      for (let i = 0; i < list.length; i += 5000) {
        await page.evaluate(
          async (chunk) => {
            const w = (window as unknown as { w: { push(b: unknown): Promise<unknown> } }).w;
            for (const tick of chunk) await w.push(tick);
          },
          list.slice(i, i + 5000),
        );
      }
    };
    const bar = ALL[start];
    const sameBar = Array.from({ length: 20_000 }, (_, i) => ({ ...bar, close: i % 2 ? bar.high : bar.low }));
    await pushAll(sameBar.slice(0, 2000)); // warm up
    const h0 = await heap();
    await pushAll(sameBar);
    const h1 = await heap();
    console.log(
      `  heap (page) over 20,000 ticks on one forming bar: ${(h0 / 1e6).toFixed(2)} MB -> ${(h1 / 1e6).toFixed(2)} MB (${h1 - h0 >= 0 ? '+' : ''}${((h1 - h0) / 1024).toFixed(0)} KB)`,
    );
    const t0 = Date.now();
    await pushAll(ticks);
    const elapsed = Date.now() - t0;
    const h2 = await heap();
    console.log(
      `  heap (page) over 100,000 ticks building 2,000 new bars (${((ticks.length / elapsed) * 1000).toFixed(0)} ticks/s unpaced): ${(h1 / 1e6).toFixed(2)} MB -> ${(h2 / 1e6).toFixed(2)} MB, +${((h2 - h1) / 1024).toFixed(0)} KB = ${((h2 - h1) / 2000).toFixed(0)} B per new bar`,
    );
    await page.context().close();
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
