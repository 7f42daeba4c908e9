import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  computeOverlay,
  ExitTracker,
  parsePlan,
  PlanError,
  type Bar,
  type PlanText,
} from '../../../engine/index.js';
import { BTC_5M, loadBars, SPY_DAILY } from '../support/data.js';

const talib = createRequire(import.meta.url)('talib') as {
  execute(args: Record<string, unknown>): { begIndex: number; result: Record<string, number[]> };
};

/** Bars from [open, high, low, close] rows, one time unit apart starting at 1. */
const bars = (...rows: [number, number, number, number][]): Bar[] =>
  rows.map(([open, high, low, close], i) => ({ time: i + 1, open, high, low, close }));

// The hand-worked plan: long 100, stop 95 (1R = 5), legs at 1R 105, 2R 110, 3R 115.
const LONG: PlanText = {
  side: 'long',
  entry: 100,
  stop: '95',
  ladder: '1R:25,2R:25,3R:50',
  exhaustion: 'none',
  at: 1,
};

describe('position state machine (hand-worked cases)', () => {
  it('fills legs, moves to breakeven after T1 and stops out the rest there', () => {
    const o = computeOverlay(
      bars(
        [100, 101, 99, 100], // entry bar: not checked for exits
        [100, 106, 98, 104], // low 98 > stop 95; high 106 >= T1 105 -> 25% at 105; close: stop -> 100 (breakeven)
        [104, 111, 101, 109], // low 101 > 100; high 111 >= T2 110 -> 25% at 110
        [109, 112, 99, 100], // low 99 <= breakeven 100 -> the last 50% at 100
      ),
      parsePlan({ ...LONG, breakeven: '1' }),
    );
    const s = o.state;
    expect(s.fills.map((f) => [f.leg, f.reason, f.price, f.size])).toEqual([
      ['T1', 'target', 105, 0.25],
      ['T2', 'target', 110, 0.25],
      ['stop', 'breakeven', 100, 0.5],
    ]);
    // pnl: 0.25*5 + 0.25*10 + 0.5*0 = 3.75 -> 3.75 / (5 * 1) = 0.75R
    expect(s.realisedPnl).toBeCloseTo(3.75, 12);
    expect(s.realisedR).toBeCloseTo(0.75, 12);
    expect(s.fills.map((f) => f.r)).toEqual([0.25, 0.5, 0]);
    // MFE: highest favourable price while in the trade is 111 (bar 3; bar 4 stopped before its high) -> 11 = 2.2R
    expect(s.mfe).toBe(11);
    expect(s.mfeR).toBeCloseTo(2.2, 12);
    // MAE: lowest adverse price is 98 (bar 2); bar 4 stops at 100 -> 2 = 0.4R
    expect(s.mae).toBe(2);
    expect(s.status).toBe('closed');
    expect(s.remaining).toBe(0);
    expect(s.exitTime).toBe(4);
  });

  it('a bar touching both the stop and a target counts as stopped (conservative rule)', () => {
    const s = computeOverlay(bars([100, 101, 99, 100], [100, 106, 94, 105]), parsePlan(LONG)).state;
    expect(s.fills).toHaveLength(1);
    expect(s.fills[0]).toMatchObject({ leg: 'stop', price: 95, size: 1, r: -1 });
  });

  it('a gap through the stop fills at the open, with the slippage recorded against the plan', () => {
    const s = computeOverlay(bars([100, 101, 99, 100], [93, 94, 90, 91]), parsePlan(LONG)).state;
    // planned 95, filled at the open 93: (93 - 100) / 5 = -1.4R
    expect(s.fills[0]).toMatchObject({ plannedPrice: 95, price: 93, r: -1.4 });
  });

  it('a gap through a target fills at the open (the better price)', () => {
    const s = computeOverlay(bars([100, 101, 99, 100], [107, 108, 106, 107]), parsePlan(LONG)).state;
    // T1 planned 105, the bar opens at 107: 0.25 * 7 / 5 = 0.35R
    expect(s.fills[0]).toMatchObject({ leg: 'T1', plannedPrice: 105, price: 107, r: 0.35 });
  });

  it('mirrors everything for a short', () => {
    const s = computeOverlay(
      bars(
        [100, 101, 99, 100],
        [100, 102, 94, 96], // high 102 < stop 105; low 94 <= T1 95 -> 25% at 95
        [96, 106, 95, 105], // high 106 >= stop 105 -> the remaining 75% at 105
      ),
      parsePlan({ ...LONG, side: 'short', stop: '105' }),
    ).state;
    expect(s.fills.map((f) => [f.leg, f.price, f.size])).toEqual([
      ['T1', 95, 0.25],
      ['stop', 105, 0.75],
    ]);
    // 0.25 * (100 - 95) + 0.75 * (100 - 105) = 1.25 - 3.75 = -2.5 -> -0.5R
    expect(s.realisedR).toBeCloseTo(-0.5, 12);
  });

  it('charges fees on every fill and can move breakeven past them', () => {
    const s = computeOverlay(
      bars([100, 101, 99, 100], [100, 106, 98, 104], [104, 104.5, 100.2, 101]),
      parsePlan({ ...LONG, breakeven: '1+fees', fees: 'bps10,fill1', size: 10 }),
    ).state;
    // T1: 2.5 units at 105: fee = 1 + 0.001 * 105 * 2.5 = 1.2625
    expect(s.fills[0].fee).toBeCloseTo(1.2625, 12);
    // breakeven + fees: 100 + 2 * (0.001 * 100 + 1 / 10) = 100.4; bar 3's low 100.2 hits it
    expect(s.fills[1]).toMatchObject({ reason: 'breakeven', price: 100.4, size: 7.5 });
    // fee on 7.5 units at 100.4 = 1 + 0.001 * 100.4 * 7.5 = 1.753
    expect(s.fills[1].fee).toBeCloseTo(1.753, 12);
    expect(s.fees).toBeCloseTo(1.2625 + 1.753, 12);
  });

  it('flags time decay once and can act on it', () => {
    const flat: [number, number, number, number][] = Array.from({ length: 6 }, () => [100, 100.5, 99.5, 100]);
    const flagged = computeOverlay(bars(...flat), parsePlan({ ...LONG, decay: 'bars3,min0.5R' }));
    expect(flagged.state.decayFlagged).toBe(true);
    // bars open counts bars after the entry bar: the flag comes at the third (time 4)
    expect(flagged.markers.filter((m) => m.role === 'decay').map((m) => m.time)).toEqual([4]);
    expect(flagged.state.status).toBe('open');
    const acted = computeOverlay(bars(...flat), parsePlan({ ...LONG, decay: 'bars3,min0.5R,act' })).state;
    expect(acted.fills).toEqual([expect.objectContaining({ reason: 'decay', time: 4, price: 100, size: 1 })]);
  });

  it('explains a plan it cannot place', () => {
    expect(() =>
      computeOverlay(bars([100, 101, 99, 100], [100, 101, 99, 100]), parsePlan({ ...LONG, stop: 'atr14x2' })),
    ).toThrow(/needs 15 bars before the entry bar to measure ATR\(14\); there are 0/);
    expect(() =>
      computeOverlay(bars([100, 101, 99, 100]), parsePlan({ ...LONG, ladder: 'fib1.618:50' })),
    ).toThrow(PlanError);
  });
});

describe('trailing stop on real data', () => {
  const spy = loadBars(SPY_DAILY);
  const close = spy.map((b) => b.close);
  const high = spy.map((b) => b.high);
  const low = spy.map((b) => b.low);
  // Oracle: TA-Lib's ATR(14) on the same bars.
  const atr = talib.execute({
    name: 'ATR',
    startIdx: 0,
    endIdx: spy.length - 1,
    high,
    low,
    close,
    optInTimePeriod: 14,
  });
  const atrAt = (i: number) => atr.result.outReal[i - atr.begIndex];

  it('follows stop = max(previous stop, high - k*ATR) and never loosens (long)', () => {
    const entryIndex = 3000;
    const plan = parsePlan({
      side: 'long',
      entry: close[entryIndex],
      stop: '3%',
      trail: 'atr14x2.5',
      exhaustion: 'none',
      at: spy[entryIndex].time,
    });
    const o = computeOverlay(spy, plan);
    // Expected stop path, from the oracle ATR: the stop in force during bar i was set at bar i-1's close.
    let stop = close[entryIndex] * 0.97;
    const expected = [stop];
    for (let i = entryIndex; i < entryIndex + o.trail.length - 1; i++) {
      stop = Math.max(stop, high[i] - 2.5 * atrAt(i));
      expected.push(stop);
    }
    expect(o.trail.length).toBeGreaterThan(5);
    o.trail.forEach((p, k) => {
      expect(p.time).toBe(spy[entryIndex + k].time);
      expect(Math.abs(p.price - expected[k])).toBeLessThanOrEqual(1e-9 * p.price);
      if (k > 0) expect(p.price).toBeGreaterThanOrEqual(o.trail[k - 1].price);
    });
    // And it exits where the path is first touched: at that bar's stop (or its open on a gap).
    const exit = o.state.fills[o.state.fills.length - 1];
    const k = o.trail.findIndex((p) => p.time === exit.time);
    expect(exit.plannedPrice).toBe(o.trail[k].price);
    expect(Math.min(spy[entryIndex + k].low, spy[entryIndex + k].open)).toBeLessThanOrEqual(o.trail[k].price);
  });

  it('chandelier for a short trails from the lowest low of N bars + k*ATR', () => {
    const btc = loadBars(BTC_5M).slice(0, 4000);
    const i0 = 2000;
    const plan = parsePlan({
      side: 'short',
      entry: btc[i0].close,
      stop: '1%',
      trail: 'chandelier22x3',
      exhaustion: 'none',
      at: btc[i0].time,
    });
    const o = computeOverlay(btc, plan);
    const tl = talib.execute({
      name: 'ATR',
      startIdx: 0,
      endIdx: btc.length - 1,
      high: btc.map((b) => b.high),
      low: btc.map((b) => b.low),
      close: btc.map((b) => b.close),
      optInTimePeriod: 22,
    });
    let stop = btc[i0].close * 1.01;
    for (let k = 1; k < o.trail.length; k++) {
      const i = i0 + k - 1;
      const lowest = Math.min(...btc.slice(i - 21, i + 1).map((b) => b.low));
      stop = Math.min(stop, lowest + 3 * tl.result.outReal[i - tl.begIndex]);
      expect(Math.abs(o.trail[k].price - stop)).toBeLessThanOrEqual(1e-9 * stop);
      expect(o.trail[k].price).toBeLessThanOrEqual(o.trail[k - 1].price);
    }
  });
});

describe('the tracker streams', () => {
  const btc = loadBars(BTC_5M).slice(0, 6000);
  const plan = parsePlan({
    side: 'long',
    entry: btc[1500].close,
    stop: 'atr14x1.5',
    ladder: '1R:25,2R:25,fib1.618:50',
    trail: 'atr14x2.5@1',
    breakeven: '1',
    at: btc[1500].time,
  });

  it('gives the same overlay bar by bar, with ticks replaced in between, as in one batch', () => {
    const batch = computeOverlay(btc, plan);
    const tracker = new ExitTracker(plan);
    for (const bar of btc) {
      // Two ticks of the forming bar before its final values: they must leave no trace.
      tracker.add({ ...bar, high: bar.open, low: bar.open, close: bar.open });
      tracker.replace({ ...bar, high: bar.high * 1.01, low: bar.low * 0.99 });
      tracker.replace(bar);
    }
    expect(tracker.overlay()).toEqual(batch);
    expect(batch.state.fills.length).toBeGreaterThan(0);
  });

  it('recomputes nothing differently when the last bar is replaced by itself', () => {
    const tracker = new ExitTracker(plan);
    btc.slice(0, 1700).forEach((b) => tracker.add(b));
    const before = tracker.overlay();
    tracker.replace(btc[1699]);
    expect(tracker.overlay()).toEqual(before);
  });

  it('keeps the newest maxMarkers exhaustion markers from before the last bar, plus its own', () => {
    // The reference is the same stream with no cap: the capped list must be its tail.
    const plan = parsePlan({
      side: 'long',
      entry: btc[100].close,
      at: btc[100].time,
      stop: '5%',
      ladder: '1R:25',
    });
    const uncapped = new ExitTracker(plan, { recordTrail: false, maxMarkers: Infinity });
    const capped = [0, 3, 16].map((cap) => ({
      cap,
      tracker: new ExitTracker(plan, { recordTrail: false, maxMarkers: cap }),
    }));
    const exhaustion = (t: ExitTracker) => t.overlay().markers.filter((m) => m.role === 'exhaustion');
    let checked = 0;
    for (const bar of btc) {
      uncapped.add(bar);
      for (const { tracker } of capped) {
        // A tick first: replace must restore the list exactly as the add left it.
        tracker.add({ ...bar, high: bar.open, low: bar.open, close: bar.open });
        tracker.replace(bar);
      }
      const all = exhaustion(uncapped);
      const before = all.filter((m) => m.time < bar.time);
      const own = all.filter((m) => m.time === bar.time);
      for (const { cap, tracker } of capped) {
        expect(exhaustion(tracker)).toEqual([...before.slice(Math.max(0, before.length - cap)), ...own]);
      }
      checked += own.length;
    }
    // Enough signals that every cap was exceeded, and by more than the eighth of slack.
    expect(checked).toBeGreaterThan(40);
  });

  it('rejects a bar older than the last one, naming it', () => {
    const tracker = new ExitTracker(plan);
    tracker.add(btc[0]);
    tracker.add(btc[1]);
    expect(() => tracker.add(btc[0])).toThrow(/does not come after the last bar/);
  });
});
