// Adversarial series for rolling sums: real BTC 5m closes scaled by 1e6, followed by the same
// closes unscaled (a 1,000,000x fall inside one window), and the million-bar series run
// backwards (a steady 1000x decline). A plain running sum keeps the rounding error of the big
// numbers and is wrong afterwards; ours must stay within the conventions' tolerances against
// the exact reference: SMA relative <= 1e-12, sigma and bands absolute <= 1e-9 x price level.
import { describe, expect, it } from 'vitest';
import { bbandsBatch, SMA, smaBatch, StdDev, stddevBatch } from '../../../engine/indicators/index.js';
import { BTC_5M, loadMillionBarSeries, readColumns } from '../../bench/series.js';
import { exactRollingDeviation, exactRollingMean, relativeTo, worstDeviation } from './oracles.js';

function cliff(): Float64Array {
  const b = readColumns(BTC_5M).close;
  const x = new Float64Array(b.length * 2);
  for (let i = 0; i < b.length; i++) {
    x[i] = b[i] * 1e6;
    x[i + b.length] = b[i];
  }
  return x;
}

function plainRunningMean(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    if (i >= n) s -= x[i - n];
    if (i >= n - 1) out[i] = s / n;
  }
  return out;
}

describe.each([
  ['a 1e6x cliff', cliff],
  ['the million bars backwards', () => loadMillionBarSeries().close.slice().reverse()],
])('%s', (_name, make) => {
  const x = make();

  it('is a real trap: a plain running sum misses the SMA tolerance by 10x or more', () => {
    const ref = exactRollingMean(x, 20);
    expect(worstDeviation(plainRunningMean(x, 20), ref, relativeTo(ref)).worst).toBeGreaterThan(1e-11);
  });

  it('SMA(20) stays within 1e-12 relative, streaming and batch alike', () => {
    const ref = exactRollingMean(x, 20);
    const batch = smaBatch(x, 20);
    expect(worstDeviation(batch, ref, relativeTo(ref)).worst).toBeLessThanOrEqual(1e-12);
    const sma = new SMA(20);
    let mismatch = -1;
    for (let i = 0; i < x.length && mismatch < 0; i++)
      if (!Object.is(sma.add(x[i]) ?? NaN, batch[i])) mismatch = i;
    expect(mismatch).toBe(-1);
  });

  it('StdDev(20) and BBANDS(20,2) stay within 1e-9 x price level, streaming and batch alike', () => {
    const ref = exactRollingDeviation(x, 20);
    const level = (i: number): number => Math.abs(ref.mean[i]);
    const batch = stddevBatch(x, 20);
    expect(worstDeviation(batch, ref.sd, level).worst).toBeLessThanOrEqual(1e-9);
    const bb = bbandsBatch(x, 20, 2);
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
    const sd = new StdDev(20);
    let mismatch = -1;
    for (let i = 0; i < x.length && mismatch < 0; i++)
      if (!Object.is(sd.add(x[i]) ?? NaN, batch[i])) mismatch = i;
    expect(mismatch).toBe(-1);
  });
});
