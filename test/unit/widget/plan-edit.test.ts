// Dragging a level edits the plan; the comparison plan is the all-in-all-out twin.
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../engine/index.js';
import { allInAllOut, planWithLevelAt, roundPrice } from '../../../widget/plan-edit.js';

const spec = parsePlan({
  side: 'long',
  entry: 29785,
  stop: 'atr14x1.5',
  ladder: '1R:25,2R:25,fib1.618:50',
  trail: 'atr14x2.5@1',
  breakeven: '1',
  exhaustion: 'rsi14>70<30,bb20x2,take25',
});

describe('planWithLevelAt', () => {
  it('moves the entry, fixes the stop at the dropped price, and fixes one leg keeping its share', () => {
    expect(planWithLevelAt(spec, 'entry', 29801.37).entry).toBe(29801); // 5 significant digits at 29,785
    expect(planWithLevelAt(spec, 'stop', 29500.6).stop).toEqual({ kind: 'price', price: 29501 });
    const moved = planWithLevelAt(spec, 'T2', 30123.4);
    expect(moved.ladder[1]).toEqual({ target: { kind: 'price', price: 30123 }, share: 25 });
    expect(moved.ladder[0]).toEqual(spec.ladder[0]);
    expect(moved.ladder[2]).toEqual(spec.ladder[2]);
    expect(moved.trail).toEqual(spec.trail);
  });

  it('leaves the plan alone for ids it does not know', () => {
    expect(planWithLevelAt(spec, 'T9', 1)).toBe(spec);
    expect(planWithLevelAt(spec, 'trail', 1)).toBe(spec);
  });
});

describe('roundPrice', () => {
  it('keeps five significant digits of the entry magnitude', () => {
    expect(roundPrice(1.0836512, 1.0841)).toBe(1.0837); // EURUSD: 4 decimals
    expect(roundPrice(333.4812, 333.48)).toBe(333.48); // SPY: 2 decimals
    expect(roundPrice(0.000123456, 0.0001)).toBe(0.00012346); // 4 - (-4) = 8 decimals
  });
});

describe('allInAllOut', () => {
  it('is the same entry and stop with one 100% leg at the last target and nothing else', () => {
    const aiao = allInAllOut(spec);
    expect(aiao).toEqual({
      ...spec,
      ladder: [{ target: spec.ladder[2].target, share: 100 }],
      trail: { kind: 'none' },
      breakeven: null,
      exhaustion: null,
      decay: null,
    });
    expect(allInAllOut({ ...spec, ladder: [] })).toBeNull();
  });
});
