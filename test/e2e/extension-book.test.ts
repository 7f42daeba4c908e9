import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  BookIndicators,
  ImbalanceShield,
  LiquidityShield,
  parseImbalance,
  parseLiquidity,
  type BookDepth,
  type BookTop,
  type BookTrade,
} from '../../engine/index.js';
import { PANEL_BOOK } from '../../extension/panel/book-settings.js';
import { formatSize } from '../../widget/book/book-state.js';
import { fmtPrice } from '../../widget/format.js';
import { BinanceBookSim } from './binance-book-sim.js';
import {
  BinanceSim,
  launch,
  panelFrame,
  setStorage,
  shot,
  storage,
  type Harness,
} from './extension-harness.js';
import { findScenario, type Scenario } from './extension-scenario.js';
import { bookScript, lobsterRows, type BinanceBookScript } from './lobster-binance.js';

/**
 * The extension panel's order book, fed at the network boundary: the real LOBSTER AMZN day
 * (../shared/data/lobster) turned into Binance USDⓈ-M futures `@bookTicker` / `@aggTrade` /
 * `@depth10@100ms` messages (the partial book inferred from the level-1 rows, one snapshot per
 * 100 ms of book time) and the REST `aggTrades` history (lobster-binance.ts, binance-book-sim.ts), on a
 * BTCUSDT.P chart fed from real Binance bars. Futures' bookTicker carries the book time, so the
 * panel runs on the LOBSTER clock and every figure it shows is compared with the engine's
 * BookIndicators and shields replaying the same accepted updates here in Node. Then the faults:
 * duplicated, out-of-order, a gap, a dropped socket, a stall; and a shield firing raises the
 * extension's alert and a desktop notification. One browser; the steps build on each other.
 */
const SYMBOL = 'BINANCE:BTCUSDT.P';
const TV_URL = 'https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3ABTCUSDT.P&interval=5';
const PLAN_STAMP = 1_700_000_000_000;
/**
 * The stretch: 340 LOBSTER rows from data row 6,676 on. Replayed alone (long), the engine's
 * imbalance shield (0.6 x 20) fires on the day's 6,976th and 6,996th updates, the stretch's
 * 301st and 321st: the faults below all happen before row 280 of the stretch, so the firing
 * comes after them (which updates it fires on is the Node replay's answer, not assumed here).
 */
const FROM = 6675;
const COUNT = 340;

let h: Harness;
let page: Page;
let frame: Frame;
let scenario: Scenario;
let script: BinanceBookScript;
let sim: BinanceBookSim;
/** Script rows whose top the panel should have taken, in order (the feed drops the others). */
const accepted: number[] = [];
/** Script rows whose depth snapshot the panel should have taken, in order. */
const acceptedDepth: number[] = [];
/** The last script row sent or released: every trade up to it has happened. */
let upTo = -1;
/** The next script row the stream has not reached yet. */
let next = 0;

const book = (sel = '') => frame.locator(`.exitplan-widget .ep-book${sel ? ` ${sel}` : ''}`);
const text = (sel: string) => book(sel).first().textContent();
const updates = async () => Number(await book().getAttribute('data-updates'));
const trades = async () => Number(await book().getAttribute('data-trades'));

function send(i: number): void {
  sim.sendRow(i);
  accepted.push(i);
  upTo = Math.max(upTo, i);
  if (script.depthDue[i]) {
    sim.sendDepth(i, PANEL_BOOK.topLevels);
    acceptedDepth.push(i);
  }
}

/**
 * The second way for the top-N imbalance: the sizes of the first PANEL_BOOK.topLevels levels of
 * the last snapshot taken, summed straight (the panel's is BookIndicators.updateTopLevels).
 */
function topImbalance(): number {
  const d: BookDepth = script.depth[acceptedDepth[acceptedDepth.length - 1]];
  const sum = (side: BookDepth['bids']) => side.slice(0, PANEL_BOOK.topLevels).reduce((a, [, q]) => a + q, 0);
  const b = sum(d.bids);
  const a = sum(d.asks);
  return (b - a) / (b + a);
}

/** The engine's figures and shield firings for the updates the panel took, replayed in Node. */
function replay() {
  const tops: BookTop[] = accepted.map((i) => script.rows[i].top);
  const done: BookTrade[] = script.rows.slice(0, upTo + 1).flatMap((r) => (r.trade ? [r.trade] : []));
  const ind = new BookIndicators(60_000); // BookOptions.depthWindowSeconds' default, 60 s
  const im = new ImbalanceShield(parseImbalance(PANEL_BOOK.imbalance)!, 'long');
  const lq = new LiquidityShield(parseLiquidity(PANEL_BOOK.liquidity)!, 'long');
  const fired: string[] = [];
  for (const t of tops) {
    ind.update(t);
    if (im.update(t)) fired.push(`${SYMBOL}|${PLAN_STAMP}|book|imbalance|${t.timeMs}`);
    if (lq.update(t)) fired.push(`${SYMBOL}|${PLAN_STAMP}|book|liquidity|${t.timeMs}`);
  }
  for (const t of done) ind.addTrade(t);
  return { ind, trades: done.length, fired };
}

/** The panel's figures equal the Node replay's, as the panel formats them. */
async function expectFigures(): Promise<void> {
  const { ind, trades: n } = replay();
  await expect.poll(updates, { timeout: 10_000 }).toBe(accepted.length);
  await expect.poll(trades, { timeout: 10_000 }).toBe(n);
  expect(await text('[data-stat=spread] .v')).toBe(
    `${fmtPrice(ind.spread)} · ${ind.spreadBps.toFixed(2)} bps`,
  );
  expect(await text('[data-stat=imbalance] .v')).toBe(ind.imbalance.toFixed(2));
  expect(Number(await book('[data-stat=imbalance] [role=meter]').getAttribute('aria-valuenow'))).toBe(
    Number(ind.imbalance.toFixed(3)),
  );
  const ratio = Number.isFinite(ind.depthRatio)
    ? ` (${(ind.depthRatio * 100).toFixed(0)}%)`
    : ' (warming up)';
  expect(await text('[data-stat=depth] .v')).toBe(
    `${formatSize(ind.depth)} / ${formatSize(ind.depthMedian)}${ratio}`,
  );
  expect(await text('[data-stat=cvd] .v')).toBe(formatSize(ind.cvd));
  // The top-N imbalance of the last depth snapshot taken, beside level 1.
  const top = topImbalance();
  await expect.poll(() => text('[data-stat=imbalance-top] .v'), { timeout: 5_000 }).toBe(top.toFixed(2));
  expect(await text('[data-stat=imbalance-top] .k')).toBe(`Imbalance (top ${PANEL_BOOK.topLevels} levels)`);
  expect(Number(await book('[data-stat=imbalance-top] [role=meter]').getAttribute('aria-valuenow'))).toBe(
    Number(top.toFixed(3)),
  );
}

async function alertKeys(): Promise<string[]> {
  const log = (await storage(h))['alerts:log'];
  return Array.isArray(log) ? (log as { key: string }[]).map((a) => a.key) : [];
}

beforeAll(async () => {
  scenario = findScenario();
  h = await launch();
  const last = scenario.history[scenario.history.length - 1];
  // The stretch starts in the last history bar (the plan's entry bar), so shield markers land there.
  const shiftMs = last.time * 1000 + 5_000 - Math.round(lobsterRows()[FROM].top.timeMs);
  script = bookScript('BTCUSDT', FROM, COUNT, 400_900_000, 3_000_000, 'futures', shiftMs);
  sim = new BinanceBookSim(script);
  await BinanceSim.install(h.context, [new BinanceSim('BTCUSDT', '5m', scenario.history, 'fapi')]);
  await BinanceBookSim.install(h.context, sim);
  await setStorage(h, {
    schemaVersion: 2,
    [`plan:${SYMBOL}`]: { v: 2, symbol: SYMBOL, text: scenario.plan, updatedAt: PLAN_STAMP },
  });
  page = await h.context.newPage();
});

afterAll(async () => {
  await h?.close();
});

describe('the order book in the extension panel', () => {
  it('mounts folded under the chart and shows the engine figures of the LOBSTER updates', async () => {
    await page.goto(TV_URL);
    frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('[data-testid=symbol]').textContent(), { timeout: 15_000 })
      .toBe(SYMBOL);
    await expect.poll(() => text('.ep-badge'), { timeout: 15_000 }).toBe('waiting for the book');
    await expect.poll(() => sim.connected, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(sim.streamsAsked[0]).toBe('btcusdt@bookTicker/btcusdt@aggTrade/btcusdt@depth10@100ms');
    expect(await book('.ep-book-fold').getAttribute('aria-expanded')).toBe('false');
    for (let i = 0; i < 200; i++) send(i);
    await expect.poll(updates, { timeout: 10_000 }).toBe(200);
    // Folded: one line with the live state, spread, imbalance and the top-N imbalance.
    const { ind } = replay();
    expect(await text('[data-stat=spread-bps]')).toBe(`${ind.spreadBps.toFixed(2)} bps`);
    expect(await text('[data-stat=imbalance-top-line]')).toBe(`top10 ${topImbalance().toFixed(2)}`);
    // The stretch's first 200 rows: the inferred book has levels behind the touch by now, and
    // the top-10 figure differs from level 1 (else this test would prove nothing).
    expect(topImbalance().toFixed(2)).not.toBe(ind.imbalance.toFixed(2));
    expect(await text('.ep-badge')).toMatch(/^live · \d\d:\d\d:\d\d\.\d{3} UTC$/);
    await shot(page, 'panel-book-folded');
    await book('.ep-book-fold').click();
    await expect.poll(() => book('.ep-book-fold').getAttribute('aria-expanded')).toBe('true');
    await expectFigures();
    // 200 rows span 54 s of the day: the 60 s depth median is still warming (said so).
    expect(await text('[data-stat=depth] .v')).toContain('(warming up)');
    await shot(page, 'panel-book-depth-dark');
  });

  it('drops duplicated and out-of-order messages without losing a trade', async () => {
    // Duplicates of the last two rows: same update and trade ids, nothing counted twice.
    sim.sendRow(199);
    sim.sendRow(198);
    send(200);
    // And depth snapshots: the newest again and an older one late; both are dropped.
    const depthRows = acceptedDepth.slice(-2);
    sim.sendDepth(depthRows[1], PANEL_BOOK.topLevels);
    sim.sendDepth(depthRows[0], PANEL_BOOK.topLevels);
    await expectFigures();
    // Out of order: row k+1 before row k, both with a trade. k's top is older (dropped, k+1
    // supersedes it); k's trade arrives after k+1's, so the feed held k+1's trade and fetched k's
    // from REST, which knows it (it happened); the late message then is a duplicate.
    let k = 201;
    while (!(script.rows[k].trade && script.rows[k + 1].trade)) send(k++);
    const rest = sim.restCalls.length;
    sim.releaseTrade(k);
    send(k + 1);
    sim.sendRow(k);
    await expectFigures();
    expect(sim.restCalls.length).toBeGreaterThan(rest);
    expect(sim.restCalls[sim.restCalls.length - 1]).toContain(`fromId=${script.tradeIds[k]}`);
    next = k + 2;
  });

  it('fills a gap in the trade ids from REST and takes the next top after a gap in update ids', async () => {
    // Ten rows (with at least one trade) never reach the socket: their tops are superseded by
    // the next one, their trades are in REST and fetched when the next trade shows the hole.
    const tradesIn = (i: number) => script.rows.slice(i, i + 10).filter((r) => r.trade).length;
    while (tradesIn(next) === 0) send(next++);
    const rest = sim.restCalls.length;
    for (let j = next; j < next + 10; j++) sim.releaseTrade(j);
    upTo = next + 9;
    next += 10;
    while (!script.rows[next].trade) send(next++);
    send(next++);
    await expectFigures();
    expect(sim.restCalls.length).toBeGreaterThan(rest);
  });

  it('reconnects after a dropped socket and backfills the trades it missed', async () => {
    const before = sim.connections;
    sim.dropConnections();
    // While the socket is down, rows happen: REST learns their trades, their tops are lost.
    for (let j = next; j < next + 8; j++) sim.releaseTrade(j);
    upTo = next + 7;
    next += 8;
    await expect.poll(() => sim.connections, { timeout: 15_000 }).toBeGreaterThan(before);
    await expect.poll(() => sim.connected, { timeout: 15_000 }).toBeGreaterThan(0);
    // The new socket asks for the same three streams: the depth comes back with the rest.
    expect(sim.streamsAsked[sim.streamsAsked.length - 1]).toBe(sim.streamsAsked[0]);
    while (!script.rows[next].trade) send(next++);
    send(next++);
    await expectFigures();
  });

  it('says the book is stale when the stream stalls, reconnects, and resyncs', async () => {
    const before = sim.connections;
    // The socket stays open but goes silent; rows still happen (REST learns their trades).
    for (let j = next; j < next + 5; j++) sim.releaseTrade(j);
    upTo = next + 4;
    next += 5;
    // PANEL_BOOK.staleSeconds (5 s) without an update: the panel greys the figures and says so.
    await expect
      .poll(() => text('.ep-badge'), { timeout: 12_000 })
      .toMatch(/^book stale: no update for \d+ s$/);
    expect(await book().getAttribute('class')).toContain('stale');
    await shot(page, 'panel-book-stale');
    // The feed takes a socket silent for four times its stale time (the panel's 5 s) for dead
    // and opens another.
    await expect.poll(() => sim.connections, { timeout: 25_000 }).toBeGreaterThan(before);
    await expect.poll(() => sim.connected, { timeout: 10_000 }).toBeGreaterThan(0);
    while (!script.rows[next].trade) send(next++);
    send(next++);
    await expect.poll(() => text('.ep-badge'), { timeout: 5_000 }).toMatch(/^live · /);
    expect(await book().getAttribute('class')).not.toContain('stale');
    await expectFigures();
    expect(next).toBeLessThan(280); // the faults are over before the shield's stretch
  });

  it('raises the alert and a desktop notification when a shield fires', async () => {
    const from = next;
    expect(await alertKeys()).toEqual([]);
    for (let i = from; i < COUNT; i++) send(i);
    await expectFigures();
    const { fired, ind } = replay();
    // The 340 rows span 109 s: the depth median compared above was warm.
    expect(Number.isFinite(ind.depthRatio)).toBe(true);
    // Oracle: the Node replay of the accepted updates fires the imbalance shield at least once.
    expect(fired.some((k) => k.includes('|imbalance|'))).toBe(true);
    await expect
      .poll(async () => (await alertKeys()).sort(), { timeout: 10_000 })
      .toEqual(fired.slice().sort());
    const log = (await storage(h))['alerts:log'] as { key: string; title: string }[];
    const first = log.find((a) => a.key === fired[0]) as { title: string; message?: string };
    expect(first.title).toMatch(
      /^BINANCE:BTCUSDT\.P: (order-book imbalance|liquidity kill-switch) shield fired$/,
    );
    const ids = await frame.evaluate(() =>
      (
        globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
      ).chrome.notifications.getAll(),
    );
    for (const key of fired) expect(Object.keys(ids)).toContain(`exitplan:${key}`);
    // The panel's notice says it once: the title names the shield, the message when and why.
    const notice = frame.locator('.notice', { hasText: 'order-book imbalance shield fired: At ' });
    await expect.poll(() => notice.count()).toBeGreaterThan(0);
    expect(await notice.first().textContent()).toMatch(
      /for 20 updates in a row\. Exit everything; at the bid about /,
    );
    // The book's shield row and alert lines say it too.
    expect(await book('[data-shield=imbalance]').first().getAttribute('data-status')).toMatch(/fired|armed/);
    expect(await book('.ep-book-alert').count()).toBeGreaterThan(0);
    await page.mouse.move(5, 5); // off the chart: no crosshair in the picture
    await page.waitForTimeout(300);
    await shot(page, 'panel-book-shield-fired');
  });

  it('shows the book with its top-10 imbalance in the light theme', async () => {
    // Only for the picture (and that the theme carries the book): the panel opened again in the
    // light theme, the stretch's first 200 rows and their snapshots replayed to the new session.
    const settings = ((await storage(h)).settings ?? {}) as Record<string, unknown>;
    await setStorage(h, { settings: { ...settings, theme: 'light' } });
    const before = sim.connections;
    await page.reload();
    frame = await panelFrame(page);
    await expect
      .poll(() => frame.locator('html').getAttribute('data-theme'), { timeout: 10_000 })
      .toBe('light');
    await expect.poll(() => sim.connections, { timeout: 15_000 }).toBeGreaterThan(before);
    await expect.poll(() => sim.connected, { timeout: 10_000 }).toBeGreaterThan(0);
    let last = 0;
    for (let i = 0; i < 200; i++) {
      sim.sendRow(i);
      if (script.depthDue[i]) {
        sim.sendDepth(i, PANEL_BOOK.topLevels);
        last = i;
      }
    }
    await expect.poll(updates, { timeout: 10_000 }).toBe(200);
    await book('.ep-book-fold').click();
    acceptedDepth.push(last);
    await expect
      .poll(() => text('[data-stat=imbalance-top] .v'), { timeout: 5_000 })
      .toBe(topImbalance().toFixed(2));
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    await shot(page, 'panel-book-depth-light');
  });
});
