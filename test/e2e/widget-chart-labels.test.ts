// The chart's own labels, read from what is drawn (DrawnState.labels: the boxes PlanLabels laid
// out): none covers another on the demo's charts, on a desktop and a 390 px phone, in both
// themes; a dragged level's label shows the price under the pointer before the drop.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, serverAndBrowser, snapshot, watchErrors, type WidgetElementLike } from './widget-harness.js';

const env = serverAndBrowser();

type Label = { text: string; kind: string; x: number; y: number; w: number; h: number };

const overlapping = (labels: Label[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i];
      const b = labels[j];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        out.push(`"${a.text}" covers "${b.text}"`);
    }
  return out;
};

/** The labels after the chart's next two frames (layout happens as a frame is drawn). */
async function labelsOf(page: Page, selector: string): Promise<Label[]> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const s = await snapshot(page, selector);
  return (s.drawn as unknown as { labels: Label[] }).labels;
}

async function openDemo(width: number, height: number, theme: 'light' | 'dark'): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width, height } });
  await page.goto(`${env.base}/demo/`);
  await page.selectOption('#theme', theme);
  for (const id of ['btc', 'spy', 'eth', 'live']) await snapshot(page, `#${id}`);
  return page;
}

describe('in-chart labels', () => {
  for (const [device, width, height] of [
    ['desktop', 1100, 900],
    ['phone', 390, 844],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`never cover one another on the demo's charts (${device}, ${theme})`, async () => {
        const page = await openDemo(width, height, theme);
        const errors = watchErrors(page);
        for (const id of ['btc', 'spy']) {
          const labels = await labelsOf(page, `#${id}`);
          // The first demo chart fills T1, T2 and the trail close together (issue 13, item 4).
          expect(labels.filter((l) => l.kind === 'level').length, id).toBeGreaterThanOrEqual(3);
          expect(overlapping(labels), id).toEqual([]);
          if (device === 'phone') {
            // The level labels keep to a narrow column on a phone: none wider than a quarter of
            // the chart (they covered half the price pane before).
            const widest = Math.max(...labels.filter((l) => l.kind === 'level').map((l) => l.w));
            expect(widest, id).toBeLessThan(width / 4);
          }
          await page
            .locator(`#${id}`)
            .screenshot({ path: path.join(SHOTS, `labels-${id}-${device}-${theme}.png`) });
        }
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }

  it("shows a dragged level's live price in its label while dragging", async () => {
    const page = await openDemo(1100, 900, 'light');
    const before = await snapshot(page, '#btc');
    const stop = before.overlay!.lines.find((l) => l.id === 'stop')!;
    const box = (await page.locator('#btc .ep-chart, #btc').first().boundingBox())!;
    // The chart's box inside the widget's shadow root, and the stop's y in it.
    const chartBox = await page.evaluate(() => {
      const host = document.querySelector('#btc') as WidgetElementLike;
      const r = host.shadowRoot!.querySelector('.ep-chart')!.getBoundingClientRect();
      return { x: r.left, y: r.top };
    });
    const y = before.drawn!.priceLines.find((l) => l.id === 'stop')!.y!;
    await page.mouse.move(chartBox.x + 60, chartBox.y + y);
    await page.mouse.down();
    await page.mouse.move(chartBox.x + 60, chartBox.y + y + 30, { steps: 5 });
    const during = await labelsOf(page, '#btc');
    const stopLabel = during.find((l) => l.text.startsWith('Stop'))!;
    // The label's price is the one under the pointer now, not the engine's last answer.
    const shown = Number(stopLabel.text.split(' ')[1].replace(/,/g, ''));
    expect(shown).toBeLessThan(stop.price);
    await page.mouse.up();
    expect(box.width).toBeGreaterThan(0);
    await page.close();
  });
  it('keeps a trade label whole when its marker sits at the edge of the pane', async () => {
    const page = await openDemo(1100, 900, 'light');
    const errors = watchErrors(page);
    const before = await labelsOf(page, '#btc');
    const trail = before.find((l) => l.kind === 'event' && l.text.startsWith('Trail'))!;
    expect(trail, 'the trail exit label of the first demo chart').toBeDefined();
    // The pane's width: the level labels end 4 px left of it (PlanLabels' level column).
    const level = before.find((l) => l.kind === 'level')!;
    const paneWidth = level.x + level.w + 4;
    const marker = trail.x + trail.w / 2;
    const chartBox = await page.evaluate(() => {
      const host = document.querySelector('#btc') as WidgetElementLike;
      const r = host.shadowRoot!.querySelector('.ep-chart')!.getBoundingClientRect();
      return { x: r.left, y: r.top, h: r.height };
    });
    // Pan the candles right (a drag on empty pane, above the plan's lines) until the exit's
    // marker is 6 px from the pane's right edge: a label centred on it would run past the edge.
    const y = chartBox.y + chartBox.h * 0.15;
    await page.mouse.move(chartBox.x + marker, y);
    await page.mouse.down();
    await page.mouse.move(chartBox.x + paneWidth - 6, y, { steps: 8 });
    await page.mouse.up();
    // A pan, not a drag of a level: the plan is as it was.
    expect((await snapshot(page, '#btc')).overlay!.lines.find((l) => l.id === 'entry')!.price).toBe(29_785);
    const after = await labelsOf(page, '#btc');
    const moved = after.find((l) => l.kind === 'event' && l.text.startsWith('Trail'))!;
    expect(moved, 'the exit label is still drawn').toBeDefined();
    // Centred on its marker it would end at paneWidth - 6 + w/2; it ends at the edge instead
    // (which also shows the pan brought the marker within half a label of the edge).
    expect(moved.x + moved.w).toBeCloseTo(paneWidth, 0);
    for (const l of after) {
      expect(l.x, l.text).toBeGreaterThanOrEqual(0);
      expect(l.x + l.w, l.text).toBeLessThanOrEqual(paneWidth + 0.5);
    }
    expect(overlapping(after)).toEqual([]);
    await page.locator('#btc').screenshot({ path: path.join(SHOTS, 'labels-btc-edge.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
