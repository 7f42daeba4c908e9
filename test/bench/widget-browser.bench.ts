// Browser benchmark for the widget (not a test): the built script in headless Chromium,
// served by scripts/serve.mjs. Needs `npm run build`. Measures
//   1. script start -> plan drawn (and painted) for 50,000 real bars, worker and main thread, in
//      three settings: a reader's browser (a regular profile that has shown other sites' pages),
//      a fresh incognito context, and the same with its tab open for a second first;
//   2. tick -> overlay redrawn latency at 50 ticks/s (push() resolved, and the next frame);
//   3. main-thread heap before/after 100,000 ticks (forced GC on both sides);
//   4. the soak (WIDGET_BENCH=soak runs only it): one mounted widget, push()ed ticks, 10 per new
//      bar, tick -> overlay p99 at 50 ticks/s early and after 100,000 ticks / 10,000 new bars.
// WIDGET_DIR=<folder of another build> measures that build instead of dist/widget.
// WIDGET_AB=<folder of another build> runs only the load part, alternating that build (served as
// /widget/ by a second server) with dist/widget, load after load: the side-by-side comparison.
// Ticks are real BTC 5m bars built up in 50 steps each (open -> nearer extreme -> farther -> close).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

const LAUNCH = {
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
};
const VIEWPORT = { width: 1100, height: 700 };

/**
 * The bench's own pages, written here and served as /bench/ by each server, on the widget's
 * origin: no request is intercepted (a Playwright route makes every request of its context a
 * round trip through the bench).
 */
const PAGES = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-bench-pages-'));
let pageCount = 0;

/** Writes a page whose body is `body`, after the widget's script; returns its path on the server. */
function writePage(body: string): string {
  const name = `page-${++pageCount}.html`;
  fs.writeFileSync(
    path.join(PAGES, name),
    `<!doctype html><html><head><meta charset="utf-8"><script>window.t0 = performance.now();</script><script src="/widget/exitplan-widget.js"></script></head><body>${body}</body></html>`,
  );
  return `/bench/${name}`;
}

/** Another site's article: plain text, no script, nothing of ours. */
const ELSEWHERE = '/bench/elsewhere.html';
fs.writeFileSync(
  path.join(PAGES, 'elsewhere.html'),
  '<!doctype html><html><head><meta charset="utf-8"><title>Elsewhere</title></head><body><h1>Another site</h1><p>An article on another site: plain text and no script, the kind of page a reader had open before the post.</p></body></html>',
);

async function serve(widgetDir?: string): Promise<{ base: string; stop: () => void }> {
  const extra = widgetDir ? ['--widget-dir', widgetDir] : [];
  const child = spawn(
    process.execPath,
    ['scripts/serve.mjs', '--port', '0', '--bench-dir', PAGES, ...extra],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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

/** A page of the bench's, on a new incognito context of `browser`, for page.evaluate work. */
async function openPage(browser: Browser, base: string, body: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx keeps function names with an `__name` helper that page.evaluate's callbacks then lack.
  await context.addInitScript('window.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(`${base}${writePage(body)}`);
  return page;
}

/**
 * Where a load is measured.
 * - `reader`: a reader's browser, the setting the target is judged in. A regular profile (new and
 *   empty for each load, so nothing of ours is cached; the server sends everything no-store) that
 *   has shown three pages of another site for half a second each (the same server under its other
 *   host name: another site, plain text, no script). Like a running Chrome, it has a renderer
 *   process already started when the post is opened.
 * - `incognito`: a new incognito context in a browser that has run earlier loads. Its page gets a
 *   renderer process started by the navigation itself, whose own start-up then shares the two
 *   cores with the page's load: ~100 ms later on this load, in every part of it (BENCHMARKS.md,
 *   "The 50,000-bar load, fifth round"). The setting of every load measured before session 6;
 *   printed as the worst case.
 * - `incognito-opened`: the same, with the new tab open (blank) for a second before it goes to
 *   the post, so that its renderer process has started: shows where the worst case's time goes.
 */
type Setting = 'reader' | 'incognito' | 'incognito-opened';

const SETTING_NAMES: Record<Setting, string> = {
  reader: "a reader's browser",
  incognito: 'a fresh incognito context',
  'incognito-opened': 'a fresh incognito context, its tab open 1 s before',
};

/** Another host name for the same server: a different site to the browser. */
const elsewhere = (base: string) =>
  base.includes('127.0.0.1')
    ? base.replace('127.0.0.1', 'localhost')
    : base.replace('localhost', '127.0.0.1');

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

async function timeLoad(
  browser: Browser,
  base: string,
  worker: boolean,
  setting: Setting,
): Promise<LoadTiming> {
  let profile: string | null = null;
  let context: BrowserContext;
  if (setting === 'reader') {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-bench-profile-'));
    context = await chromium.launchPersistentContext(profile, { ...LAUNCH, viewport: VIEWPORT });
    for (let i = 0; i < 3; i++) {
      const before = await context.newPage();
      await before.goto(`${elsewhere(base)}${ELSEWHERE}?${i}`);
      await before.waitForTimeout(500);
      await before.close();
    }
  } else {
    context = await browser.newContext({ viewport: VIEWPORT });
  }
  try {
    const page = await context.newPage();
    if (setting === 'incognito-opened') await page.waitForTimeout(1000);
    const reported = page.waitForEvent('console', {
      predicate: (m) => m.text().startsWith('exitplan-bench '),
      timeout: 60_000,
    });
    await page.goto(
      `${base}${writePage(`<exit-plan id="w" src="/data/btcusdt_binance_5m_2020-12_2021-07.csv?rows=50000" ${PLAN} ${worker ? '' : 'worker="main"'} compare="false"></exit-plan>${MEASURE}`)}`,
    );
    const t = JSON.parse((await reported).text().slice('exitplan-bench '.length)) as LoadTiming & {
      error?: string;
    };
    if (t.error) throw new Error(`the widget failed to load: ${t.error}`);
    return t;
  } finally {
    await context.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Median drawn / painted and stages of some loads, one line. */
function summary(runs: LoadTiming[]): string {
  const m = (f: (x: LoadTiming) => number) => median(runs.map(f)).toFixed(0);
  const stages = STAGES.map((s) => `${s} ${m((x) => x.marks[s] ?? NaN)}`).join(', ');
  return `drawn ${m((x) => x.ready)} ms, painted ${m((x) => x.painted)} ms (range ${Math.min(...runs.map((x) => x.painted)).toFixed(0)}-${Math.max(...runs.map((x) => x.painted)).toFixed(0)}), frame after ${m((x) => x.frameAfter)} ms\n      stages: ${stages}`;
}

/**
 * WIDGET_AB: the other build and this one, alternating load by load (worker, then page thread),
 * in a reader's browser (WIDGET_SETTING=incognito or incognito-opened for another setting).
 */
async function compareLoads(browser: Browser, otherDir: string, base: string): Promise<void> {
  const setting = (process.env.WIDGET_SETTING ?? 'reader') as Setting;
  if (!(setting in SETTING_NAMES))
    throw new Error(`WIDGET_SETTING=${setting}: use one of ${Object.keys(SETTING_NAMES).join(', ')}`);
  const other = await serve(path.resolve(otherDir));
  try {
    for (const worker of [true, false]) {
      const runs: { other: LoadTiming[]; now: LoadTiming[] } = { other: [], now: [] };
      // One warm-up load of each (the shared browser of the incognito setting), then 7 pairs.
      for (let i = 0; i < 8; i++) {
        const a = await timeLoad(browser, other.base, worker, setting);
        const b = await timeLoad(browser, base, worker, setting);
        if (i === 0) continue;
        runs.other.push(a);
        runs.now.push(b);
      }
      console.log(
        `  50,000 bars, engine in ${runs.now[0].mode}, ${SETTING_NAMES[setting]}, median of ${runs.now.length} alternating pairs:`,
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

/**
 * A long live session (issue 14, item 5): one widget mounted on 2,000 bars of history (engine
 * in its worker, comparison on, as a reader's page has it), then push()ed ticks, 10 per new bar.
 * A window of 1,000 ticks paced at 50/s is timed first; then ticks go in as fast as the widget
 * takes them, and every 10,000 their mean cost is printed; after 100,000 ticks (10,000 new
 * bars) the same paced window is timed again. Early and late p99 side by side: per-tick work
 * must not grow with the session.
 */
async function soak(browser: Browser, base: string): Promise<void> {
  const start = 20_000;
  const history = ALL.slice(start - 2000, start);
  // 10 ticks per bar: 1,000 + 100,000 + 1,000 ticks need 10,200 bars after the history.
  const ticks = ALL.slice(start, start + 10_200).flatMap((b) => ticksFor(b, 10));
  const page = await openPage(browser, base, '<div id="host"></div>');
  await page.evaluate(
    async ({ bars, plan }) => {
      type Api = { mount: (el: HTMLElement, o: unknown) => { ready: Promise<void> } };
      const api = (window as unknown as { ExitPlan: Api }).ExitPlan;
      const w = api.mount(document.getElementById('host') as HTMLElement, { bars, plan });
      (window as unknown as { w: unknown }).w = w;
      await w.ready;
    },
    {
      bars: history,
      plan: {
        side: 'long',
        entry: 'last',
        stop: 'atr14x2',
        ladder: '1R:25,2R:25,fib1.618:50',
        trail: 'atr14x2.5@1',
        exhaustion: 'rsi14>70<30,bb20x2,take25',
      },
    },
  );
  const paced = (slice: Bar[]) =>
    page.evaluate(async (list) => {
      const w = (window as unknown as { w: { push(b: unknown): Promise<unknown> } }).w;
      const applied: number[] = [];
      for (const tick of list) {
        const t = performance.now();
        await w.push(tick);
        applied.push(performance.now() - t);
        await new Promise((r) => requestAnimationFrame(r));
        const wait = 20 - (performance.now() - t);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      return applied;
    }, slice);
  const drawn = () =>
    page.evaluate(() => {
      const w = (
        window as unknown as {
          w: { drawnState(): { trail: unknown[]; markers: unknown[]; candles: number } };
        }
      ).w;
      const d = w.drawnState();
      return `${d.candles} candles, ${d.trail.length} trail points, ${d.markers.length} markers drawn`;
    });
  const line = (name: string, xs: number[]) =>
    `p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
  const early = await paced(ticks.slice(0, 1000));
  console.log(`  soak, early: 1,000 ticks at 50/s: ${line('early', early)} (${await drawn()})`);
  const bulk = ticks.slice(1000, 101_000);
  // Each 10,000 unpaced: every push() timed (resolved), so the first and the last 10,000 ticks
  // of the session can be read side by side (median and p99, not only the mean).
  const chunks: number[][] = [];
  for (let i = 0; i < bulk.length; i += 10_000) {
    const applied = await page.evaluate(
      async (chunk) => {
        const w = (window as unknown as { w: { push(b: unknown): Promise<unknown> } }).w;
        const out: number[] = [];
        for (const tick of chunk) {
          const t = performance.now();
          await w.push(tick);
          out.push(performance.now() - t);
        }
        return out;
      },
      bulk.slice(i, i + 10_000),
    );
    chunks.push(applied);
    const mean = applied.reduce((a, b) => a + b, 0) / applied.length;
    console.log(
      `    ticks ${(1000 + i).toLocaleString('en-US')}-${(1000 + i + 10_000).toLocaleString('en-US')} unpaced: mean ${mean.toFixed(2)} ms, ${line('chunk', applied)}`,
    );
  }
  const [first, last] = [chunks[0], chunks[chunks.length - 1]];
  console.log(
    `  soak, unpaced: first 10,000 ticks p50 ${pct(first, 50).toFixed(2)} / p99 ${pct(first, 99).toFixed(2)} ms, last 10,000 p50 ${pct(last, 50).toFixed(2)} / p99 ${pct(last, 99).toFixed(2)} ms (${(pct(last, 99) / pct(first, 99)).toFixed(2)}x)`,
  );
  const late = await paced(ticks.slice(101_000, 102_000));
  console.log(
    `  soak, late (after 101,000 ticks, 10,100 new bars): 1,000 ticks at 50/s: ${line('late', late)} (${await drawn()})`,
  );
  console.log(`  soak, late/early p99: ${(pct(late, 99) / pct(early, 99)).toFixed(2)}x`);
  verdict(
    'tick to overlay p99 at 50 ticks/s after 100,000 ticks and 10,000 new bars (worker)',
    pct(late, 99) < 8,
    `${pct(late, 99).toFixed(2)} ms late against ${pct(early, 99).toFixed(2)} ms early, target < 8 ms`,
  );
  await page.context().close();
}

async function main(): Promise<void> {
  // WIDGET_DIR=<folder>: measure another build (e.g. the tick part of an older commit).
  const server = await serve(process.env.WIDGET_DIR);
  const browser = await chromium.launch(LAUNCH);
  try {
    console.log(
      `\nWidget (browser) · Chromium ${browser.version()} headless, software rendering · ${new Date().toISOString()}`,
    );
    if (process.env.WIDGET_AB) {
      await compareLoads(browser, process.env.WIDGET_AB, server.base);
      return;
    }
    if (process.env.WIDGET_BENCH === 'soak') {
      await soak(browser, server.base);
      return;
    }
    // 1. Load to drawn, 50,000 bars. A reader's browser: 5 loads, each in its own new profile.
    //    The incognito settings: 6 loads each in one running browser, the first (the browser's
    //    first page ever) left out.
    for (const worker of process.env.WIDGET_BENCH === 'ticks' ? [] : [true, false]) {
      const painted: Partial<Record<Setting, string>> = {};
      for (const setting of ['reader', 'incognito', 'incognito-opened'] as const) {
        const runs: LoadTiming[] = [];
        for (let i = 0; i < (setting === 'reader' ? 5 : 6); i++)
          runs.push(await timeLoad(browser, server.base, worker, setting));
        const r = setting === 'reader' ? runs : runs.slice(1);
        painted[setting] = median(r.map((x) => x.painted)).toFixed(0);
        console.log(
          `  50,000 bars, engine in ${r[0].mode}, ${SETTING_NAMES[setting]}, median of ${r.length}: ${summary(r)}`,
        );
      }
      if (worker)
        verdict(
          "script start to plan drawn, 50k bars (worker, a reader's browser)",
          Number(painted.reader) < 250,
          `${painted.reader} ms painted, target < 250 ms; ${painted.incognito} ms in a fresh incognito context`,
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
    fs.rmSync(PAGES, { recursive: true, force: true });
  }
}

await main();
