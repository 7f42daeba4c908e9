// The chart's axes stay readable on the demo's charts, on a desktop and a 390 px phone, in both
// themes (issue 14): the plan's levels put no badge over the price axis's tick labels, the level
// labels keep inside the price pane (left of the axis), and the left-most time label is either
// whole or not drawn, never cut by the chart's edge ("020" for 2020).
//
// How it is measured: lightweight-charts draws its axes on canvas and gives no access to its
// tick labels, so the test reads the pixels it drew. A badge on the price axis is a filled box
// across the axis at its level's y: on the axis canvas, the row at each level's y (from the
// chart's own priceToCoordinate, DrawnState.priceLines) must be mostly background. The level
// labels' boxes are PlanLabels' own layout (DrawnState.labels), checked against the pane
// canvas's width. On the time axis canvas, a label cut by the left edge leaves ink in its first
// column; a whole label starts to the right of it.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, serverAndBrowser, snapshot, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

interface AxisPixels {
  paneWidth: number;
  /** For each y asked: the share of the price axis row that is not background. */
  rowInk: number[];
  /** Time axis, label band: does its first column hold ink; how many columns hold ink. */
  timeEdgeInk: boolean;
  timeInkColumns: number;
}

/** Reads the pixels of the price axis (rows at `ys`, CSS px) and the time axis of `selector`'s chart. */
function axisPixels(page: Page, selector: string, ys: number[]): Promise<AxisPixels> {
  return page.evaluate(
    ({ selector, ys }) => {
      const host = document.querySelector(selector)!;
      const table = host.shadowRoot!.querySelector('.ep-chart table')!;
      const rows = table.querySelectorAll(':scope > tbody > tr, :scope > tr');
      const cells = (r: Element) => r.querySelectorAll(':scope > td');
      const pane = cells(rows[0])[1].querySelector('canvas')!;
      const axis = cells(rows[0])[2].querySelector('canvas')!;
      const time = cells(rows[rows.length - 1])[1].querySelector('canvas')!;
      const read = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const ratio = axis.width / axis.getBoundingClientRect().width;
      const a = read(axis);
      // The background: the axis's top-right pixel (the axis is drawn on the chart's background).
      const at = (img: ImageData, x: number, y: number) => {
        const i = (y * img.width + x) * 4;
        return [img.data[i], img.data[i + 1], img.data[i + 2]];
      };
      const bg = at(a, a.width - 1, 0);
      const differs = (p: number[]) =>
        Math.abs(p[0] - bg[0]) + Math.abs(p[1] - bg[1]) + Math.abs(p[2] - bg[2]) > 60;
      const rowInk = ys.map((y) => {
        const row = Math.round(y * ratio);
        let n = 0;
        for (let x = 0; x < a.width; x++) if (differs(at(a, x, row))) n++;
        return n / a.width;
      });
      const t = read(time);
      const top = Math.round(4 * ratio);
      const columnInk = (x: number) => {
        for (let y = top; y < t.height; y++) if (differs(at(t, x, y))) return true;
        return false;
      };
      let timeInkColumns = 0;
      for (let x = 0; x < t.width; x++) if (columnInk(x)) timeInkColumns++;
      return {
        paneWidth: pane.getBoundingClientRect().width,
        rowInk,
        timeEdgeInk: columnInk(0) || columnInk(1),
        timeInkColumns,
      };
    },
    { selector, ys },
  );
}

async function openDemo(width: number, height: number, theme: 'light' | 'dark'): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width, height } });
  await page.goto(`${env.base}/demo/`);
  await page.selectOption('#theme', theme);
  for (const id of ['btc', 'spy']) await snapshot(page, `#${id}`);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

describe('chart axes', () => {
  for (const [device, width, height] of [
    ['desktop', 1100, 900],
    ['phone', 390, 844],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`keep their tick labels clear of the plan's badges and whole at the left edge (${device}, ${theme})`, async () => {
        const page = await openDemo(width, height, theme);
        const errors = watchErrors(page);
        for (const id of ['btc', 'spy']) {
          const s = await snapshot(page, `#${id}`);
          const drawn = s.drawn!;
          const lines = drawn.priceLines.filter((l) => l.y !== null && l.y! > 2);
          // The demo's charts carry at least entry, stop and two targets (demo/index.html).
          expect(lines.length, id).toBeGreaterThanOrEqual(4);
          // The last visible close's own badge (lightweight-charts' last-value label, which shows
          // the right-most candle in view) is not a plan badge: rows near it are left out. Its y:
          // the price scale is linear between two level lines.
          const [p, q] = [lines[0], lines[lines.length - 1]];
          const close = drawn.lastVisibleClose!;
          const closeY = p.y! + ((close - p.price) * (q.y! - p.y!)) / (q.price - p.price);
          const ys = lines.map((l) => l.y!).filter((y) => Math.abs(y - closeY) > 12);
          expect(ys.length, id).toBeGreaterThanOrEqual(3);
          await page
            .locator(`#${id}`)
            .screenshot({ path: path.join(SHOTS, `labels-${id}-${device}-${theme}.png`) });
          const px = await axisPixels(page, `#${id}`, ys);
          // A badge filled its row of the axis (share ~1); a tick label's text fills under half.
          for (const [k, share] of px.rowInk.entries())
            expect(share, `${id}: axis row at y=${ys[k].toFixed(0)}`).toBeLessThan(0.5);
          // The level labels, which now carry the prices, keep left of the axis, inside the pane.
          const levels = (
            drawn as unknown as { labels: { kind: string; x: number; w: number; text: string }[] }
          ).labels.filter((l) => l.kind === 'level');
          expect(levels.length, id).toBeGreaterThanOrEqual(3);
          for (const l of levels) {
            expect(l.x, l.text).toBeGreaterThanOrEqual(0);
            expect(l.x + l.w, l.text).toBeLessThanOrEqual(px.paneWidth);
            // Each carries its price (digits), as the badge did.
            expect(l.text, id).toMatch(/\d[\d,]*\.\d+/);
          }
          // The time axis has labels, and none is cut by the left edge.
          expect(px.timeInkColumns, id).toBeGreaterThan(20);
          expect(px.timeEdgeInk, `${id}: a time label runs off the left edge`).toBe(false);
        }
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});
