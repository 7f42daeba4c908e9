import { describe, expect, it } from 'vitest';
import { histogram, thinCurve } from '../../../widget/lab/lab-data.js';

describe('lab view data helpers', () => {
  it('thins a long curve but keeps every bucket extreme (the bottom of a drawdown survives)', () => {
    const n = 100_000;
    const times = Float64Array.from({ length: n }, (_, i) => i);
    const values = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 500));
    values[54_321] = 42; // a one-bar crash a stride would step over
    const thin = thinCurve(times, values, 2000);
    expect(thin.length).toBeLessThanOrEqual(2001);
    expect(Math.min(...thin.map((p) => p.value))).toBe(42);
    expect(thin[thin.length - 1].time).toBe(n - 1);
    for (let k = 1; k < thin.length; k++) expect(thin[k].time).toBeGreaterThan(thin[k - 1].time);
    // Short curves pass through untouched.
    expect(thinCurve([1, 2, 3], [5, 6, 7])).toEqual([
      { time: 1, value: 5 },
      { time: 2, value: 6 },
      { time: 3, value: 7 },
    ]);
  });

  it('bins R on multiples of the width with 0 as an edge, clipping the tails', () => {
    // -1 -> bin [-1, -0.75); -0.1 -> [-0.25, 0); 0 and 0.2 -> [0, 0.25); 2 -> [2, 2.25); 9 clipped to 5 - tiny -> [4.75, 5).
    const bins = histogram([-1, -0.1, 0, 0.2, 2, 9], 0.25, 5);
    expect(bins[0]).toEqual({ from: -1, to: -0.75, count: 1 });
    const at = (from: number): number => bins.find((b) => b.from === from)!.count;
    expect(at(-0.25)).toBe(1);
    expect(at(0)).toBe(2);
    expect(at(2)).toBe(1);
    expect(bins[bins.length - 1]).toEqual({ from: 4.75, to: 5, count: 1 });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(6);
    expect(histogram([])).toEqual([]);
  });
});
