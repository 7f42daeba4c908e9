import { describe, expect, it } from 'vitest';
import {
  BacktestCancelled,
  bbandsBatch,
  barsToColumns,
  ChartSession,
  computeOverlay,
  EngineSession,
  LabSession,
  parsePlan,
  rsiBatch,
  runLab,
  type BacktestProgress,
} from '../../../engine/index.js';
import { BTC_5M, EURUSD_1H, loadBars } from '../support/data.js';

describe('EngineSession (what the worker exposes)', () => {
  const bars = loadBars(BTC_5M).slice(0, 3000);
  const text = {
    side: 'long',
    entry: bars[2499].close,
    stop: 'atr14x1.5',
    ladder: '1R:25,2R:25,3R:50',
    trail: 'atr14x2.5',
  };

  it('anchors a plan without entry time at the last loaded bar and plays pushed bars through it', () => {
    const session = new EngineSession();
    const loaded = session.load(bars.slice(0, 2500), text);
    expect(loaded.state.status).toBe('open');
    expect(loaded.state.entryTime).toBe(bars[2499].time);
    let overlay = loaded;
    for (const bar of bars.slice(2500)) overlay = session.push(bar);
    // Same as the engine run in one batch with the entry time made explicit.
    expect(overlay).toEqual(computeOverlay(bars, parsePlan({ ...text, at: bars[2499].time })));
  });

  it('keeps the entry moment when the plan is edited, and reports indicator series and points', () => {
    const session = new EngineSession();
    session.load(bars.slice(0, 2600), text);
    const edited = session.setPlan({ ...text, stop: '2%' });
    expect(edited.state.entryTime).toBe(bars[2599].time);
    expect(edited.levels.initialStop).toBeCloseTo(text.entry * 0.98, 9);
    const series = session.indicatorSeries();
    const close = Float64Array.from(bars.slice(0, 2600), (b) => b.close);
    expect(series.upper).toEqual(bbandsBatch(close, 20, 2).upper);
    expect(series.rsi).toEqual(rsiBatch(close, 14));
    const tick = session.tick(bars[2600]);
    const close2 = Float64Array.from(bars.slice(0, 2601), (b) => b.close);
    expect(tick.point.rsi).toBeCloseTo(rsiBatch(close2, 14)[2600], 12);
    expect(tick.point.upper).toBeCloseTo(bbandsBatch(close2, 20, 2).upper[2600], 9);
  });

  it('refuses a bar older than the last one and a plan before bars', () => {
    const session = new EngineSession();
    expect(() => session.push(bars[0])).toThrow(/no plan loaded/);
    session.load(bars.slice(0, 100), { ...text, stop: '1%' });
    expect(() => session.push(bars[10])).toThrow(/older than the last bar/);
  });
});

describe('ChartSession (what the engine worker exposes: parsed plans only)', () => {
  const bars = loadBars(BTC_5M).slice(0, 3000);
  const text = { side: 'long', entry: bars[2499].close, stop: 'atr14x1.5', ladder: '1R:25,2R:25,3R:50' };

  it('gives the same overlay as EngineSession for the parsed plan', () => {
    const chart = new ChartSession();
    const engine = new EngineSession();
    expect(chart.load(bars.slice(0, 2500), parsePlan(text))).toEqual(engine.load(bars.slice(0, 2500), text));
    expect(chart.setPlan(parsePlan({ ...text, stop: '2%' }))).toEqual(
      engine.setPlan({ ...text, stop: '2%' }),
    );
  });

  it('refuses plan text with a message that says what to pass, and checks a spec before loading it', () => {
    const chart = new ChartSession();
    expect(() => chart.load(bars.slice(0, 100), text as never)).toThrow(/takes a parsed plan.*parsePlan/);
    const loaded = chart.load(bars.slice(0, 100), parsePlan({ ...text, entry: bars[99].close }));
    const wrongSide = { ...parsePlan(text), stop: { kind: 'price' as const, price: text.entry * 2 } };
    expect(() => chart.load(bars.slice(0, 200), wrongSide)).toThrow(/wrong side of the entry/);
    // The refused load left the loaded bars and plan alone.
    expect(chart.overlay()).toEqual(loaded);
    expect(chart.indicatorSeries().time).toHaveLength(100);
  });

  it("keeps the entry moment on an edit without changing the caller's plan object", () => {
    const chart = new ChartSession();
    chart.load(bars.slice(0, 2600), parsePlan(text));
    const edited = parsePlan({ ...text, stop: '2%' });
    expect(chart.setPlan(edited).state.entryTime).toBe(bars[2599].time);
    expect(edited.entryTime).toBeUndefined();
  });

  it('loads columns (what the widget sends its worker) the same as bar objects, and checks them', () => {
    const fromBars = new ChartSession();
    const fromColumns = new ChartSession();
    expect(fromColumns.load(barsToColumns(bars), parsePlan(text))).toEqual(
      fromBars.load(bars, parsePlan(text)),
    );
    // The same bars held: the indicator series played over them agree bar for bar.
    expect(fromColumns.indicatorSeries()).toEqual(fromBars.indicatorSeries());
    // Ticks after a columns load: 500 new bars (past the room the session keeps for them) and
    // a change to the last one. The session holds what a fresh load of the same bars holds.
    const live = new ChartSession();
    live.load(barsToColumns(bars.slice(0, 2500)), parsePlan(text));
    for (const bar of bars.slice(2500)) live.push(bar);
    const forming = { ...bars[2999], close: bars[2999].close * 0.99, low: bars[2999].low * 0.99 };
    live.push(forming);
    const final = [...bars.slice(0, 2999), forming];
    const fresh = new ChartSession();
    fresh.load(final, parsePlan({ ...text, at: bars[2499].time }));
    expect(live.indicatorSeries()).toEqual(fresh.indicatorSeries());
    // A plan edit replays the held bars: same as the fresh session's.
    expect(live.setPlan(parsePlan({ ...text, stop: '2%' }))).toEqual(
      fresh.setPlan(parsePlan({ ...text, stop: '2%' })),
    );
    const columns = barsToColumns(bars.slice(0, 10));
    columns.high[4] = columns.low[4] - 1;
    expect(() => new ChartSession().load(columns, parsePlan(text))).toThrow(/bar 5: high .* is below low/);
  });

  it('answers the indicator series from a given time on (a chart window) as the tail of the whole', () => {
    const chart = new ChartSession();
    chart.load(bars, parsePlan(text));
    const all = chart.indicatorSeries();
    const since = bars[2000].time;
    const tail = chart.indicatorSeries(undefined, since);
    expect(tail.time[0]).toBe(since);
    expect(tail.upper).toEqual(all.upper.slice(2000));
    expect(tail.rsi).toEqual(all.rsi.slice(2000));
    // A time before the first bar gives every bar.
    expect(chart.indicatorSeries(undefined, bars[0].time - 1).time).toHaveLength(bars.length);
  });

  it("plays the chart's indicators over the loaded bars before the first tick, even one that replaces the last bar", () => {
    const chart = new ChartSession();
    chart.load(bars.slice(0, 2600), parsePlan(text));
    // The last loaded bar, still forming: its close moves 1% up.
    const forming = { ...bars[2599], close: bars[2599].close * 1.01, high: bars[2599].high * 1.01 };
    const point = chart.tick(forming).point;
    const close = Float64Array.from(bars.slice(0, 2600), (b) => b.close);
    close[2599] = forming.close;
    // Oracle: the batch functions over the same closes (bit-identical to the streaming ones).
    expect(point.rsi).toBeCloseTo(rsiBatch(close, 14)[2599], 12);
    expect(point.upper).toBeCloseTo(bbandsBatch(close, 20, 2).upper[2599], 9);
    expect(chart.indicatorSeries().rsi).toEqual(rsiBatch(close, 14));
  });

  it('answers indicator series equal to the batch functions, after ticks and for other settings', () => {
    const chart = new ChartSession();
    chart.load(bars.slice(0, 2600), parsePlan(text), { bbPeriod: 20, bbK: 2, rsiPeriod: 14 });
    for (const bar of bars.slice(2600, 2700)) chart.tick(bar);
    // A settings object equal by value (as it arrives from a worker message) is the same settings.
    const close = Float64Array.from(bars.slice(0, 2700), (b) => b.close);
    const series = chart.indicatorSeries({ bbPeriod: 20, bbK: 2, rsiPeriod: 14 });
    expect(series.time).toEqual(Float64Array.from(bars.slice(0, 2700), (b) => b.time));
    expect(series.upper).toEqual(bbandsBatch(close, 20, 2).upper);
    expect(series.lower).toEqual(bbandsBatch(close, 20, 2).lower);
    expect(series.rsi).toEqual(rsiBatch(close, 14));
    const other = chart.indicatorSeries({ bbPeriod: 10, bbK: 1.5, rsiPeriod: 7 });
    expect(other.middle).toEqual(bbandsBatch(close, 10, 1.5).middle);
    expect(other.rsi).toEqual(rsiBatch(close, 7));
    // The next tick's point comes from indicators with the new settings.
    const close2 = Float64Array.from(bars.slice(0, 2701), (b) => b.close);
    expect(chart.tick(bars[2700]).point.rsi).toBeCloseTo(rsiBatch(close2, 7)[2700], 12);
  });
});

describe('LabSession (what the lab worker exposes)', () => {
  const bars = loadBars(EURUSD_1H);
  const request = { entries: 'donchian:20', policies: 'aioo-2r,ladder', bootstrap: 100 };

  it('gives the report runLab gives, with progress ending at 1', async () => {
    const seen: BacktestProgress[] = [];
    const report = await new LabSession().backtest(bars, request, (p) => seen.push(p));
    expect(report).toEqual(runLab(bars, request));
    expect(seen.at(-1)?.fraction).toBe(1);
  });

  it('stops at the next slice after cancel, and runs again afterwards', async () => {
    // A run long enough to have many slices (as in test/unit/backtest/run-control.test.ts).
    const long = loadBars(BTC_5M);
    const session = new LabSession({ pause: () => new Promise((resolve) => setTimeout(resolve, 0)) });
    let calls = 0;
    const run = session.backtest(long, { entries: 'random:3:0.01' }, () => {
      if (++calls === 2) session.cancel();
    });
    await expect(run).rejects.toBeInstanceOf(BacktestCancelled);
    const again = await session.backtest(bars, request);
    expect(again.result.policies.map((p) => p.stats.trades)).toEqual(
      runLab(bars, request).result.policies.map((p) => p.stats.trades),
    );
  });

  it("refuses no bars and bad bars with the engine's bar messages", async () => {
    await expect(new LabSession().backtest([], request)).rejects.toThrow(/no bars/);
    const unordered = [bars[1], bars[0]];
    await expect(new LabSession().backtest(unordered, request)).rejects.toThrow(/bar 2/);
  });
});
