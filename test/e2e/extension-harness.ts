import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chromium,
  type BrowserContext,
  type Frame,
  type Page,
  type Worker,
  type WebSocketRoute,
} from 'playwright-core';
import { parseBarsCsv, type Bar } from '../../engine/index.js';

/** Shared set-up for the extension's end-to-end tests: the built extension in Debian's Chromium. */
export const EXT_DIR = path.resolve(process.cwd(), 'dist/extension');
export const FIXTURES = path.resolve(process.cwd(), 'test/fixtures/sites');
export const DATA = path.resolve(process.cwd(), '../shared/data');
export const SHOTS = path.resolve(process.cwd(), 'screenshots');

/** The page CSP the issue asks for: scripts, workers and frames only from the page's own origin. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; worker-src 'self'; frame-src 'self'; connect-src 'self'";

export function loadBars(file: string): Bar[] {
  return parseBarsCsv(fs.readFileSync(path.join(DATA, file), 'utf8'));
}

export interface Harness {
  context: BrowserContext;
  sw: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/** Chromium with the built extension (or a copy of it in `extDir`) loaded, and the fixture sites routed. */
export async function launch(extDir = EXT_DIR): Promise<Harness> {
  if (!fs.existsSync(path.join(EXT_DIR, 'manifest.json')))
    throw new Error(`Build the extension first (npm run build): ${EXT_DIR} is missing`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/lib/chromium/chromium',
    headless: true,
    viewport: { width: 1360, height: 820 },
    args: [
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(sw.url()).host;
  await serveFixtures(context);
  return {
    context,
    sw,
    extensionId,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

const PAGES: [RegExp, string][] = [
  [/^https:\/\/www\.tradingview\.com\/chart\//, 'tradingview-chart.html'],
  [/^https:\/\/www\.binance\.com\/[a-z-]*\/?trade\//i, 'binance-spot.html'],
  [/^https:\/\/www\.binance\.com\/[a-z-]*\/?futures\//i, 'binance-futures.html'],
];

/** The fixture pages on their real URLs, with a strict CSP, plus their same-origin static files. */
async function serveFixtures(context: BrowserContext): Promise<void> {
  const handler = async (route: import('playwright-core').Route): Promise<void> => {
    const url = route.request().url();
    const asset = /\/static\/fixture\/([a-z-]+\.(?:js|css))$/.exec(new URL(url).pathname);
    if (asset) {
      await route.fulfill({
        contentType: asset[1].endsWith('.js') ? 'text/javascript' : 'text/css',
        body: fs.readFileSync(path.join(FIXTURES, asset[1]), 'utf8'),
      });
      return;
    }
    const page = PAGES.find(([pattern]) => pattern.test(url));
    if (!page) return route.fulfill({ status: 404, body: 'not in the fixtures' });
    await route.fulfill({
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': STRICT_CSP },
      body: fs.readFileSync(path.join(FIXTURES, page[1]), 'utf8'),
    });
  };
  await context.route('https://www.tradingview.com/**', handler);
  await context.route('https://www.binance.com/**', handler);
}

/**
 * One market's data as Binance would serve it, from real recorded bars: `history` is what the
 * REST endpoint knows at first, `live` is released one bar (or one tick) at a time through the
 * kline WebSocket; a REST backfill after a reconnect sees whatever has been released.
 */
export class BinanceSim {
  released: Bar[];
  private sockets: WebSocketRoute[] = [];
  restCalls: string[] = [];

  constructor(
    readonly symbol: string,
    readonly interval: string,
    history: Bar[],
    /** api = spot (api.binance.com, stream.binance.com), fapi = USDⓈ-M futures (fapi, fstream). */
    readonly market: 'api' | 'fapi' = 'api',
  ) {
    this.released = history.slice();
  }

  static async install(context: BrowserContext, sims: BinanceSim[]): Promise<void> {
    await context.route(/^https:\/\/(api|fapi)\.binance\.com\/(api\/v3|fapi\/v1)\/klines/, async (route) => {
      const url = new URL(route.request().url());
      const market = url.hostname.startsWith('fapi') ? 'fapi' : 'api';
      const sim = sims.find(
        (s) =>
          s.market === market &&
          s.symbol === url.searchParams.get('symbol') &&
          s.interval === url.searchParams.get('interval'),
      );
      if (!sim) {
        await route.fulfill({
          status: 400,
          contentType: 'application/json',
          headers: { 'access-control-allow-origin': '*' },
          body: '{"code":-1121,"msg":"Invalid symbol."}',
        });
        return;
      }
      sim.restCalls.push(url.search);
      await route.fulfill({
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify(sim.klines(url)),
      });
    });
    await context.routeWebSocket(/stream\.binance\.com|fstream\.binance\.com/, (ws) => {
      const url = new URL(ws.url());
      const market = url.hostname.startsWith('fstream') ? 'fapi' : 'api';
      const match = /\/ws\/([a-z0-9]+)@kline_([0-9a-zA-Z]+)$/.exec(url.pathname);
      const sim =
        match &&
        sims.find(
          (s) => s.market === market && s.symbol.toLowerCase() === match[1] && s.interval === match[2],
        );
      if (!sim) return void ws.close({ code: 1008, reason: 'unknown stream' });
      sim.sockets.push(ws);
      ws.onClose(() => (sim.sockets = sim.sockets.filter((s) => s !== ws)));
    });
  }

  get connected(): number {
    return this.sockets.length;
  }

  klines(url: URL): unknown[] {
    const start = Number(url.searchParams.get('startTime') ?? 0) / 1000;
    const limit = Number(url.searchParams.get('limit') ?? 500);
    // endTime (ms, inclusive) pages back in history: the last `limit` bars up to it, as Binance does.
    const end = url.searchParams.has('endTime') ? Number(url.searchParams.get('endTime')) / 1000 : Infinity;
    const rows = this.released.filter((b) => b.time >= start && b.time <= end);
    const pick = url.searchParams.has('startTime') ? rows.slice(0, limit) : rows.slice(-limit);
    return pick.map((b) => [
      b.time * 1000,
      String(b.open),
      String(b.high),
      String(b.low),
      String(b.close),
      String(b.volume ?? 0),
      b.time * 1000 + 299_999,
      '0',
      0,
      '0',
      '0',
      '0',
    ]);
  }

  /** Sends one kline event (a forming or closed bar) to every open stream and records it as released. */
  send(bar: Bar, closed = true): void {
    const last = this.released[this.released.length - 1];
    if (last && last.time === bar.time) this.released[this.released.length - 1] = bar;
    else this.released.push(bar);
    const event = {
      e: 'kline',
      E: bar.time * 1000 + 1000,
      s: this.symbol,
      k: {
        t: bar.time * 1000,
        T: bar.time * 1000 + 299_999,
        s: this.symbol,
        i: this.interval,
        o: String(bar.open),
        c: String(bar.close),
        h: String(bar.high),
        l: String(bar.low),
        v: String(bar.volume ?? 0),
        x: closed,
      },
    };
    for (const ws of this.sockets) ws.send(JSON.stringify(event));
  }

  sendRaw(text: string): void {
    for (const ws of this.sockets) ws.send(text);
  }

  dropConnections(): void {
    for (const ws of this.sockets) void ws.close({ code: 1006, reason: 'test drop' }).catch(() => undefined);
  }
}

export async function panelFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/panel/index.html'));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('the exitplan panel iframe did not appear');
    await page.waitForTimeout(100);
  }
}

/** Unfolds the panel's plan form (folded once a plan is saved) with its button, as a trader would. */
export async function openForm(frame: Frame): Promise<void> {
  const toggle = frame.locator('button.edit-toggle');
  if ((await toggle.getAttribute('aria-expanded', { timeout: 15_000 })) !== 'true') await toggle.click();
}

/** The price in the panel's level table for one row ('entry', 'stop', 'trail', 'T1'...), as the DOM holds it. */
export async function tablePrice(frame: Frame, id: string): Promise<number> {
  const value = await frame
    .locator(`table[data-testid=levels] tr[data-level="${id}"]`)
    .getAttribute('data-price', { timeout: 15_000 });
  return Number(value);
}

/** chrome.storage.local as the extension sees it (typed here: tests have no @types/chrome). */
interface ChromeLocal {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Storage is read and written from an extension page, not the service worker: the tests stop
 * the worker on purpose, and a page keeps working while it is down.
 */
async function extensionPage(h: Harness): Promise<Page> {
  const open = h.context
    .pages()
    .find((p) => p.url().startsWith(`chrome-extension://${h.extensionId}/options/`));
  if (open) return open;
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options/index.html`);
  return page;
}

export async function storage(h: Harness): Promise<Record<string, unknown>> {
  const page = await extensionPage(h);
  return page.evaluate(() =>
    (globalThis as unknown as { chrome: { storage: { local: ChromeLocal } } }).chrome.storage.local.get(null),
  );
}

export async function setStorage(h: Harness, items: Record<string, unknown>, clear = false): Promise<void> {
  const page = await extensionPage(h);
  await page.evaluate(
    async ([data, wipe]) => {
      const area = (globalThis as unknown as { chrome: { storage: { local: ChromeLocal } } }).chrome.storage
        .local;
      if (wipe) await area.clear();
      await area.set(data);
    },
    [items, clear] as const,
  );
}

/** Stops the extension's service worker the way Chrome does when it is idle (DevTools protocol). */
export async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const stopped = new Promise<void>((resolve) => {
    cdp.on(
      'ServiceWorker.workerVersionUpdated',
      (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
        if (
          event.versions.some((v) => v.scriptURL.endsWith('/background.js') && v.runningStatus === 'stopped')
        )
          resolve();
      },
    );
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}

/**
 * Yahoo Finance's v8 chart endpoint, answered from real recorded bars: the first request gets
 * the last `history` bars, a later poll (period1 = the last bar it knows) gets the bars from there.
 */
export async function installYahoo(
  context: BrowserContext,
  symbol: string,
  bars: Bar[],
  history = 300,
): Promise<string[]> {
  const calls: string[] = [];
  await context.route(/^https:\/\/query1\.finance\.yahoo\.com\/v8\/finance\/chart\//, async (route) => {
    const url = new URL(route.request().url());
    calls.push(url.pathname + url.search);
    if (decodeURIComponent(url.pathname.split('/').pop() ?? '') !== symbol) {
      await route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({
          chart: {
            result: null,
            error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
          },
        }),
      });
      return;
    }
    const period1 = Number(url.searchParams.get('period1'));
    const known = bars.filter((b) => b.time >= period1);
    const pick = known.length && known.length < bars.length ? known : bars.slice(-history);
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        chart: {
          result: [
            {
              meta: { symbol, currency: 'USD', dataGranularity: url.searchParams.get('interval') },
              timestamp: pick.map((b) => b.time),
              indicators: {
                quote: [
                  {
                    open: pick.map((b) => b.open),
                    high: pick.map((b) => b.high),
                    low: pick.map((b) => b.low),
                    close: pick.map((b) => b.close),
                    volume: pick.map((b) => b.volume ?? null),
                  },
                ],
              },
            },
          ],
          error: null,
        },
      }),
    });
  });
  return calls;
}

/** A PNG of the page as it is now: brought to the front and given a frame to paint first (else an iframe can show an old paint). */
/**
 * The toolbar popup as it would open over `tab`: it acts on the active tab, so the popup page
 * is loaded, `tab` brought to the front, and the popup reloaded there.
 */
export async function popupFor(h: Harness, tab: Page): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup/index.html`);
  await tab.bringToFront();
  await popup.reload();
  return popup;
}

export async function shot(page: Page, name: string): Promise<Buffer> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.bringToFront();
  for (const frame of page.frames()) {
    await frame
      .evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
      .catch(() => undefined);
  }
  return page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}
