// The trade-state features (engine/ml/trade-state.ts): causal (cutting or reshuffling the bars
// after t changes no value at t), by their formulas on a hand-made trade, and the same bit for
// bit in the stream as in the batch, for the virtual trade and for a real one.
import { describe, expect, it } from 'vitest';
import { barFeatures } from '../../../engine/ml/features.js';
import { trainGbdt } from '../../../engine/ml/gbdt.js';
import { DEFAULT_BARRIERS, tripleBarrierLabels } from '../../../engine/ml/labels.js';
import { selectRows } from '../../../engine/ml/matrix.js';
import { ReversalStream } from '../../../engine/ml/stream.js';
import {
  TRADE_FEATURES,
  tradeStateOf,
  VIRTUAL_HOLD_MAX,
  withTradeState,
  writeTradeState,
  type TradeState,
} from '../../../engine/ml/trade-state.js';
import type { Bar } from '../../../engine/types.js';
import { BTC5M, loadBars, SPY } from '../backtest/load-bars.js';

const tradeColumns = (bars: readonly Bar[], side: 'long' | 'short'): Float64Array[] => {
  const f = withTradeState(barFeatures(bars), bars, side);
  const { width, rows, values } = f.matrix;
  return TRADE_FEATURES.map((_, j) =>
    Float64Array.from({ length: rows }, (_v, i) => values[i * width + width - TRADE_FEATURES.length + j]),
  );
};

describe('trade-state features', () => {
  it('follow their formulas on a trade of known levels', () => {
    // A long from 100 with its stop at 96 (R = 4), legs at 1R and 2R, 7 bars held, MFE 5
    // (a high of 105), close 102: unrealised 0.5 R, (102 - 96) / 4 = 1.5 R above the stop, MFE
    // 1.25 R, so the 1R leg is reached and the next is 2R, 1.5 R away.
    const state: TradeState = { side: 'long', entry: 0, risk: 0, stop: 0, mfe: 0, bars: 0, nextLegR: 0 };
    tradeStateOf(state, { side: 'long', entry: 100, riskPerUnit: 4, legs: [{ r: 1 }, { r: 2 }] }, 96, 5, 7);
    const out = new Float64Array(5);
    writeTradeState(state, 102, out, 0);
    expect(Array.from(out)).toEqual([0.5, 7, 1.5, 1.5, 1.25]);
    // Every leg reached: the next whole R above the MFE (2 R), 1.5 R away from 0.5 R.
    tradeStateOf(state, { side: 'long', entry: 100, riskPerUnit: 4, legs: [{ r: 1 }] }, 96, 5, 7);
    writeTradeState(state, 102, out, 0);
    expect(out[3]).toBe(1.5);
    // A short mirrors it: entry 100, stop 104, close 98 is +0.5 R.
    tradeStateOf(state, { side: 'short', entry: 100, riskPerUnit: 4, legs: [{ r: 1 }] }, 104, 0, 1);
    writeTradeState(state, 98, out, 0);
    expect(Array.from(out)).toEqual([0.5, 1, 1.5, 0.5, 0]);
  });

  it('of the virtual trade: cutting the bars, or reshuffling those after the cut, changes no earlier value', () => {
    const bars = loadBars(BTC5M).slice(0, 6000);
    for (const side of ['long', 'short'] as const) {
      const full = tradeColumns(bars, side);
      // Held bars reach the cap, so trades end both ways (stop and time) in these bars.
      expect(Math.max(...full[1].filter(Number.isFinite))).toBe(VIRTUAL_HOLD_MAX - 1);
      for (const cut of [300, 1234, 2999, 5000]) {
        const tail = bars
          .slice(cut)
          .reverse()
          .map((b, k) => ({ ...b, time: bars[cut + k].time }));
        for (const cutBars of [bars.slice(0, cut), [...bars.slice(0, cut), ...tail]]) {
          const part = tradeColumns(cutBars, side);
          for (let j = 0; j < TRADE_FEATURES.length; j++)
            expect(Array.from(part[j].subarray(0, cut))).toEqual(Array.from(full[j].subarray(0, cut)));
        }
      }
    }
  });

  for (const [file, n, side] of [
    [BTC5M, 6000, 'long'],
    [SPY, 3000, 'short'],
  ] as const) {
    it(`stream and batch give the same p bit for bit with them (${file}, ${side})`, () => {
      const bars = loadBars(file).slice(0, n);
      const features = withTradeState(barFeatures(bars), bars, side);
      const col = (k: 'high' | 'low' | 'close'): Float64Array => Float64Array.from(bars, (b) => b[k]);
      const labels = tripleBarrierLabels(
        col('high'),
        col('low'),
        col('close'),
        features.atr,
        features.valid,
        {
          ...DEFAULT_BARRIERS,
          side,
        },
      );
      const rows: number[] = [];
      for (let t = features.warmup; t < n; t++)
        if (features.valid[t] === 1 && labels.end[t] >= 0) rows.push(t);
      const model = trainGbdt(
        selectRows(features.matrix, rows),
        Float64Array.from(rows, (t) => labels.label[t]),
        { iterations: 30 },
      );
      // The trees do split on the trade state: the features are read.
      const tradeFeature = features.matrix.width - TRADE_FEATURES.length;
      expect(model.trees.some((t) => t.feature.some((f) => f >= tradeFeature))).toBe(true);
      const stream = ReversalStream.forHistory(model, features.matrix.names, features.groups, bars, side);
      const { values, width } = features.matrix;
      let scored = 0;
      for (let i = 0; i < n; i++) {
        const p = stream.add(bars[i]);
        if (features.valid[i] === 1) {
          expect(p).toBe(model.predict(values, i * width));
          scored++;
        } else expect(p).toBeNaN();
      }
      expect(scored).toBeGreaterThan(n - 400);
      // A real trade's state replaces the virtual one: the row the stream scores is the bar's
      // features and that state.
      const real: TradeState = {
        side,
        entry: bars[n - 1].close,
        risk: 3,
        stop: NaN,
        mfe: 2,
        bars: 12,
        nextLegR: 2,
      };
      real.stop = real.entry - (side === 'long' ? 3 : -3);
      const last = { ...bars[n - 1], time: bars[n - 1].time + 1 };
      const more = [...bars, last];
      const extended = withTradeState(barFeatures(more), more, side);
      const row = extended.matrix.values.slice(n * width, (n + 1) * width);
      writeTradeState(real, last.close, row, tradeFeature);
      expect(stream.add(last, real)).toBe(model.predict(row, 0));
    });
  }
});
