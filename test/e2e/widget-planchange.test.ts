// The reader's plan edits reach the host page: mount()'s onPlanChange and <exit-plan>'s
// `planchange` event carry the plan in the engine's text form after a drag or a form edit (not
// after setPlan), and that text reloads into exactly the plan the widget shows.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { computeOverlay, parseBarsCsv, parsePlan, type PlanText } from '../../engine/index.js';
import {
  openBarePage,
  readCsv,
  serverAndBrowser,
  watchErrors,
  type WidgetElementLike,
} from './widget-harness.js';

const env = serverAndBrowser();

const FILE = 'btcusdt_binance_5m_2020-12_2021-07.csv';
// 2021-01-02 12:00 UTC is row 9302 (0-based) of the BTC 5m file; history ends on that bar.
const history = () => parseBarsCsv(readCsv(FILE)).slice(9000, 9303);
const plan: PlanText = {
  side: 'long',
  entry: 'last',
  stop: 'atr14x2',
  ladder: '2R:25,4R:25',
  trail: 'atr14x2.5',
};

interface Host extends WidgetElementLike {
  setPlan(plan: PlanText): Promise<unknown>;
}
type PageGlobals = { w: Host; changes: PlanText[] };
const changes = (p: Page) => p.evaluate(() => (window as unknown as PageGlobals).changes);

/** Where the stop line is drawn, in page pixels (after the RSI pane has taken its room). */
async function stopLine(p: Page, hostSelector: string): Promise<{ x: number; y: number; price: number }> {
  await p.waitForFunction(() => (window as unknown as PageGlobals).w.drawnState()?.panes === 2);
  return p.evaluate((sel) => {
    const w = (window as unknown as PageGlobals).w;
    const root = document.querySelector(sel)?.shadowRoot ?? null;
    const box = root?.querySelector('.ep-chart')?.getBoundingClientRect();
    const stop = w.drawnState()?.priceLines.find((l) => l.id === 'stop');
    return {
      x: (box?.left ?? 0) + (box?.width ?? 0) * 0.4,
      y: (box?.top ?? 0) + (stop?.y ?? NaN),
      price: stop?.price ?? NaN,
    };
  }, hostSelector);
}

async function drag(p: Page, from: { x: number; y: number }, dy: number): Promise<void> {
  await p.mouse.move(from.x, from.y);
  await p.mouse.down();
  await p.mouse.move(from.x, from.y + dy / 2, { steps: 5 });
  await p.mouse.move(from.x, from.y + dy, { steps: 5 });
  await p.mouse.up();
}

describe('plan changes made by the reader reach the host', () => {
  it('mount(): onPlanChange after a drag and after a form edit, not after setPlan', async () => {
    const p = await openBarePage(env.browser, env.base);
    const errors = watchErrors(p);
    const h = history();
    await p.evaluate(
      async ({ bars, plan }) => {
        const g = window as unknown as PageGlobals & {
          ExitPlan: { mount: (el: HTMLElement, o: unknown) => Host };
        };
        const host = document.createElement('div');
        host.id = 'host';
        document.body.prepend(host);
        g.changes = [];
        g.w = g.ExitPlan.mount(host, { bars, plan, onPlanChange: (text: PlanText) => g.changes.push(text) });
        await g.w.ready;
      },
      { bars: h, plan },
    );
    expect(await changes(p)).toEqual([]);

    const line = await stopLine(p, '#host .exitplan-widget');
    await drag(p, line, 40);
    await p.waitForFunction(() => (window as unknown as PageGlobals).changes.length === 1);
    const [dragged] = await changes(p);
    const overlay = await p.evaluate(() => (window as unknown as PageGlobals).w.getOverlay());
    // Dragged down 40 px: a fixed-price stop below the old one, at the price the engine now uses.
    expect(Number(dragged.stop)).toBe(overlay?.levels.initialStop);
    expect(Number(dragged.stop)).toBeLessThan(line.price);
    // The text carries the entry price and moment: reloaded in Node it gives the same overlay.
    expect(dragged.entry).toBe(String(h[h.length - 1].close));
    expect(dragged.at).toBe(h[h.length - 1].time);
    expect(JSON.parse(JSON.stringify(computeOverlay(h, parsePlan(dragged))))).toEqual(overlay);

    // A host's own setPlan is not the reader's change.
    await p.evaluate(() =>
      (window as unknown as PageGlobals).w.setPlan({
        ...(window as unknown as PageGlobals).changes[0],
        stop: '2%',
      }),
    );
    expect(await changes(p)).toHaveLength(1);

    // The form: a new ladder, applied with Enter.
    const root = p.locator('#host .exitplan-widget');
    await root.locator('summary').click();
    await root.locator('input[name="ladder"]').fill('1R:50,3R:25');
    await root.locator('input[name="ladder"]').press('Enter');
    await p.waitForFunction(() => (window as unknown as PageGlobals).changes.length === 2);
    const formed = (await changes(p))[1];
    expect(formed.ladder).toBe('1R:50,3R:25');
    expect(formed.stop).toBe('2%');
    // A typo in the form is not a change: the form says what to fix, the host hears nothing.
    // First let the form take in the applied plan: it refreshes its fields in an effect, which
    // Preact runs in a timeout after the next frame, so two frames on it has run.
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await root.locator('input[name="ladder"]').fill('1R:50,3Q:25');
    await root.locator('input[name="ladder"]').press('Enter');
    await expect.poll(() => root.locator('[role="alert"]').count()).toBeGreaterThan(0);
    expect(await changes(p)).toHaveLength(2);
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('<exit-plan>: a bubbling planchange event with the plan text as detail', async () => {
    const h = history();
    const last = h[h.length - 1];
    const p = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="el" src="/data/${FILE}?rows=9303" side="long" entry="last" stop="atr14x2" ladder="2R:25,4R:25" trail="atr14x2.5" compare="false"></exit-plan>
<script>window.changes = []; document.addEventListener('planchange', (e) => window.changes.push(e.detail));</script>`,
    );
    const errors = watchErrors(p);
    await p.evaluate(async () => {
      const g = window as unknown as PageGlobals;
      g.w = document.getElementById('el') as unknown as Host;
      await g.w.ready;
    });
    const line = await stopLine(p, '#el');
    // Up 8 px: the entry line is only ~14 px above the stop here, and a stop dragged past the
    // entry is refused (no change to announce).
    await drag(p, line, -8);
    await p.waitForFunction(() => (window as unknown as PageGlobals).changes.length === 1);
    const [changed] = await changes(p);
    const overlay = await p.evaluate(() => (window as unknown as PageGlobals).w.getOverlay());
    // A tighter stop, still below the entry (the last close of the file).
    expect(Number(changed.stop)).toBe(overlay?.levels.initialStop);
    expect(Number(changed.stop)).toBeGreaterThan(line.price);
    expect(Number(changed.stop)).toBeLessThan(last.close);
    expect(changed).toMatchObject({
      side: 'long',
      entry: String(last.close),
      at: last.time,
      ladder: '2R:25,4R:25',
    });
    expect(errors).toEqual([]);
    await p.context().close();
  });
});
