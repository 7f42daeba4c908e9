// The scoring layout of TreeEnsemble (complete trees walked four at a time, or the node walk
// for deep trees) sends every row to the leaf its saved tree does and sums the leaves in tree
// order: the probabilities are bit for bit those of walking the saved TreeArrays one by one.
import { describe, expect, it } from 'vitest';
import { barFeatures } from '../../../engine/ml/features.js';
import { trainGbdt } from '../../../engine/ml/gbdt.js';
import { DEFAULT_BARRIERS, tripleBarrierLabels } from '../../../engine/ml/labels.js';
import { selectRows } from '../../../engine/ml/matrix.js';
import type { TreeArrays, TreeEnsemble } from '../../../engine/ml/trees.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

/** The definition: each saved tree walked from its root, leaves added in tree order. */
function savedTreesP(model: TreeEnsemble, x: Float64Array, offset: number): number {
  let s = model.base;
  for (const t of model.trees as readonly TreeArrays[]) {
    let k = 0;
    // Right when the value is above the threshold; left otherwise, NaN included.
    while (t.feature[k] >= 0) k = x[offset + t.feature[k]] > t.threshold[k] ? t.right[k] : t.left[k];
    s += t.value[k];
  }
  return 1 / (1 + Math.exp(-s));
}

describe('TreeEnsemble scoring', () => {
  const bars = loadBars(BTC5M).slice(0, 8000);
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
  for (let t = features.warmup; t < bars.length; t++)
    if (features.valid[t] === 1 && labels.end[t] >= 0) rows.push(t);
  const x = selectRows(features.matrix, rows);
  const y = Float64Array.from(rows, (t) => labels.label[t]);
  const { values, width } = features.matrix;

  // 61 trees: the four-at-a-time loop and the one left over; depth 4 with 8 leaves leaves
  // some leaves shallow (padded), depth 12 takes the node walk.
  for (const params of [
    { iterations: 61 },
    { iterations: 7, maxLeaves: 3, maxDepth: 2, minSamplesLeaf: 50 },
    { iterations: 9, maxLeaves: 40, maxDepth: 12, minSamplesLeaf: 20 },
  ]) {
    it(`gives the saved trees' probability bit for bit (${JSON.stringify(params)})`, () => {
      const model = trainGbdt(x, y, params);
      let checked = 0;
      for (let i = features.warmup; i < bars.length; i++) {
        expect(model.predict(values, i * width)).toBe(savedTreesP(model, values, i * width));
        checked++;
      }
      // A row of NaN goes left at every split (padded splits included).
      const row = new Float64Array(width).fill(NaN);
      expect(model.predict(row)).toBe(savedTreesP(model, row, 0));
      expect(checked).toBeGreaterThan(7000);
    });
  }
});
