import { describe, expect, it } from 'vitest';
import { auc, brier, logLoss, reliability } from '../../../engine/ml/metrics.js';

describe('metrics', () => {
  it('AUC counts ordered pairs, ties as half (worked by hand)', () => {
    // Positives scored 0.8, 0.4; negatives 0.4, 0.1. Pairs: (0.8>0.4) 1, (0.8>0.1) 1,
    // (0.4=0.4) 0.5, (0.4>0.1) 1 -> 3.5 / 4.
    expect(auc([0.8, 0.4, 0.4, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(auc([0.1, 0.9], [1, 0])).toBe(0);
    expect(auc([0.5, 0.5], [1, 1])).toBeNaN();
  });

  it('Brier and log loss by hand', () => {
    // (0.2^2 + 0.4^2) / 2 = 0.1
    expect(brier([0.8, 0.4], [1, 0])).toBeCloseTo(0.1, 15);
    // -(ln 0.8 + ln 0.6) / 2
    expect(logLoss([0.8, 0.4], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    // A certain miss is clipped at 1e-15: -ln(1e-15) = 34.54
    expect(logLoss([0], [1])).toBeCloseTo(34.5388, 3);
  });

  it('reliability bins the predictions and reports the observed rate', () => {
    const bins = reliability([0.05, 0.08, 0.95, 0.99, 1], [0, 1, 1, 1, 0], 10);
    expect(bins).toEqual([
      { from: 0, to: 0.1, count: 2, meanP: 0.065, observed: 0.5 },
      // 1.0 falls in the last bin, not past it.
      { from: 0.9, to: 1, count: 3, meanP: (0.95 + 0.99 + 1) / 3, observed: 2 / 3 },
    ]);
  });
});
