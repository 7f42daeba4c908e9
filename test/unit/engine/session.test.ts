import { describe, expect, it } from 'vitest';
import { bbandsBatch, computeOverlay, EngineSession, parsePlan, rsiBatch } from '../../../engine/index.js';
import { BTC_5M, loadBars } from '../support/data.js';

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
