// The widget's exit policy panel (widget/policy/) on real ETHUSDT 5m bars: `<exit-plan regimes
// policy-train>` learns a policy in the adaptive worker on the chart's bars, draws the regime band
// under the candles and shows the policy's action for the open trade. What it shows (the band's
// regime per bar, the regime now, the action and its advantage over Hold) is what the engine's
// PolicySession computes in Node on the same bars; a pushed bar moves the answer as Node says.
// Then Cancel on a longer training run ends the worker and keeps the regimes.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseBarsCsv,
  parsePlan,
  PolicySession,
  type Bar,
  type PlanText,
  type PolicyNow,
  type PolicyTrainResult,
} from '../../engine/index.js';
import { openBarePage, readCsv, serverAndBrowser, SHOTS, snapshot, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();
const all = parseBarsCsv(readCsv('ethusdt_binance_5m_2020-12_2021-07.csv'));

const planOn = (bs: readonly Bar[], k: number): PlanText => ({
  side: 'long',
  entry: String(bs[k].close),
  at: String(bs[k].time),
  stop: 'atr14x2',
});

// Node's answers: the policy learned on the 2,999 bars the widget loads, asked at their last bar
// and again after the 3,000th is pushed. The window (ending 0, 500, 1000... bars before the data's
// end) and the entry (10 to 40 bars before the window's end) are the latest where the policy
// acts (Sell 25% or Liquidate) at the last close, so the panel has an action and a number to show.
let bars: Bar[] = [];
let entry = -1;
let trained!: PolicyTrainResult;
let before!: PolicyNow;
let after!: PolicyNow;
for (let end = all.length; end > all.length - 5000 && entry < 0; end -= 500) {
  const window = all.slice(end - 3000, end);
  const session = new PolicySession();
  const result = await session.train(window.slice(0, -1));
  for (let k = window.length - 11; k >= window.length - 40 && entry < 0; k--) {
    const plan = parsePlan(planOn(window, k));
    const b = session.now(window.slice(0, -1), plan);
    if (b.action && b.action.action !== 'hold' && Number.isFinite(b.action.advantageR)) {
      [bars, entry, trained, before, after] = [window, k, result, b, session.now(window, plan)];
    }
  }
}
const loaded = bars.slice(0, -1);
const next = bars[bars.length - 1];
const planText = (k: number): PlanText => planOn(bars, k);

const attrs = (t: PlanText) =>
  Object.entries(t)
    .map(([k, v]) => `${k}="${String(v)}"`)
    .join(' ');

interface PolicyElement extends HTMLElement {
  policyState(): {
    status: string;
    regime: { regime: string; logic: string; urgency: string } | null;
    action: { action: string; advantageR: number } | null;
    band: { time: number; regime: number }[];
  } | null;
  push(bar: Bar): Promise<unknown>;
}

describe('exit policy panel in the widget', () => {
  let page: Page;
  afterAll(async () => page?.context().close());

  const state = () =>
    page.evaluate(() => (document.querySelector('#pol') as unknown as PolicyElement).policyState());
  const panel = (sel: string, attr?: string) =>
    page.evaluate(
      ([s, a]) => {
        const el = document.querySelector('#pol')?.shadowRoot?.querySelector(s);
        return a ? (el?.getAttribute(a) ?? null) : (el?.textContent ?? null);
      },
      [sel, attr] as const,
    );

  it('learns on the chart, and shows the regimes and the action Node computes for the same bars', async () => {
    expect(entry).toBeGreaterThan(0);
    expect(trained.summary.episodes).toBeGreaterThanOrEqual(50);
    page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="pol" regimes policy-train ${attrs(planText(entry))} theme="light"
        heading="ETHUSDT 5m · Binance · exit policy" compare="false" form="false" indicators=""><script type="application/json">${JSON.stringify(loaded)}</script></exit-plan>`,
    );
    const errors = watchErrors(page);
    const snap = await snapshot(page, '#pol');
    expect(snap.error).toBeNull();
    await expect.poll(() => panel('.ep-policy', 'data-status'), { timeout: 30_000 }).toBe('ready');
    await expect
      .poll(() => panel('.ep-policy', 'data-action'), { timeout: 10_000 })
      .toBe(before.action!.action);
    const s = (await state())!;
    // The band: one regime per bar, as the engine classifies these bars.
    expect(s.band.length).toBe(loaded.length);
    expect(s.band.map((p) => p.time)).toEqual(loaded.map((b) => b.time));
    expect(s.band.map((p) => p.regime)).toEqual(Array.from(before.regimes));
    expect(new Set(s.band.map((p) => p.regime)).size).toBeGreaterThanOrEqual(4);
    expect(s.regime).toEqual(before.current);
    expect(await panel('.ep-policy', 'data-regime')).toBe(before.current!.regime);
    expect(await panel('[data-stat=regime] .why')).toContain(before.current!.logic);
    expect(s.action?.advantageR).toBeCloseTo(before.action!.advantageR, 9);
    const shown = before.action!.advantageR;
    expect(await panel('[data-stat=action] .v')).toContain(
      `${shown >= 0 ? '+' : '−'}${Math.abs(shown).toFixed(2)} R over Hold`,
    );
    expect(await panel('.ep-policy h3 .ep-badge')).toBe(
      `learned on this chart: donchian:20 entries, ${trained.summary.episodes} trades`,
    );
    await page.locator('#pol').screenshot({ path: path.join(SHOTS, 'widget-policy-action.png') });

    // A new bar: the answer moves to what Node gives with that bar (no answer when the policy's
    // Liquidate closed the trade at the last close).
    await page.evaluate(
      (bar) => (document.querySelector('#pol') as unknown as PolicyElement).push(bar),
      next,
    );
    await expect.poll(async () => (await state())?.band.length).toBe(bars.length);
    await expect.poll(async () => (await state())?.action?.action ?? null).toBe(after.action?.action ?? null);
    const s2 = (await state())!;
    if (after.action) expect(s2.action?.advantageR).toBeCloseTo(after.action.advantageR, 9);
    else expect(await panel('[data-stat=action] .v')).toBe('no open trade at the last close');
    expect(s2.regime).toEqual(after.current);
    expect(s2.band.map((p) => p.regime)).toEqual(Array.from(after.regimes));
    expect(errors).toEqual([]);
  });

  it('Cancel ends a training run; the regimes stay and Train again learns', async () => {
    await page.context().close();
    const long = all.slice(-20_000);
    page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="pol" regimes policy-train max-bars="20000" ${attrs({ side: 'long', entry: String(long[long.length - 20].close), at: String(long[long.length - 20].time), stop: 'atr14x2' })}
        theme="light" compare="false" form="false" indicators=""><script type="application/json">${JSON.stringify(long)}</script></exit-plan>`,
    );
    await snapshot(page, '#pol');
    await expect.poll(() => panel('.ep-policy', 'data-status'), { timeout: 30_000 }).toBe('training');
    await page.evaluate(() =>
      (
        document
          .querySelector('#pol')
          ?.shadowRoot?.querySelector('.ep-policy-job button') as HTMLButtonElement
      ).click(),
    );
    await expect.poll(() => panel('.ep-policy', 'data-status')).toBe('cancelled');
    await expect.poll(() => panel('.ep-policy-job')).toContain('Training cancelled.');
    // The fresh worker has no table: regimes only, no action.
    await expect.poll(async () => (await state())?.band.length, { timeout: 30_000 }).toBe(long.length);
    expect(await panel('.ep-policy', 'data-action')).toBe('');
    await page.evaluate(() =>
      (
        document
          .querySelector('#pol')
          ?.shadowRoot?.querySelector('.ep-policy-job button') as HTMLButtonElement
      ).click(),
    );
    await expect.poll(() => panel('.ep-policy', 'data-status'), { timeout: 60_000 }).toBe('ready');
    expect(await panel('.ep-policy h3 .ep-badge')).toMatch(
      /^learned on this chart: donchian:20 entries, \d+ trades$/,
    );
  });
});
