// The widget's order book panel (widget/book/) on the real LOBSTER AMZN day: `<exit-plan book>`
// drawn on 1-minute bars built from the day's trades, a long entered at 10:00, and the book's
// rows pushed with `pushBook` as a page would. What the panel says (updates, the imbalance
// shield's firings, the markers on the chart) is checked against a naive pass over the same
// rows in Node; then the pushes stop and the panel says the book is stale.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LiquidityShield,
  newYorkMidnightMs,
  TradeBarBuilder,
  type Bar,
  type BookTop,
  type BookTrade,
} from '../../engine/index.js';
import { lobsterRows } from './lobster-binance.js';
import { openBarePage, serverAndBrowser, SHOTS, snapshot, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

const MIDNIGHT = newYorkMidnightMs('2012-06-21');
const FROM_MS = MIDNIGHT + 10 * 3_600_000; // 10:00 New York
const TO_MS = MIDNIGHT + (10 * 60 + 20) * 60_000; // 10:20
const rows = lobsterRows();

// 1-minute bars from the trades up to 10:20 (the engine's builder, New York minutes).
const bars: Bar[] = [];
const builder = new TradeBarBuilder(60, (b) => bars.push({ ...b }));
for (const r of rows) {
  if (r.top.timeMs >= TO_MS) break;
  if (r.trade) builder.add(r.trade);
}
builder.flush();
const entryBar = bars.find((b) => b.time * 1000 >= FROM_MS)!;
// The book from 10:00 to 10:20, as pushed (no empty side in that stretch: checked below).
const pushed = rows.filter((r) => r.top.timeMs >= FROM_MS && r.top.timeMs < TO_MS);
const tops: BookTop[] = pushed.map((r) => r.top);
const trades: (BookTrade | null)[] = pushed.map((r) => r.trade);

/** Where 20 updates in a row have imbalance <= -0.6 (a long's shield), the count restarting after each. */
function naiveFires(): number[] {
  const at: number[] = [];
  let run = 0;
  tops.forEach((t, i) => {
    const imb = (t.bidSize - t.askSize) / (t.bidSize + t.askSize);
    run = imb <= -0.6 ? run + 1 : 0;
    if (run === 20) {
      at.push(i);
      run = 0;
    }
  });
  return at;
}

describe('order book panel in the widget', () => {
  let page: Page;
  afterAll(async () => page?.context().close());

  const panel = (sel: string, attr?: string) =>
    page.evaluate(
      ([s, a]) => {
        const el = document.querySelector('#book')?.shadowRoot?.querySelector(s);
        return a ? (el?.getAttribute(a) ?? null) : (el?.textContent ?? null);
      },
      [sel, attr] as const,
    );

  it('shows the pushed book: spread, imbalance, depth, shield states, alerts and chart markers', async () => {
    expect(tops.every((t) => Number.isFinite(t.bidPrice) && Number.isFinite(t.askPrice))).toBe(true);
    const fires = naiveFires();
    expect(fires.length).toBeGreaterThan(0);
    page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="book" book book-imbalance="imbalance0.6x20" book-liquidity="liquidity70%@60s,for10s" book-stale="3"
        side="long" entry="${entryBar.close}" at="${entryBar.time}" stop="0.5%" ladder="1R:50,2R:50" theme="light"
        heading="AMZN 1m · LOBSTER book 21 June 2012" compare="false" form="false" indicators=""><script type="application/json">${JSON.stringify(bars)}</script></exit-plan>`,
    );
    const errors = watchErrors(page);
    const snap = await snapshot(page, '#book');
    expect(snap.error).toBeNull();
    expect(snap.overlay?.state.status).toBe('open');
    expect(await panel('.ep-book .ep-badge')).toBe('waiting for the book');
    // Push the twenty minutes in the page, row by row, as a page's own feed would.
    const accepted = await page.evaluate(
      ({ tops, trades }) => {
        const el = document.querySelector('#book') as unknown as {
          pushBook(s: { top?: unknown; trades?: unknown[] }): boolean;
        };
        let ok = 0;
        for (let i = 0; i < tops.length; i++) {
          const t = trades[i];
          if (el.pushBook(t ? { top: tops[i], trades: [t] } : { top: tops[i] })) ok++;
        }
        return ok;
      },
      { tops, trades },
    );
    expect(accepted).toBe(tops.length);
    await expect.poll(() => panel('.ep-book', 'data-updates')).toBe(String(tops.length));
    expect(await panel('.ep-book', 'data-trades')).toBe(String(trades.filter(Boolean).length));
    // The last book: spread in price and bps as plain arithmetic says.
    const last = tops[tops.length - 1];
    const spread = last.askPrice - last.bidPrice;
    const bps = (spread / ((last.askPrice + last.bidPrice) / 2)) * 1e4;
    expect(await panel('[data-stat=spread] .v')).toContain(`${bps.toFixed(2)} bps`);
    const imb = (last.bidSize - last.askSize) / (last.bidSize + last.askSize);
    expect(await panel('[data-stat=imbalance] .ep-gauge', 'aria-valuenow')).toBe(
      String(Number(imb.toFixed(3))),
    );
    // The imbalance shield fired where the naive count says; the newest alert names its time.
    const lastFire = tops[fires[fires.length - 1]];
    const iso = new Date(lastFire.timeMs).toISOString().slice(11, 23);
    expect(await panel('[data-shield=imbalance]', 'data-status')).toBe('fired');
    expect(await panel('li[data-shield=imbalance] .why')).toContain(`${iso} UTC: imbalance`);
    // The kill-switch (the drop must last 10 s): where the engine's shield fires on the same rows
    // (its own firings are checked against a naive median in test/unit/book/shields.test.ts).
    const liquidity = new LiquidityShield({ dropPercent: 70, windowSeconds: 60, holdMs: 10_000 }, 'long');
    const liquidityFires = tops.map((t, i) => (liquidity.update(t) ? i : -1)).filter((i) => i >= 0);
    const newest = [
      ...fires.map((i) => ['imbalance', i] as const),
      ...liquidityFires.map((i) => ['liquidity', i] as const),
    ]
      .sort((a, b) => a[1] - b[1])
      .pop()!;
    const newestIso = new Date(tops[newest[1]].timeMs).toISOString().slice(11, 23);
    const names = { imbalance: 'imbalance shield', liquidity: 'liquidity kill-switch' };
    expect(await panel('.ep-book-alert')).toContain(`${names[newest[0]]} fired at ${newestIso} UTC`);
    // One marker per shield and firing minute on the chart.
    const minutes = (at: number[]) => new Set(at.map((i) => Math.floor(tops[i].timeMs / 60_000))).size;
    expect(await panel('.ep-book', 'data-markers')).toBe(String(minutes(fires) + minutes(liquidityFires)));
    await page.locator('#book').screenshot({ path: path.join(SHOTS, 'widget-book-panel.png') });
    expect(errors).toEqual([]);
  });

  it('says the book is stale once nothing came for the set seconds', async () => {
    await expect
      .poll(() => panel('.ep-book .ep-badge'), { timeout: 10_000 })
      .toMatch(/^book stale: no update for \d+ s$/);
    expect(await panel('.ep-book', 'class')).toContain('stale');
    await page.locator('#book').screenshot({ path: path.join(SHOTS, 'widget-book-stale.png') });
  });
});
