// Shared by the widget's end-to-end tests: the real `npm start` server on a free port, and
// Debian's Chromium through playwright-core (one browser per test file).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Bar, Overlay } from '../../engine/index.js';
import type { DrawnState, EngineMode } from '../../widget/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DATA = path.resolve(ROOT, '../shared/data');
/** The demo data in the repository (demo/data), which the demo pages serve. */
export const DEMO_DATA = path.join(ROOT, 'demo/data');
export const SHOTS = path.join(ROOT, 'screenshots');

export function requireBuild(): void {
  for (const f of [
    'dist/widget/exitplan-widget.js',
    'dist/widget/exitplan-engine-worker.js',
    'dist/widget/exitplan-lab-worker.js',
    'dist/widget/exitplan-lab.js',
  ]) {
    if (!fs.existsSync(path.join(ROOT, f)))
      throw new Error(`${f} is missing: run \`npm run build\` before the e2e tests.`);
  }
}

export interface Server {
  base: string;
  stop(): void;
}

/**
 * Starts scripts/serve.mjs exactly as `npm start` does, on a free port, and reads its URL from the banner.
 * `cwd`: the checkout to serve (a copy of the project, for the bare-clone test); `onBanner` gets what it printed.
 */
export async function startServer(cwd = ROOT, onBanner?: (text: string) => void): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs printed no URL: ${out}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Demo[^\n]*?(http:\/\/[^\s/]+)\/demo\//.exec(out);
      if (m && out.includes('Ctrl+C')) {
        clearTimeout(timer);
        onBanner?.(out);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${out}`)));
  });
  return { base, stop: () => child.kill() };
}

/** What a test file's tests run against: `npm start`'s server and one headless Chromium. */
export interface ServedBrowser {
  readonly base: string;
  readonly browser: Browser;
}

/**
 * Starts the server and the browser before a file's tests (after checking the build) and
 * closes them after. Call it at the top of the file; read `base` and `browser` inside tests.
 */
export function serverAndBrowser(): ServedBrowser {
  let server: Server | null = null;
  let browser: Browser | null = null;
  beforeAll(async () => {
    requireBuild();
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });
  const started = <T>(value: T | null): T => {
    if (value === null) throw new Error('serverAndBrowser(): read base and browser inside tests or hooks');
    return value;
  };
  return {
    get base() {
      return started(server).base;
    },
    get browser() {
      return started(browser);
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/lib/chromium/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Page errors and console errors, collected so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * A bare page on the demo server's origin (so the worker loads as it would for a blog):
 * just the widget script and whatever body the test needs.
 */
export async function openBarePage(
  browser: Browser,
  base: string,
  body = '',
  head = '',
  /** Routes (mocked feeds, extra files) to install before the page loads. */
  setup: (context: BrowserContext) => Promise<void> = async () => undefined,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await setup(context);
  const url = `${base}/test/bare-${Math.random().toString(36).slice(2)}.html`;
  await context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8">${head}<script src="/widget/exitplan-widget.js"></script></head><body>${body}</body></html>`,
    }),
  );
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What a widget element exposes, read in the page. */
export interface WidgetSnapshot {
  overlay: Overlay | null;
  drawn: DrawnState | null;
  mode: EngineMode | null;
  error: string | null;
}

interface WidgetElementLike extends HTMLElement {
  ready: Promise<void>;
  getOverlay(): Overlay | null;
  drawnState(): DrawnState | null;
  engineMode(): EngineMode | null;
  errorMessage(): string | null;
  push(bar: Bar): Promise<Overlay | null>;
}

export async function snapshot(page: Page, selector: string): Promise<WidgetSnapshot> {
  return page.evaluate(async (sel) => {
    const el = document.querySelector(sel) as WidgetElementLike | null;
    if (!el) throw new Error(`no element ${sel}`);
    await el.ready;
    return {
      overlay: el.getOverlay(),
      drawn: el.drawnState(),
      mode: el.engineMode(),
      error: el.errorMessage(),
    };
  }, selector);
}

/** Reads a CSV from ../shared/data as bars (the engine's own parser, as the widget uses). */
export function readCsv(file: string): string {
  return fs.readFileSync(path.join(DATA, file), 'utf8');
}

/** Reads a CSV of the demo data (demo/data): the file a demo page's widget is given. */
export function readDemoCsv(file: string): string {
  return fs.readFileSync(path.join(DEMO_DATA, file), 'utf8');
}

export type { WidgetElementLike };
