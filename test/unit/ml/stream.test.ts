// The streaming scorer gives, bar by bar, what the batch features and the trees give.
import { describe, expect, it } from 'vitest';
import { barFeatures } from '../../../engine/ml/features.js';
import { trainGbdt } from '../../../engine/ml/gbdt.js';
import { DEFAULT_BARRIERS, tripleBarrierLabels } from '../../../engine/ml/labels.js';
import { selectRows } from '../../../engine/ml/matrix.js';
import { ReversalStream } from '../../../engine/ml/stream.js';
import { BTC5M, EURUSD, loadBars, SPY } from '../backtest/load-bars.js';

describe('ReversalStream', () => {
  for (const [file, n] of [
    [BTC5M, 6000],
    [SPY, 3000],
    [EURUSD, 5000],
  ] as const) {
    it(`equals barFeatures + the trees bar for bar on ${file}`, () => {
      const bars = loadBars(file).slice(0, n);
      const features = barFeatures(bars);
      const col = (k: 'high' | 'low' | 'close'): Float64Array => Float64Array.from(bars, (b) => b[k]);
      const labels = tripleBarrierLabels(
        col('high'),
        col('low'),
        col('close'),
        features.atr,
        features.valid,
        DEFAULT_BARRIERS,
      );
      const rows: number[] = [];
      for (let t = features.warmup; t < n; t++)
        if (features.valid[t] === 1 && labels.end[t] >= 0) rows.push(t);
      const model = trainGbdt(
        selectRows(features.matrix, rows),
        Float64Array.from(rows, (t) => labels.label[t]),
        { iterations: 30 },
      );
      const stream = ReversalStream.forHistory(model, features.matrix.names, features.groups, bars);
      const { values, width } = features.matrix;
      let scored = 0;
      for (let i = 0; i < n; i++) {
        const p = stream.add(bars[i]);
        const batch = features.valid[i] === 1 ? model.predict(values, i * width) : NaN;
        if (Number.isNaN(batch)) expect(p).toBeNaN();
        else {
          // Bit for bit: the streaming indicators are the batch ones' twins, and the scoring
          // layout of trees.ts reaches the same leaves in the same order (bench: ml.bench.ts).
          expect(p).toBe(batch);
          scored++;
        }
      }
      expect(scored).toBeGreaterThan(n - 400);
    });
  }

  it('refuses a model of other features', () => {
    const bars = loadBars(SPY).slice(0, 600);
    const features = barFeatures(bars);
    const model = trainGbdt(
      features.matrix.values.length > 0 ? selectRows(features.matrix, [300, 301, 302, 303]) : features.matrix,
      [0, 1, 0, 1],
      { minSamplesLeaf: 1, iterations: 1 },
    );
    expect(() => ReversalStream.forHistory(model, ['atr_pct'], features.groups, bars)).toThrow(
      /model: it reads the features atr_pct, and these bars give atr_pct, ret_std20/,
    );
  });
});
