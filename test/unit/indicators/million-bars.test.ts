// Precision over the 1,000,000-bar chained series (the benchmark series, see test/bench/series.ts):
// the place where running sums drift. Same tolerances as on the single files: TR/ATR/EMA against
// TA-Lib (pure recursions, which do not drift) with relative error <= 1e-12, RSI absolute <= 1e-9;
// SMA, StdDev and bands against the exact reference (TA-Lib's own running-sum SMA drifts here)
// with SMA relative <= 1e-12 and sigma/bands absolute <= 1e-9 x price level.
import { describe, expect, it } from 'vitest';
import {
  atrBatch,
  bbandsBatch,
  emaBatch,
  rsiBatch,
  smaBatch,
  stddevBatch,
  trueRangeBatch,
} from '../../../engine/indicators/index.js';
import { loadMillionBarSeries, MILLION } from '../../bench/series.js';
import {
  absolute,
  exactRollingDeviation,
  exactRollingMean,
  relativeTo,
  talibSeries,
  worstDeviation,
} from './oracles.js';

describe('1,000,000 chained BTC 5m bars', () => {
  const c = loadMillionBarSeries();
  const hlc = { high: c.high, low: c.low, close: c.close };

  it('is the promised series: a million bars, copies joined at the previous close', () => {
    expect(c.close.length).toBe(MILLION);
    // The second copy starts at bar 65,741 (the file's row count) on the first copy's last close.
    expect(c.open[65_741]).toBeCloseTo(c.close[65_740], 6);
    expect(c.time[65_741] - c.time[65_740]).toBe(300);
  });

  it('TR and ATR(14): relative error <= 1e-12 against TA-Lib', () => {
    const tr = talibSeries('TRANGE', hlc).series;
    expect(
      worstDeviation(trueRangeBatch(c.high, c.low, c.close), tr, relativeTo(tr)).worst,
    ).toBeLessThanOrEqual(1e-12);
    const atr = talibSeries('ATR', hlc, { optInTimePeriod: 14 }).series;
    expect(
      worstDeviation(atrBatch(c.high, c.low, c.close, 14), atr, relativeTo(atr)).worst,
    ).toBeLessThanOrEqual(1e-12);
  });

  it('RSI(14): absolute error <= 1e-9 against TA-Lib', () => {
    const rsi = talibSeries('RSI', { inReal: c.close }, { optInTimePeriod: 14 }).series;
    expect(worstDeviation(rsiBatch(c.close, 14), rsi, absolute).worst).toBeLessThanOrEqual(1e-9);
  });

  it('EMA(20): relative error <= 1e-12 against TA-Lib', () => {
    const ema = talibSeries('EMA', { inReal: c.close }, { optInTimePeriod: 20 }).series;
    expect(worstDeviation(emaBatch(c.close, 20), ema, relativeTo(ema)).worst).toBeLessThanOrEqual(1e-12);
  });

  it('SMA(20): relative error <= 1e-12 against exact window sums (no drift)', () => {
    const ref = exactRollingMean(c.close, 20);
    const d = worstDeviation(smaBatch(c.close, 20), ref, relativeTo(ref));
    expect(d.worst, `worst at ${d.at}`).toBeLessThanOrEqual(1e-12);
  });

  it('StdDev(20) and BBANDS(20, 2): absolute error <= 1e-9 x price level against two-pass', () => {
    const ref = exactRollingDeviation(c.close, 20);
    const level = (i: number): number => Math.abs(ref.mean[i]);
    expect(worstDeviation(stddevBatch(c.close, 20), ref.sd, level).worst).toBeLessThanOrEqual(1e-9);
    const bb = bbandsBatch(c.close, 20, 2);
    expect(
      worstDeviation(
        bb.upper,
        ref.mean.map((m, i) => m + 2 * ref.sd[i]),
        level,
      ).worst,
    ).toBeLessThanOrEqual(1e-9);
    expect(
      worstDeviation(
        bb.lower,
        ref.mean.map((m, i) => m - 2 * ref.sd[i]),
        level,
      ).worst,
    ).toBeLessThanOrEqual(1e-9);
    expect(worstDeviation(bb.middle, ref.mean, level).worst).toBeLessThanOrEqual(1e-9);
  });
});
