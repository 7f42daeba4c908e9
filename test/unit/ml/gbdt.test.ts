import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../engine/backtest/prng.js';
import { binOf, fitBins } from '../../../engine/ml/binning.js';
import { trainGbdt } from '../../../engine/ml/gbdt.js';
import { matrix } from '../../../engine/ml/matrix.js';
import { auc } from '../../../engine/ml/metrics.js';

/** A seeded problem whose answer is known: y depends on x0 > 0.3 and x1 (x2 is noise). */
function problem(n: number, seed: number) {
  const random = seededRandom(seed);
  const v = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < 3; f++) v[r * 3 + f] = random() * 2 - 1;
    const z = (v[r * 3] > 0.3 ? 2 : -1) + 1.5 * v[r * 3 + 1];
    y[r] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: matrix(['a', 'b', 'noise'], n, v), y };
}

describe('histogram GBDT', () => {
  it('bins so that "bin <= b" is "value <= edge b"', () => {
    const x = matrix(['a'], 6, Float64Array.from([3, 1, 2, 2, 5, 4]));
    const edges = fitBins(x, 255)[0];
    // Five distinct values, one bin each: edges midway between neighbours.
    expect(Array.from(edges)).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect([1, 2, 3, 4, 5].map((v) => binOf(edges, v))).toEqual([0, 1, 2, 3, 4]);
    expect(binOf(edges, 2.5)).toBe(1); // on an edge: the lower bin, as the split "x <= edge" sends it left
  });

  it('learns a known rule out of sample and finds its step first', () => {
    const train = problem(6000, 1);
    const test = problem(3000, 2);
    const model = trainGbdt(train.x, train.y, { iterations: 60, learningRate: 0.1, minSamplesLeaf: 20 });
    const p = model.predictRows(test.x.values, test.x.rows);
    // The Bayes-optimal score is z itself; its AUC on this test set bounds what a learner can do.
    const z = Float64Array.from(
      { length: test.x.rows },
      (_, r) => (test.x.values[r * 3] > 0.3 ? 2 : -1) + 1.5 * test.x.values[r * 3 + 1],
    );
    const best = auc(z, test.y);
    expect(auc(p, test.y)).toBeGreaterThan(best - 0.02);
    // The first split is the step in x0 at 0.3 (worth 3 in log-odds, the largest effect),
    // found to within a bin or two of 1/255 of the range.
    expect(model.trees[0].feature[0]).toBe(0);
    expect(Math.abs(model.trees[0].threshold[0] - 0.3)).toBeLessThan(0.02);
  });

  it('is deterministic for a seed, subsampling included, and the seed matters', () => {
    const { x, y } = problem(3000, 3);
    const params = { iterations: 20, rowSubsample: 0.7, featureSubsample: 0.67, seed: 9 };
    const a = trainGbdt(x, y, params);
    const b = trainGbdt(x, y, params);
    const c = trainGbdt(x, y, { ...params, seed: 10 });
    expect(JSON.stringify(a.trees)).toBe(JSON.stringify(b.trees));
    expect(JSON.stringify(a.trees)).not.toBe(JSON.stringify(c.trees));
  });

  it('respects the leaf, depth and min-samples limits', () => {
    const { x, y } = problem(4000, 4);
    const model = trainGbdt(x, y, { iterations: 5, maxLeaves: 4, maxDepth: 2, minSamplesLeaf: 300 });
    for (const t of model.trees) {
      expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(4);
      const depth = (k: number): number =>
        t.feature[k] < 0 ? 0 : 1 + Math.max(depth(t.left[k]), depth(t.right[k]));
      expect(depth(0)).toBeLessThanOrEqual(2);
    }
    // Every leaf holds at least 300 training rows: count where the rows land.
    const counts = new Map<string, number>();
    for (let r = 0; r < x.rows; r++) {
      const t = model.trees[0];
      let k = 0;
      while (t.feature[k] >= 0) k = x.values[r * 3 + t.feature[k]] <= t.threshold[k] ? t.left[k] : t.right[k];
      counts.set(String(k), (counts.get(String(k)) ?? 0) + 1);
    }
    for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(300);
  });

  it('refuses labels of one class and bad settings, naming them', () => {
    const { x } = problem(500, 5);
    expect(() => trainGbdt(x, new Float64Array(500))).toThrow(/all 500 training labels are 0/);
    const { y } = problem(500, 5);
    expect(() => trainGbdt(x, y, { learningRate: 0 })).toThrow(/learningRate: 0 must be above 0/);
    expect(() => trainGbdt(x, y, { maxLeaves: 1 })).toThrow(
      /maxLeaves: 1 must be a whole number of 2 or more/,
    );
  });
});
