// What the chart and its legend show beside the levels, read from the page: the series' own
// price precision in the legend (EURUSD's five decimals), the runner's ride, a ladder put out of
// order, the shaded risk and reward zones, the crosshair readout, and markers after a new plan.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, type Bar } from '../../engine/index.js';
import { SHOTS, openBarePage, readCsv, serverAndBrowser, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();
// Real EURUSD 1h bars (../shared/data): prices with five decimals, e.g. 1.07219.
const EURUSD: Bar[] = parseBarsCsv(readCsv('eurusd_1h_2017-2018.csv')).slice(0, 800);

interface Mounted {
  setPlan(plan: unknown): Promise<unknown>;
  drawnState(): {
    zones: { risk: { top: number; bottom: number } | null; reward: { top: number; bottom: number } | null };
    priceLines: { id: string; price: number; y: number | null }[];
    markers: { text: string }[];
    candleTimes: number[];
    precision: number;
  } | null;
  getOverlay(): {
    levels: { entry: number; initialStop: number };
    markers: { text: string; time: number }[];
  } | null;
}

async function mount(page: Page, plan: Record<string, string>, theme = 'light'): Promise<void> {
  await page.evaluate(
    async ({ bars, plan, theme }) => {
      const host = document.createElement('div');
      host.id = 'w';
      document.body.append(host);
      const api = (
        window as unknown as {
          ExitPlan: { mount: (el: HTMLElement, o: unknown) => { ready: Promise<void> } };
        }
      ).ExitPlan;
      const handle = api.mount(host, { bars, plan, theme, compare: false });
      (window as unknown as { w: unknown }).w = handle;
      await handle.ready;
      // The bands and RSI join a frame after the plan.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    },
    { bars: EURUSD, plan, theme },
  );
}

// The widget lives in a shadow root: Playwright's locators reach into it.
const legendText = async (page: Page) => (await page.locator('#w .ep-side').textContent()) ?? '';
const drawn = (page: Page) =>
  page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return (window as unknown as { w: Mounted }).w.drawnState();
  });

// Entered at bar 500's close; a 0.3% stop; two legs; no trail.
const PLAN = {
  side: 'long',
  entry: String(EURUSD[500].close),
  at: String(EURUSD[500].time),
  stop: '0.3%',
  ladder: '1R:25,2R:25',
  trail: 'none',
};

describe('the chart beside its levels', () => {
  it('shows prices with the series precision, the runner on the stop, the zones and the readout', async () => {
    const page = await openBarePage(env.browser, env.base);
    const errors = watchErrors(page);
    await mount(page, PLAN);
    const state = (await drawn(page))!;
    // pricePrecision: EURUSD's bars carry five decimals (widget/chart/price-precision.ts).
    expect(state.precision).toBe(5);
    const overlay = (await page.evaluate(() => (window as unknown as { w: Mounted }).w.getOverlay()))!;
    const legend = await legendText(page);
    expect(legend).toContain(overlay.levels.entry.toFixed(5));
    expect(legend).toContain(overlay.levels.initialStop.toFixed(5));
    // trail="none": the 50% left after the legs rides the stop, not a trail.
    expect(legend).toMatch(/runner\s*stop\s*50%/);
    expect(legend).not.toMatch(/runner\s*trail/);

    // Risk zone from the entry's line to the stop's, reward zone from the entry to T2.
    const y = (id: string) => state.priceLines.find((l) => l.id === id)!.y!;
    expect(state.zones.risk!.top).toBeCloseTo(Math.min(y('entry'), y('stop')), 0);
    expect(state.zones.risk!.bottom).toBeCloseTo(Math.max(y('entry'), y('stop')), 0);
    expect(state.zones.reward!.top).toBeCloseTo(Math.min(y('entry'), y('T2')), 0);
    expect(state.zones.reward!.bottom).toBeCloseTo(Math.max(y('entry'), y('T2')), 0);

    // The crosshair over the chart: the bar's O/H/L/C and the bands and RSI, as text.
    const box = (await page.locator('#w .ep-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    const readout = await page.locator('#w .ep-readout').textContent();
    expect(readout).toMatch(
      /^O \d\.\d{5} {2}H \d\.\d{5} {2}L \d\.\d{5} {2}C \d\.\d{5} {2}BB [\d.]+ \/ [\d.]+ \/ [\d.]+ {2}RSI \d+\.\d$/,
    );
    await page.locator('#w').screenshot({ path: path.join(SHOTS, 'readout-eurusd-light.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says plainly when the ladder is out of order', async () => {
    const page = await openBarePage(env.browser, env.base);
    await mount(page, PLAN, 'dark');
    expect(await legendText(page)).not.toContain('out of order');
    const entry = EURUSD[500].close;
    // T1 above T2 on a long, as two drags can leave it.
    await page.evaluate((p) => (window as unknown as { w: Mounted }).w.setPlan(p), {
      ...PLAN,
      ladder: `@${(entry * 1.008).toFixed(5)}:25,@${(entry * 1.004).toFixed(5)}:25`,
    });
    await page.locator('#w .ep-warn').waitFor();
    expect(await page.locator('#w .ep-warn').textContent()).toMatch(
      /^Ladder out of order: T1 \(1\.\d{5}\) is above T2/,
    );
    await page.locator('#w').screenshot({ path: path.join(SHOTS, 'ladder-order-dark.png') });
    await page.context().close();
  });

  it('draws the markers of a new plan, with its R, after setPlan', async () => {
    const page = await openBarePage(env.browser, env.base);
    await mount(page, { ...PLAN, ladder: '0.5R:25,1R:25', exhaustion: 'rsi14>60<40,bb20x1,take25' });
    for (const stop of ['0.2%', '0.25%']) {
      await page.evaluate((p) => (window as unknown as { w: Mounted }).w.setPlan(p), {
        ...PLAN,
        ladder: '0.5R:25,1R:25',
        exhaustion: 'rsi14>60<40,bb20x1,take25',
        stop,
      });
      const overlay = (await page.evaluate(() => (window as unknown as { w: Mounted }).w.getOverlay()))!;
      const state = (await drawn(page))!;
      const texts = state.markers.map((m) => m.text).sort();
      // Every marker the engine gave for this plan from the first drawn bar on is drawn, words (R) included.
      const first = state.candleTimes[0];
      expect(texts).toEqual(
        overlay.markers
          .filter((m) => m.time >= first)
          .map((m) => m.text)
          .sort(),
      );
    }
    await page.context().close();
  });
});
