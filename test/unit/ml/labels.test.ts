import { describe, expect, it } from 'vitest';
import { tripleBarrierLabels } from '../../../engine/ml/labels.js';

// A hand-made path: close 100 and ATR 10 at bar 0, so a long's barriers are 120 (up 2) and
// 90 (down 1); a short's are 80 and 110.
const high = [100, 105, 108, 121, 100, 100];
const low = [100, 95, 92, 100, 100, 100];
const close = [100, 100, 100, 110, 100, 100];
const atr = [10, 10, 10, 10, 10, 10];
const valid = [1, 0, 0, 0, 0, 0];

describe('triple-barrier labels', () => {
  it('a long that reaches the favourable barrier first is not a reversal', () => {
    const { label, end } = tripleBarrierLabels(high, low, close, atr, valid, {
      side: 'long',
      horizon: 5,
      up: 2,
      down: 1,
    });
    // Bar 3's high 121 >= 120 before any low <= 90.
    expect([label[0], end[0]]).toEqual([0, 3]);
    expect(label[1]).toBeNaN(); // not a sample
  });

  it('the adverse barrier first is a reversal, and a bar spanning both counts as adverse', () => {
    const down = tripleBarrierLabels(high, low, close, atr, valid, {
      side: 'long',
      horizon: 5,
      up: 2,
      down: 0.75,
    });
    // 92.5 is touched by bar 2's low 92.
    expect([down.label[0], down.end[0]]).toEqual([1, 2]);
    const both = tripleBarrierLabels([100, 125], [100, 85], [100, 100], [10, 10], [1, 0], {
      side: 'long',
      horizon: 3,
      up: 2,
      down: 1,
    });
    expect(both.label[0]).toBe(1);
  });

  it('the time barrier ends a window with no touch; an incomplete window stays unknown', () => {
    const { label, end } = tripleBarrierLabels(high, low, close, atr, valid, {
      side: 'short',
      horizon: 2,
      up: 2,
      down: 2,
    });
    // Short barriers 80 and 120 over bars 1-2: untouched, decided at bar 2 by the clock.
    expect([label[0], end[0]]).toEqual([0, 2]);
    const open = tripleBarrierLabels(high.slice(0, 3), low.slice(0, 3), close.slice(0, 3), atr, valid, {
      side: 'short',
      horizon: 5,
      up: 2,
      down: 2,
    });
    expect(open.label[0]).toBeNaN();
    expect(open.end[0]).toBe(-1);
  });

  it('refuses bad barriers with the setting named', () => {
    expect(() =>
      tripleBarrierLabels(high, low, close, atr, valid, { side: 'long', horizon: 0, up: 2, down: 1 }),
    ).toThrow(/horizon: 0/);
    expect(() =>
      tripleBarrierLabels(high, low, close, atr, valid, { side: 'long', horizon: 5, up: -1, down: 1 }),
    ).toThrow(/up: -1/);
  });
});
