// Live, a tick that crosses the stop inside the still-forming bar hits it at once, on the
// entry bar too, and the chart shows it (the stop marker reads "intrabar"); a replay of the
// same bars keeps the bar rule. The bar is real: BTCUSDT 5m at 2021-01-04 14:45 UTC (open
// 31,924.68, low 31,768.34), the bar of the report: entry 31,877.5, stop 31,852.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, type Bar, type Overlay } from '../../engine/index.js';
import { openBarePage, readCsv, serverAndBrowser, SHOTS, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

const all = parseBarsCsv(readCsv('btcusdt_binance_5m_2020-12_2021-07.csv'));
const at = all.findIndex((b) => b.time === 1609771500);
const real = all[at];
const opened: Bar = { ...real, high: real.open, low: real.open, close: real.open, volume: 0 };
const history = [...all.slice(at - 300, at), opened];
/** The forming bar after ticks at these prices, one push each. */
function ticksAt(prices: number[]): Bar[] {
  let bar = opened;
  return prices.map((price) => {
    bar = { ...bar, high: Math.max(bar.high, price), low: Math.min(bar.low, price), close: price };
    return bar;
  });
}
const PLAN = {
  side: 'long',
  entry: '31877.5',
  at: String(real.time),
  stop: '31852',
  ladder: '1R:50',
  trail: 'none',
};

interface Result {
  before: Overlay | null;
  after: Overlay | null;
  markers: { text: string }[];
}

async function play(mode: 'live' | 'static'): Promise<Result & { page: import('playwright-core').Page }> {
  const page = await openBarePage(env.browser, env.base, '<div id="host" style="width:900px"></div>');
  const result = await page.evaluate(
    async ({ history, ticks, plan, mode }) => {
      type Handle = {
        ready: Promise<void>;
        push(b: unknown): Promise<Overlay | null>;
        drawnState(): { markers: { text: string }[] } | null;
      };
      const api = (window as unknown as { ExitPlan: { mount(el: HTMLElement, o: unknown): Handle } })
        .ExitPlan;
      const w = api.mount(document.getElementById('host') as HTMLElement, {
        bars: history,
        plan,
        mode,
        compare: false,
        height: 420,
      });
      await w.ready;
      let before: Overlay | null = null;
      for (const tick of ticks.slice(0, -1)) before = await w.push(tick);
      const after = await w.push(ticks[ticks.length - 1]);
      return { before, after, markers: w.drawnState()?.markers ?? [] };
    },
    // Up to 31,903 (T1 at 1R fills), back to 31,860, then through the stop to the report's 31,768.
    { history, ticks: ticksAt([31905, 31860, 31768]), plan: PLAN, mode },
  );
  return { ...result, page };
}

describe('live ticks inside the forming bar', () => {
  it('hit the stop at once on the entry bar and show it on the chart', async () => {
    const { before, after, markers, page } = await play('live');
    const errors = watchErrors(page);
    // T1 (31,877.5 + 25.5 = 31,903) filled on the first tick, and stays filled.
    expect(before?.state.fills.map((f) => [f.leg, f.intrabar])).toEqual([['T1', true]]);
    expect(before?.state.status).toBe('open');
    // Then the stop on the other half: -0.5R at 31,852, as the tick crossed it.
    expect(after?.state.status).toBe('closed');
    expect(after?.state.fills.map((f) => [f.leg, f.plannedPrice, f.r, f.intrabar])).toEqual([
      ['T1', 31903, 0.5, true],
      ['stop', 31852, -0.5, true],
    ]);
    expect(markers.map((m) => m.text)).toContain('Stop −0.50R intrabar');
    await page.waitForTimeout(300);
    await page.locator('#host').screenshot({ path: path.join(SHOTS, 'widget-live-intrabar-stop.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('not in a replay of the same bars: the entry bar keeps the bar rule', async () => {
    const { after, page } = await play('static');
    expect(after?.state.status).toBe('open');
    expect(after?.state.fills).toEqual([]);
    await page.context().close();
  });
});
