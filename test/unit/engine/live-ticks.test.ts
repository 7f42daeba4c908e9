// The two ways a bar is played (README, "How a bar is played"): live ticks ('ticks') hit a
// level the moment they cross it, on the entry bar too, in the order they came; everything
// else ('bars', the default) keeps the bar rule. The bar is real: BTCUSDT 5m at 2021-01-04
// 14:45 UTC (open 31,924.68, high 31,956.2, low 31,768.34, close 31,889.7), the bar of the
// issue's report (entry 31,877.5, stop 31,852, a tick at 31,768).
import { describe, expect, it } from 'vitest';
import { ChartSession, computeOverlay, parsePlan, type Bar, type PlanSpec } from '../../../engine/index.js';
import { BTC_5M, loadBars } from '../support/data.js';

const all = loadBars(BTC_5M);
const at = all.findIndex((b) => b.time === 1609771500);
const history = all.slice(at - 300, at);
const real = all[at];
/** The bar as the stream shows it at its first tick: only its open so far. */
const opened: Bar = { ...real, high: real.open, low: real.open, close: real.open, volume: 0 };
/** The forming bar after a tick at `price` (its high and low stretch to cover it). */
const tickAt = (bar: Bar, price: number): Bar => ({
  ...bar,
  high: Math.max(bar.high, price),
  low: Math.min(bar.low, price),
  close: price,
});
/** Plays prices as ticks of the forming bar, from `bar`; returns the bar after the last. */
function ticks(session: ChartSession, bar: Bar, prices: number[]): Bar {
  let forming = bar;
  for (const price of prices) {
    forming = tickAt(forming, price);
    session.push(forming);
  }
  return forming;
}

const plan = (ladder: string, entryTime = real.time): PlanSpec =>
  parsePlan({ side: 'long', entry: 31877.5, at: entryTime, stop: '31852', ladder, trail: 'none' });

describe("live ticks ('ticks' rule)", () => {
  it('a tick through the stop on the entry bar exits at the stop at once, marked intrabar', () => {
    const live = new ChartSession();
    live.load([...history, opened], plan(''), undefined, 'ticks');
    const before = ticks(live, opened, [31900, 31870]);
    expect(live.overlay().state.status).toBe('open');
    ticks(live, before, [31852]);
    const { state, markers } = live.overlay();
    expect(state.status).toBe('closed');
    expect(state.exitTime).toBe(real.time);
    // Stop 31,852 against entry 31,877.5: exactly -1R (no fees, no slippage in this plan).
    expect(state.fills).toEqual([
      expect.objectContaining({ reason: 'stop', plannedPrice: 31852, price: 31852, r: -1, intrabar: true }),
    ]);
    expect(markers.find((m) => m.role === 'stop')?.text).toBe('Stop −1.00R intrabar');
  });

  it("the bar rule ('bars') does not check the entry bar, as a backtest plays it", () => {
    const replayed = new ChartSession();
    replayed.load([...history, opened], plan(''));
    ticks(replayed, opened, [31900, 31870, 31852, 31768.34]);
    const { state } = replayed.overlay();
    expect(state.status).toBe('open');
    expect(state.fills).toEqual([]);
    // (31,768.34 - 31,877.5) / 25.5 = -4.28R open: the "open −4.29R" was this rule.
    expect(state.openR).toBeCloseTo((31768.34 - 31877.5) / 25.5, 12);
  });

  it('keeps the order of ticks: a target hit first stays filled when a later tick stops the rest', () => {
    const live = new ChartSession();
    // T1 at 1R = 31,877.5 + 25.5 = 31,903 for half the position.
    live.load([...history, opened], plan('1R:50'), undefined, 'ticks');
    const formed = ticks(live, opened, [31910, 31890, 31768.34]);
    const { state } = live.overlay();
    expect(state.fills.map((f) => [f.leg, f.reason, f.plannedPrice, f.r])).toEqual([
      ['T1', 'target', 31903, 0.5],
      ['stop', 'stop', 31852, -0.5],
    ]);
    expect(state.realisedR).toBeCloseTo(0, 12);
    // The bar closes and the next one opens: the hits stay as the ticks made them.
    live.push(all[at + 1]);
    expect(live.overlay().state.fills).toEqual(state.fills);
    expect(formed.low).toBe(31768.34);
  });

  it('a bar after the entry: a target reached before the stop stays filled (the bar rule takes the stop first)', () => {
    const entry = history[history.length - 1];
    const spec = parsePlan({
      side: 'long',
      entry: entry.close,
      at: entry.time,
      stop: String(entry.close - 40),
      ladder: '1R:50',
      trail: 'none',
    });
    const path = [opened.open + 10, entry.close + 45, entry.close - 45];
    const live = new ChartSession();
    live.load(history, spec, undefined, 'ticks');
    live.push(opened);
    ticks(live, opened, path);
    const bars = new ChartSession();
    bars.load(history, spec);
    bars.push(opened);
    ticks(bars, opened, path);
    // T1 at entry + 40 (1R), then the stop at entry - 40 on the other half.
    expect(live.overlay().state.fills.map((f) => [f.leg, f.r])).toEqual([
      ['T1', 0.5],
      ['stop', -0.5],
    ]);
    // The bar rule: the low is played before the high, so the stop takes everything.
    expect(bars.overlay().state.fills.map((f) => [f.leg, f.r])).toEqual([['stop', -1]]);
  });

  it('a plan changed later (a dragged target) is judged on the same ticks', () => {
    const live = new ChartSession();
    live.load([...history, opened], plan('1R:50'), undefined, 'ticks');
    ticks(live, opened, [31910, 31890, 31768.34]);
    // T1 dragged to 2R (31,928.5): the ticks went only to 31,910 before the stop: all at -1R.
    const dragged = live.setPlan(plan('2R:50'));
    expect(dragged.state.fills.map((f) => [f.leg, f.r])).toEqual([['stop', -1]]);
    // Back to 1R: the same two fills as the ticks made them.
    const back = live.setPlan(plan('1R:50'));
    expect(back.state.fills.map((f) => [f.leg, f.r])).toEqual([
      ['T1', 0.5],
      ['stop', -0.5],
    ]);
  });

  it('ticks that stay inside the bar as first seen, and whole new bars, give the bar rule exactly', () => {
    const later = all.slice(at, at + 200);
    const spec = parsePlan({
      side: 'long',
      entry: 31877.5,
      at: history[history.length - 1].time,
      stop: '31852',
      ladder: '1R:25,2R:25',
      trail: 'atr14x2.5',
    });
    const live = new ChartSession();
    live.load(history, spec, undefined, 'ticks');
    for (const bar of later) {
      live.push(bar);
      // The close again: a tick that reaches nothing new.
      live.push({ ...bar });
    }
    const expected = computeOverlay([...history, ...later], spec);
    expect(live.overlay()).toEqual(expected);
  });

  it("ticks that go open, low, high, close (the bar rule's own order for a long) give the bar rule's fills", () => {
    const later = all.slice(at, at + 300);
    const spec = parsePlan({
      side: 'long',
      entry: history[history.length - 1].close,
      at: history[history.length - 1].time,
      stop: 'atr14x1.5',
      ladder: '1R:25,2R:25,3R:25',
      trail: 'atr14x2.5@1',
      breakeven: '1',
    });
    const live = new ChartSession();
    live.load(history, spec, undefined, 'ticks');
    for (const bar of later) {
      const opening: Bar = { ...bar, high: bar.open, low: bar.open, close: bar.open };
      live.push(opening);
      const low = { ...opening, low: bar.low, close: bar.low };
      live.push(low);
      live.push({ ...low, high: bar.high, close: bar.high });
      live.push(bar);
    }
    const expected = computeOverlay([...history, ...later], spec);
    const got = live.overlay();
    // The oracle is the bar rule itself: only the intrabar marks differ.
    expect(got.state.fills.some((f) => f.intrabar)).toBe(true);
    const unmarked = {
      ...got,
      state: { ...got.state, fills: got.state.fills.map(({ intrabar: _, ...f }) => f) },
      markers: got.markers.map((m) => ({ ...m, text: m.text.replace(' intrabar', '') })),
    };
    expect(unmarked).toEqual(expected);
  });
});
