import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPlan,
  parseBreakeven,
  parseLadder,
  parsePlan,
  parseStop,
  parseTrail,
  type PlanSpec,
} from '../../../engine/index.js';
import { refusal as planError } from '../support/plan-errors.js';

describe('plan text form', () => {
  it('reads the three stop forms', () => {
    expect(parseStop('95')).toEqual({ kind: 'price', price: 95 });
    expect(parseStop('2%')).toEqual({ kind: 'percent', percent: 2 });
    expect(parseStop('atr14x1.5')).toEqual({ kind: 'atr', period: 14, multiple: 1.5 });
    expect(parseStop('ATRx2')).toEqual({ kind: 'atr', period: 14, multiple: 2 });
  });

  it('reads every target form with its share', () => {
    expect(parseLadder('1R:25,2R:25,fib1.618:50')).toEqual([
      { target: { kind: 'r', multiple: 1 }, share: 25 },
      { target: { kind: 'r', multiple: 2 }, share: 25 },
      { target: { kind: 'fib', ratio: 1.618 }, share: 50 },
    ]);
    expect(parseLadder('atr3:10, 5%:20%,@43,210.5:30'.replace('43,210.5', '43210.5'))).toEqual([
      { target: { kind: 'atr', multiple: 3, period: 14 }, share: 10 },
      { target: { kind: 'percent', percent: 5 }, share: 20 },
      { target: { kind: 'price', price: 43210.5 }, share: 30 },
    ]);
    expect(parseLadder('none')).toEqual([]);
  });

  it('reads trails with activation after a leg', () => {
    expect(parseTrail('atr14x2.5')).toEqual({ kind: 'atr', period: 14, multiple: 2.5, activateAfterLeg: 0 });
    expect(parseTrail('chandelier22x3@1')).toEqual({
      kind: 'chandelier',
      lookback: 22,
      atrPeriod: 22,
      multiple: 3,
      activateAfterLeg: 1,
    });
    expect(parseTrail('')).toEqual({ kind: 'none' });
    expect(parseBreakeven('1+fees')).toEqual({ afterLeg: 1, offset: 0, plusFees: true });
    expect(parseBreakeven('T2+0.5')).toEqual({ afterLeg: 2, offset: 0.5, plusFees: false });
  });

  it('says what is wrong and where', () => {
    const over = planError(() => parseLadder('1R:50,2R:40,3R:20'));
    expect(over.field).toBe('ladder');
    expect(over.message).toMatch(/110%.*at most 100%/);
    expect(over.position).toBe(12); // "3R:20" starts at offset 12 of the text

    const target = planError(() => parseLadder('1R:25,2Q:25'));
    expect(target.message).toContain('"2Q"');
    expect(target.position).toBe(6);

    expect(planError(() => parseLadder('1R')).message).toMatch(/no share/);
    expect(planError(() => parseStop('banana')).message).toMatch(/cannot read "banana"/);
    expect(planError(() => parseTrail('atr14y2')).field).toBe('trail');
  });

  it('rejects a stop on the wrong side, a zero size and legs it cannot reach', () => {
    const wrongSide = planError(() => parsePlan({ side: 'long', entry: 100, stop: '105' }));
    expect(wrongSide.field).toBe('stop');
    expect(wrongSide.message).toMatch(/wrong side.*below the entry/);
    expect(planError(() => parsePlan({ side: 'short', entry: 100, stop: '95' })).message).toMatch(
      /above the entry/,
    );
    expect(planError(() => parsePlan({ side: 'long', entry: 100, stop: '95', size: 0 })).field).toBe('size');
    expect(planError(() => parsePlan({ side: 'long', entry: 100, stop: '95', size: -2 })).field).toBe('size');
    expect(planError(() => parsePlan({ side: 'long', entry: 100, stop: '95', ladder: '@99:50' })).field).toBe(
      'ladder',
    );
    expect(planError(() => parsePlan({ side: 'up', entry: 100, stop: '95' })).field).toBe('side');
    expect(planError(() => parsePlan({ side: 'long', entry: 'x', stop: '95' })).field).toBe('entry');
    expect(
      planError(() => parsePlan({ side: 'long', entry: 100, stop: '95', ladder: '1R:50', breakeven: '2' }))
        .field,
    ).toBe('breakeven');
  });

  it('formats back to text that parses to the same plan (property)', () => {
    const target = fc.oneof(
      fc.record({
        kind: fc.constant('r' as const),
        multiple: fc.double({ min: 0.25, max: 10, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('fib' as const), ratio: fc.constantFrom(1.272, 1.618, 2, 2.618) }),
      fc.record({
        kind: fc.constant('atr' as const),
        multiple: fc.double({ min: 0.5, max: 8, noNaN: true }),
        period: fc.integer({ min: 2, max: 50 }),
      }),
      fc.record({
        kind: fc.constant('percent' as const),
        percent: fc.double({ min: 0.1, max: 50, noNaN: true }),
      }),
    );
    const plan = fc
      .record({
        side: fc.constantFrom('long' as const, 'short' as const),
        entry: fc.double({ min: 0.5, max: 1e5, noNaN: true }),
        stopPct: fc.double({ min: 0.1, max: 20, noNaN: true }),
        legs: fc.array(fc.tuple(target, fc.integer({ min: 1, max: 33 })), { maxLength: 3 }),
        trail: fc.constantFrom('none', 'atr14x2.5', 'chandelier22x3@1', 'atr10x3'),
        size: fc.double({ min: 0.01, max: 1000, noNaN: true }),
      })
      .map(({ side, entry, stopPct, legs, trail, size }): PlanSpec => {
        const round = (x: number) => Number(x.toPrecision(8));
        return parsePlan({
          side,
          entry: round(entry),
          stop: `${round(stopPct)}%`,
          ladder: legs.length
            ? legs
                .map(([t, share]) => {
                  const spec =
                    t.kind === 'r'
                      ? `${round(t.multiple)}R`
                      : t.kind === 'fib'
                        ? `fib${t.ratio}`
                        : t.kind === 'atr'
                          ? `atr${t.period}x${round(t.multiple)}`
                          : `${round(t.percent)}%`;
                  return `${spec}:${share}`;
                })
                .join(',')
            : 'none',
          trail: trail.endsWith('@1') && legs.length === 0 ? 'chandelier22x3' : trail,
          size: round(size),
          breakeven: legs.length ? '1+fees' : undefined,
          fees: 'bps5,fill1',
          decay: 'bars20,min0.5R',
        });
      });
    fc.assert(
      fc.property(plan, (p) => {
        expect(parsePlan(formatPlan(p))).toEqual(p);
      }),
    );
  });
});
