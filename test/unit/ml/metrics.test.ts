import { describe, expect, it } from 'vitest';
import {
  auc,
  aucBlockInterval,
  aucWithinGroups,
  brier,
  logLoss,
  reliability,
} from '../../../engine/ml/metrics.js';

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

  it('AUC block-bootstrap interval: covers the AUC, widens with the block on serially dependent labels', () => {
    // 400 labels in runs of 20 alike (as overlapping 20-bar label windows make them), scores
    // that agree with the run's label 60% of the time (a fixed pseudo-random draw).
    let s = 12345;
    const u = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const y: number[] = [];
    const p: number[] = [];
    for (let r = 0; r < 20; r++) {
      const label = r % 3 === 0 ? 1 : 0;
      const lean = u() < 0.6 ? label : 1 - label;
      for (let j = 0; j < 20; j++) {
        y.push(label);
        p.push(0.3 + 0.4 * lean + 0.1 * u());
      }
    }
    const a = auc(p, y);
    const [lo, hi] = aucBlockInterval(p, y, 20);
    expect(lo).toBeLessThan(a);
    expect(hi).toBeGreaterThan(a);
    // Resampling single labels treats 400 dependent labels as independent: a narrower interval.
    const [lo1, hi1] = aucBlockInterval(p, y, 1);
    expect(hi - lo).toBeGreaterThan(1.5 * (hi1 - lo1));
    // Deterministic for its seed.
    expect(aucBlockInterval(p, y, 20)).toEqual([lo, hi]);
    // Perfect scores: every resample with both classes scores 1.
    expect(aucBlockInterval(y, y, 20)).toEqual([1, 1]);
    // Fewer than two blocks of samples: no interval.
    expect(aucBlockInterval(p.slice(0, 30), y.slice(0, 30), 20)).toEqual([NaN, NaN]);
  });

  it('AUC within groups counts only pairs of one group (worked by hand)', () => {
    // Group 0: a per-group constant 0.8 on labels 1, 1, 0; group 1: 0.2 on labels 0, 0, 1.
    // Pooled, 9 pairs: group 0's positives beat group 1's negatives (4 wins), 4 ties at equal
    // scores (half each), group 1's positive under group 0's negative (0): 6 / 9. Within groups
    // every pair ties: 0.5.
    const p = [0.8, 0.8, 0.8, 0.2, 0.2, 0.2];
    const y = [1, 1, 0, 0, 0, 1];
    const g = [0, 0, 0, 1, 1, 1];
    expect(auc(p, y)).toBeCloseTo(6 / 9, 15);
    expect(aucWithinGroups(p, y, g)).toBe(0.5);
    // Group 0 ranked perfectly (2 pairs), group 1 backwards (2 pairs): (2 x 1 + 2 x 0) / 4.
    expect(aucWithinGroups([0.9, 0.7, 0.1, 0.6, 0.5, 0.4], y, g)).toBe(0.5);
    expect(aucWithinGroups([0.9, 0.7, 0.1, 0.6, 0.5, 0.7], y, g)).toBe(1);
    // No group with both classes.
    expect(aucWithinGroups([0.1, 0.2], [1, 0], [0, 1])).toBeNaN();
  });
});
