// Bad parameters and bad inputs fail with a typed IndicatorError that names the field and,
// for inputs, the 0-based position; never a silent NaN downstream.
import { describe, expect, it } from 'vitest';
import {
  ATR,
  BollingerBands,
  EMA,
  HighestHigh,
  IndicatorError,
  LowestLow,
  RSI,
  SMA,
  StdDev,
  SwingPivots,
  TrueRange,
  atrBatch,
  bbandsBatch,
  rsiBatch,
  smaBatch,
  stddevBatch,
  trueRangeBatch,
} from '../../../engine/indicators/index.js';

function caught(fn: () => unknown): IndicatorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IndicatorError) return e;
    throw e;
  }
  throw new Error('expected an IndicatorError');
}

describe('parameters', () => {
  it.each([0, -3, 2.5, NaN, Infinity])('period %s is refused with the field named', (p) => {
    for (const make of [
      () => new ATR(p),
      () => new RSI(p),
      () => new SMA(p),
      () => new EMA(p),
      () => new StdDev(p),
      () => new BollingerBands(p, 2),
      () => new HighestHigh(p),
      () => new LowestLow(p),
      () => smaBatch(new Float64Array(5), p),
    ]) {
      const e = caught(make);
      expect(e.field).toBe('period');
      expect(e.message).toContain('whole number >= 1');
    }
  });

  it('Bollinger k must be finite and >= 0; swing wings must be whole numbers >= 1', () => {
    expect(caught(() => new BollingerBands(20, -1)).field).toBe('k');
    expect(caught(() => bbandsBatch(new Float64Array(30), 20, NaN)).field).toBe('k');
    expect(caught(() => new SwingPivots(0, 2)).field).toBe('left');
    expect(caught(() => new SwingPivots(2, 1.5)).field).toBe('right');
  });
});

describe('inputs', () => {
  it('a NaN close on the 3rd bar names the field and index 2, and leaves the state untouched', () => {
    const atr = new ATR(2);
    atr.add({ high: 11, low: 9, close: 10 });
    atr.add({ high: 12, low: 10, close: 11 });
    const e = caught(() => atr.add({ high: 12, low: 10, close: NaN }));
    expect(e.field).toBe('close');
    expect(e.index).toBe(2);
    expect(e.message).toMatch(/input #2 has a non-finite close/);
    expect(atr.count).toBe(2);
    // The state is intact: the next valid bar gives the hand-computed value.
    // By hand: TR1 = max(12-10, |10-12|, |10-10|) = 2 (prev close 10);
    // TR2 = max(12-10, |11-12|, |11-10|) = 2 (prev close 11); ATR(2) = (2 + 2) / 2 = 2.
    expect(atr.add({ high: 12, low: 10, close: 11 })).toBe(2);
  });

  it('Infinity in a replace names the last index', () => {
    const sma = new SMA(3);
    sma.add(1);
    sma.add(2);
    const e = caught(() => sma.replace(Infinity));
    expect(e.index).toBe(1);
    expect(sma.count).toBe(2);
  });

  it('every streaming class refuses non-finite inputs', () => {
    const bar = { time: 1, high: NaN, low: 1, close: 1 };
    expect(caught(() => new TrueRange().add(bar)).field).toBe('high');
    expect(caught(() => new SwingPivots(1, 1).add({ time: NaN, high: 1, low: 1 })).field).toBe('time');
    for (const ind of [
      new RSI(3),
      new EMA(3),
      new StdDev(3),
      new BollingerBands(3),
      new HighestHigh(3),
      new LowestLow(3),
    ]) {
      expect(caught(() => ind.add(NaN)).field).toBe('value');
    }
  });

  it('batch: mismatched column lengths and a NaN inside a column are named', () => {
    const e = caught(() => atrBatch(new Float64Array(10), new Float64Array(9), new Float64Array(10), 3));
    expect(e.message).toContain('high=10, low=9, close=10');
    const x = Float64Array.from([1, 2, 3, NaN, 5]);
    const f = caught(() => rsiBatch(x, 2));
    expect(f.index).toBe(3);
    const ok = Float64Array.from([1, 2, 3, 4, 5]);
    const g = caught(() => trueRangeBatch(ok, ok, Float64Array.from([1, 2, 3, 4, Infinity])));
    expect(g.field).toBe('close');
    expect(g.index).toBe(4);
  });

  it('batch: a NaN or an infinity anywhere is named by field and index, whatever the period', () => {
    // atrBatch and rsiBatch test their inputs once, after the loop (a non-finite input leaves the
    // smoothed value non-finite for good), stddevBatch and bbandsBatch when they resum; this
    // plants one bad value at every place in turn.
    const bars = 40;
    const column = (i: number): Float64Array =>
      Float64Array.from({ length: bars }, (_, j) => 100 + i + Math.sin(j));
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const period of [1, 2, 14]) {
        for (let index = 0; index < bars; index++) {
          for (const field of ['high', 'low', 'close'] as const) {
            const cols = { high: column(2), low: column(0), close: column(1) };
            cols[field][index] = bad;
            const e = caught(() => atrBatch(cols.high, cols.low, cols.close, period));
            expect([e.field, e.index]).toEqual([field, index]);
          }
          const x = column(0);
          x[index] = bad;
          const e = caught(() => rsiBatch(x, period));
          expect([e.field, e.index]).toEqual(['value', index]);
          // The StdDev/Bollinger kernel tests an input only when it resums (a non-finite input
          // makes the variance NaN, which forces a resum at that index).
          expect(caught(() => stddevBatch(x, period)).index).toBe(index);
          expect(caught(() => bbandsBatch(x, period)).index).toBe(index);
        }
      }
    }
  });

  it('batch: finite inputs whose differences overflow are computed, not refused', () => {
    // Not an input error (every input is finite): the outputs say Infinity/NaN, as before the
    // once-per-call input test.
    const high = Float64Array.from([1e308, 1e308, 1e308, 1e308]);
    const low = Float64Array.from([-1e308, -1e308, -1e308, -1e308]);
    expect(atrBatch(high, low, high, 2)[3]).toBe(Infinity);
    expect(Number.isNaN(rsiBatch(Float64Array.from([1e308, -1e308, 1e308, -1e308]), 2)[3])).toBe(true);
  });

  it('series shorter than the warm-up give all-NaN batch output of the right length', () => {
    const x = Float64Array.from([1, 2, 3]);
    expect(Array.from(rsiBatch(x, 14))).toEqual([NaN, NaN, NaN]);
    expect(Array.from(smaBatch(x, 5))).toEqual([NaN, NaN, NaN]);
    expect(bbandsBatch(new Float64Array(0), 20).upper.length).toBe(0);
  });
});
