// TR, ATR, RSI, SMA, EMA against TA-Lib (the C library via the `talib` binding) on every real
// series in ../shared/data. Tolerances from ../shared/docs/indicator-conventions.md: relative
// error <= 1e-12 (RSI: absolute <= 1e-9), and the same first output index as TA-Lib.
import { describe, expect, it } from 'vitest';
import { atrBatch, emaBatch, rsiBatch, smaBatch, trueRangeBatch } from '../../../engine/indicators/index.js';
import { dataFiles, readColumns } from '../../bench/series.js';
import { absolute, relativeTo, talibSeries, worstDeviation } from './oracles.js';

const files = dataFiles();

describe.each(files)('%s against TA-Lib', (file) => {
  const c = readColumns(file);
  const hlc = { high: c.high, low: c.low, close: c.close };

  it('TRANGE: first value at index 1, relative error <= 1e-12', () => {
    const ref = talibSeries('TRANGE', hlc);
    expect(ref.begIndex).toBe(1); // TA-Lib: bar 0 has no true range
    const d = worstDeviation(trueRangeBatch(c.high, c.low, c.close), ref.series, relativeTo(ref.series));
    expect(d.worst, `worst at ${d.at}`).toBeLessThanOrEqual(1e-12);
  });

  it.each([14, 5, 50])('ATR(%i): first value at index n, relative error <= 1e-12', (n) => {
    const ref = talibSeries('ATR', hlc, { optInTimePeriod: n });
    expect(ref.begIndex).toBe(n);
    const d = worstDeviation(atrBatch(c.high, c.low, c.close, n), ref.series, relativeTo(ref.series));
    expect(d.worst, `worst at ${d.at}`).toBeLessThanOrEqual(1e-12);
  });

  it.each([14, 2, 30])('RSI(%i): first value at index n, absolute error <= 1e-9', (n) => {
    const ref = talibSeries('RSI', { inReal: c.close }, { optInTimePeriod: n });
    expect(ref.begIndex).toBe(n);
    const d = worstDeviation(rsiBatch(c.close, n), ref.series, absolute);
    expect(d.worst, `worst at ${d.at}`).toBeLessThanOrEqual(1e-9);
  });

  it.each([20, 2, 200])('SMA(%i): first value at index n-1, relative error <= 1e-12', (n) => {
    const ref = talibSeries('SMA', { inReal: c.close }, { optInTimePeriod: n });
    expect(ref.begIndex).toBe(n - 1);
    const d = worstDeviation(smaBatch(c.close, n), ref.series, relativeTo(ref.series));
    expect(d.worst, `worst at ${d.at}`).toBeLessThanOrEqual(1e-12);
  });

  it.each([20, 2, 100])('EMA(%i): SMA seed, first value at index n-1, relative error <= 1e-12', (n) => {
    const ref = talibSeries('EMA', { inReal: c.close }, { optInTimePeriod: n });
    expect(ref.begIndex).toBe(n - 1);
    const d = worstDeviation(emaBatch(c.close, n), ref.series, relativeTo(ref.series));
    expect(d.worst, `worst at ${d.at}`).toBeLessThanOrEqual(1e-12);
  });
});

describe('RSI flat windows follow TA-Lib (0, not 100)', () => {
  it('a constant series gives 0 from the first value on', () => {
    const x = new Float64Array(40).fill(101.25);
    const ref = talibSeries('RSI', { inReal: x }, { optInTimePeriod: 14 });
    // TA-Lib: gain + loss = 0 is inside its 1e-14 zero band -> 0.
    expect(Array.from(ref.series.subarray(14))).toEqual(new Array(26).fill(0));
    expect(Array.from(rsiBatch(x, 14).subarray(14))).toEqual(new Array(26).fill(0));
  });

  it('a rise followed by a long flat stretch decays and then snaps to 0 exactly where TA-Lib does', () => {
    // 20 rising closes, then 600 flat: the Wilder averages shrink by 13/14 per bar and fall
    // below 1e-14 after ~440 bars; TA-Lib reports 0 from there on.
    const x = new Float64Array(620);
    for (let i = 0; i < 620; i++) x[i] = i < 20 ? 100 + i : 119;
    const ref = talibSeries('RSI', { inReal: x }, { optInTimePeriod: 14 });
    const ours = rsiBatch(x, 14);
    expect(worstDeviation(ours, ref.series, absolute).worst).toBeLessThanOrEqual(1e-9);
    expect(ours[619]).toBe(0);
    expect(ours[100]).toBe(100); // still inside the rising window's memory: all gain
  });
});
