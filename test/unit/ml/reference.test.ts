// The engine's GBDT learns what scikit-learn's HistGradientBoostingClassifier learns: on the
// committed matrix (test/fixtures/ml/README.md), the same settings, its out-of-sample AUC is
// within 0.01 of the AUC scikit-learn 1.2.1 recorded in reversal-reference-sklearn.json.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GBDT, trainGbdt } from '../../../engine/ml/gbdt.js';
import { auc } from '../../../engine/ml/metrics.js';
import { referenceSets, sklearnReference } from './fixture.js';

describe('reference check against scikit-learn', () => {
  const { train, test } = referenceSets();
  const reference = sklearnReference();

  it('reads the same matrix the reference was fitted on', () => {
    expect(train.x.rows).toBe(reference.train_rows);
    expect(test.x.rows).toBe(reference.test_rows);
    expect(train.x.names).toEqual(reference.features);
    // The script's settings are DEFAULT_GBDT's, name for name (scripts/ml-reference.py).
    expect(reference.params).toMatchObject({
      max_iter: DEFAULT_GBDT.iterations,
      learning_rate: DEFAULT_GBDT.learningRate,
      max_leaf_nodes: DEFAULT_GBDT.maxLeaves,
      max_depth: DEFAULT_GBDT.maxDepth,
      min_samples_leaf: DEFAULT_GBDT.minSamplesLeaf,
      l2_regularization: DEFAULT_GBDT.l2,
      max_bins: DEFAULT_GBDT.maxBins,
      early_stopping: false,
    });
  });

  it('scores an out-of-sample AUC within 0.01 of scikit-learn', () => {
    const model = trainGbdt(train.x, train.y);
    const ours = auc(model.predictRows(test.x.values, test.x.rows), test.y);
    expect(Math.abs(ours - reference.auc)).toBeLessThan(0.01);
    // And both found something: a learner that failed would sit at 0.5.
    expect(ours).toBeGreaterThan(0.52);
  });
});
