// Regimes per bar: the batch and streaming forms agree, the future never changes the past,
// and each regime's rule fires where its definition says (engine/ml/regimes.ts).
import { describe, expect, it } from 'vitest';
import {
  classify,
  REGIMES,
  RegimeStream,
  regimesBatch,
  type RegimeReadings,
} from '../../../engine/ml/regimes.js';
import type { Bar } from '../../../engine/types.js';
import { BTC5M, loadBars, SPY } from '../backtest/load-bars.js';

const streamed = (bars: readonly Bar[]): Uint8Array => {
  const s = new RegimeStream();
  return Uint8Array.from(bars, (b) => s.add(b));
};

describe('regimes', () => {
  it('batch and stream agree bar for bar on SPY daily and BTC 5m', () => {
    for (const [file, take] of [
      [SPY, Infinity],
      [BTC5M, 20_000],
    ] as const) {
      const bars = loadBars(file).slice(0, take);
      const batch = regimesBatch(bars);
      expect(Array.from(streamed(bars))).toEqual(Array.from(batch));
      // Every regime occurs on real data (else a threshold would be dead).
      for (let code = 0; code < REGIMES.length; code++) expect(batch.includes(code)).toBe(true);
    }
  });

  it('truncating the series at any cut leaves every earlier regime unchanged', () => {
    const bars = loadBars(SPY);
    const full = regimesBatch(bars);
    for (const cut of [130, 777, 2500, 4100]) {
      const part = regimesBatch(bars.slice(0, cut));
      expect(Array.from(part)).toEqual(Array.from(full.subarray(0, cut)));
    }
  });

  it('warms up as none, then applies the thresholds in priority order', () => {
    const bars = loadBars(SPY);
    // Nothing can be judged before the 20-bar extremes and ATR(14) exist.
    expect(Array.from(regimesBatch(bars).subarray(0, 20)).every((c) => c === 0)).toBe(true);
    const base: RegimeReadings = {
      close: 100,
      trueRange: 1,
      atr: 1,
      atrBefore: 1,
      atrPercentile: 0.5,
      er: 0.2,
      sinceHigh: 10,
      sinceLow: 10,
      priorHigh: 105,
      priorLow: 95,
      upper: 104,
      lower: 96,
      rsi: 50,
      rsiBefore: 50,
      volumeZ: 0,
    };
    expect(REGIMES[classify(base)]).toBe('none');
    // Quiet: ATR in the lowest 20% of its last 100 values.
    expect(REGIMES[classify({ ...base, atrPercentile: 0.2 })]).toBe('quiet');
    // Trending: ER >= 0.5 and a new 20-bar high within 5 bars; beats quiet.
    expect(REGIMES[classify({ ...base, atrPercentile: 0.1, er: 0.5, sinceHigh: 4 })]).toBe('trending');
    expect(REGIMES[classify({ ...base, er: 0.5, sinceHigh: 5 })]).toBe('none');
    // Resistance: at the upper band with RSI below its value 3 bars ago; beats trending.
    expect(REGIMES[classify({ ...base, close: 104, rsi: 60, rsiBefore: 65, er: 0.9, sinceHigh: 0 })]).toBe(
      'resistance',
    );
    expect(REGIMES[classify({ ...base, close: 104, rsi: 66, rsiBefore: 65 })]).toBe('none');
    // Shift: volume z >= 3 or TR >= 2.5 x the previous ATR; beats everything.
    expect(REGIMES[classify({ ...base, volumeZ: 3, close: 104, rsi: 60, rsiBefore: 65 })]).toBe('shift');
    expect(REGIMES[classify({ ...base, trueRange: 2.5 })]).toBe('shift');
    expect(REGIMES[classify({ ...base, trueRange: 2.49 })]).toBe('none');
  });
});
