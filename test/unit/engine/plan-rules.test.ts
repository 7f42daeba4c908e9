import { describe, expect, it } from 'vitest';
import {
  parseBreakeven,
  parseDecay,
  parseExhaustion,
  parseFees,
  parseLadder,
  parsePlan,
  parseSide,
  parseSize,
  parseStop,
  parseSwing,
  parseTrail,
  validatePlan,
  type PlanSpec,
  type PlanText,
} from '../../../engine/index.js';
import { parsePrice, parseTarget } from '../../../engine/plan/parse.js';
import { refusal } from '../support/plan-errors.js';

// Each rule of engine/plan/parse.ts stated on its own: the bounds, the aliases and the
// messages (issue 15 item 4 found them unpinned). The expected values are the rules as the
// README's table of the text form gives them.

const BASE: PlanText = { side: 'long', entry: 100, stop: '95' };

describe('side', () => {
  it('reads long/buy and short/sell in any case, and refuses the rest', () => {
    expect(parseSide('long')).toBe('long');
    expect(parseSide(' BUY ')).toBe('long');
    expect(parseSide('Short')).toBe('short');
    expect(parseSide('sell')).toBe('short');
    const error = refusal(() => parseSide('up'));
    expect(error.field).toBe('side');
    expect(error.message).toBe('side: expected "long" or "short", got "up"');
  });
});

describe('prices and sizes', () => {
  it('reads a price with thousands commas, refuses empty, zero, negative and words', () => {
    expect(parsePrice('entry', '43,210.5')).toBe(43210.5);
    expect(parsePrice('entry', 7)).toBe(7);
    expect(parsePrice('entry', '.5')).toBe(0.5);
    expect(refusal(() => parsePrice('entry', ' ')).message).toBe(
      'entry: a price is required (a positive number such as 101.5)',
    );
    expect(refusal(() => parsePrice('stop', '0')).message).toBe('stop: expected a positive price, got "0"');
    expect(refusal(() => parsePrice('entry', -3)).field).toBe('entry');
    expect(refusal(() => parsePrice('entry', 'abc')).field).toBe('entry');
    expect(refusal(() => parsePrice('entry', Number.POSITIVE_INFINITY)).field).toBe('entry');
  });

  it('sizes 1 unit by default and refuses zero, negatives and words', () => {
    expect(parseSize(undefined)).toBe(1);
    expect(parseSize('')).toBe(1);
    expect(parseSize(' ')).toBe(1);
    expect(parseSize('2.5')).toBe(2.5);
    expect(parseSize(3)).toBe(3);
    for (const bad of ['0', '-1', 'lots', 0, Number.NaN]) {
      expect(refusal(() => parseSize(bad)).message).toMatch(
        /^size: the position size must be a positive number/,
      );
    }
  });
});

describe('stop', () => {
  it('reads a price, a percent strictly between 0 and 100, and ATR multiples above 0', () => {
    expect(parseStop('95')).toEqual({ kind: 'price', price: 95 });
    expect(parseStop('1,095')).toEqual({ kind: 'price', price: 1095 });
    expect(parseStop('99.5%')).toEqual({ kind: 'percent', percent: 99.5 });
    expect(parseStop(' 0.1% ')).toEqual({ kind: 'percent', percent: 0.1 });
    for (const bad of ['0%', '100%', '150%']) {
      expect(refusal(() => parseStop(bad)).message).toBe(
        `stop: a percent stop must be between 0 and 100 exclusive, got "${bad}"`,
      );
    }
    expect(parseStop('atrx2')).toEqual({ kind: 'atr', period: 14, multiple: 2 });
    expect(parseStop('atr1x2')).toEqual({ kind: 'atr', period: 1, multiple: 2 });
    expect(parseStop('atr10000x2')).toEqual({ kind: 'atr', period: 10000, multiple: 2 });
    expect(refusal(() => parseStop('atr14x0')).message).toBe(
      'stop: the ATR multiple must be above 0, got "atr14x0"',
    );
    expect(refusal(() => parseStop('')).message).toBe(
      'stop: required, e.g. "95" (a price), "2%" or "atr14x1.5"',
    );
    const unread = refusal(() => parseStop('banana'));
    expect(unread.position).toBe(0);
    expect(unread.message).toContain(
      'write a price ("95"), a percent ("2%") or an ATR multiple ("atr14x1.5")',
    );
  });

  it('takes ATR periods from 1 to 10000 only, in the stop, the ladder and the trail', () => {
    for (const [fn, field] of [
      [(p: string) => parseStop(`atr${p}x2`), 'stop'],
      [(p: string) => parseTarget(`atr${p}x2`), 'ladder'],
      [(p: string) => parseTrail(`atr${p}x2`), 'trail'],
    ] as const) {
      for (const bad of ['0', '10001', '99999']) {
        const error = refusal(() => fn(bad));
        expect(error.field).toBe(field);
        expect(error.message).toBe(
          `${field}: the ATR period must be a whole number from 1 to 10000, got "${bad}"`,
        );
      }
      expect(() => fn('1')).not.toThrow();
      expect(() => fn('10000')).not.toThrow();
    }
    expect(refusal(() => parseTrail('chandelier0x3')).message).toBe(
      'trail: the chandelier lookback must be a whole number from 1 to 10000, got "0"',
    );
    expect(refusal(() => parseExhaustion('rsi0')).message).toContain(
      'the RSI period must be a whole number from 1',
    );
    expect(refusal(() => parseExhaustion('bb10001')).message).toContain('the Bollinger period must be');
    expect(refusal(() => parseDecay('bars10001')).message).toContain('the bar count must be');
  });
});

describe('ladder targets', () => {
  it('refuse 0R, fib1 and below, zero ATR and zero percent multiples', () => {
    expect(refusal(() => parseTarget('0R', 3)).message).toBe('ladder: "0R" must be above 0R');
    expect(refusal(() => parseTarget('0R', 3)).position).toBe(3);
    expect(refusal(() => parseTarget('fib1')).message).toBe(
      'ladder: a Fibonacci extension must be above 1 (e.g. fib1.272, fib1.618), got "fib1"',
    );
    expect(refusal(() => parseTarget('fib0.618')).field).toBe('ladder');
    expect(parseTarget('fib1.001')).toEqual({ kind: 'fib', ratio: 1.001 });
    expect(refusal(() => parseTarget('atr0')).message).toBe('ladder: "atr0" must be above 0 ATR');
    expect(refusal(() => parseTarget('atr14x0')).message).toBe('ladder: "atr14x0" must be above 0 ATR');
    expect(refusal(() => parseTarget('0%')).message).toBe('ladder: "0%" must be above 0%');
    expect(parseTarget('0.5R')).toEqual({ kind: 'r', multiple: 0.5 });
  });

  it('reads each form in any case, with the ATR period defaulting to 14, and a price with or without @', () => {
    expect(parseTarget(' 2r ')).toEqual({ kind: 'r', multiple: 2 });
    expect(parseTarget('FIB2.618')).toEqual({ kind: 'fib', ratio: 2.618 });
    expect(parseTarget('atr3')).toEqual({ kind: 'atr', multiple: 3, period: 14 });
    expect(parseTarget('atr20x3')).toEqual({ kind: 'atr', multiple: 3, period: 20 });
    expect(parseTarget('5%')).toEqual({ kind: 'percent', percent: 5 });
    expect(parseTarget('@43,210')).toEqual({ kind: 'price', price: 43210 });
    expect(parseTarget('43210')).toEqual({ kind: 'price', price: 43210 });
    const unread = refusal(() => parseTarget('2Q', 6));
    expect(unread.message).toBe(
      'ladder: cannot read the target "2Q" at character 7; use 1R, fib1.618, atr3, 5% or @price',
    );
    expect(unread.position).toBe(6);
  });

  it('refuse a percent target of 100% or more on a short, which would be at or below zero', () => {
    const short: PlanText = { side: 'short', entry: 100, stop: '105' };
    expect(parsePlan({ ...short, ladder: '99.9%:50' }).ladder[0].target).toEqual({
      kind: 'percent',
      percent: 99.9,
    });
    for (const pct of ['100', '150']) {
      expect(refusal(() => parsePlan({ ...short, ladder: `1R:50,${pct}%:50` })).message).toBe(
        `ladder: T2 ${pct}% would put a short target at or below zero`,
      );
    }
    // A long has no such ceiling: 150% above the entry is a price.
    expect(parsePlan({ ...BASE, ladder: '150%:50' }).ladder).toHaveLength(1);
  });

  it('refuse a price target that is not beyond the entry, naming the leg', () => {
    expect(refusal(() => parsePlan({ ...BASE, ladder: '1R:50,@100:50' })).message).toBe(
      'ladder: T2 at 100 is not beyond the entry 100; a long target goes above it',
    );
    expect(
      refusal(() => parsePlan({ side: 'short', entry: 100, stop: '105', ladder: '@101:50' })).message,
    ).toBe('ladder: T1 at 101 is not beyond the entry 100; a short target goes below it');
    expect(parsePlan({ side: 'short', entry: 100, stop: '105', ladder: '@99:50' }).ladder).toHaveLength(1);
  });
});

describe('ladder legs and shares', () => {
  it('reads none/off/no/-/empty as no legs', () => {
    for (const none of ['none', 'OFF', 'no', '-', '', '  ']) expect(parseLadder(none)).toEqual([]);
  });

  it('takes shares above 0 and at most 100 each, totalling at most 100, with or without %', () => {
    expect(parseLadder('1R:100')).toEqual([{ target: { kind: 'r', multiple: 1 }, share: 100 }]);
    expect(parseLadder('1R:33.3%,2R:66.7')).toHaveLength(2);
    for (const bad of ['1R:0', '1R:101', '1R:', '1R:x', '1R:-5']) {
      const error = refusal(() => parseLadder(bad));
      expect(error.message).toBe(
        `ladder: leg "${bad}" at character 1: the share must be a percent above 0 and at most 100`,
      );
      expect(error.position).toBe(3);
    }
    const over = refusal(() => parseLadder('1R:60, 2R:50'));
    expect(over.message).toBe(
      'ladder: shares add up to 110% by leg "2R:50" (character 8); they must total at most 100%',
    );
    expect(over.position).toBe(7);
  });

  it('points at an empty leg and a leg without a share', () => {
    const empty = refusal(() => parseLadder('1R:50,,2R:50'));
    expect(empty.message).toBe('ladder: empty leg at character 7; remove the extra comma');
    expect(empty.position).toBe(6);
    const noShare = refusal(() => parseLadder('1R:50, 2R'));
    expect(noShare.message).toBe(
      'ladder: leg "2R" at character 8 has no share; write target:share, e.g. 1R:25',
    );
    expect(noShare.position).toBe(7);
  });
});

describe('trail', () => {
  it('reads none, ATR and chandelier trails, with the chandelier lookback defaulting to 22', () => {
    for (const none of ['none', '', 'off']) expect(parseTrail(none)).toEqual({ kind: 'none' });
    expect(parseTrail('ATRx3')).toEqual({ kind: 'atr', period: 14, multiple: 3, activateAfterLeg: 0 });
    expect(parseTrail('chandelierx3')).toEqual({
      kind: 'chandelier',
      lookback: 22,
      atrPeriod: 22,
      multiple: 3,
      activateAfterLeg: 0,
    });
    expect(parseTrail('chandelier10x2@t2')).toMatchObject({
      lookback: 10,
      atrPeriod: 10,
      activateAfterLeg: 2,
    });
    expect(refusal(() => parseTrail('chandelier22x0')).message).toBe(
      'trail: the ATR multiple must be above 0, got "chandelier22x0"',
    );
    expect(refusal(() => parseTrail('atr14x0')).message).toBe(
      'trail: the ATR multiple must be above 0, got "atr14x0"',
    );
    const unread = refusal(() => parseTrail('psar'));
    expect(unread.position).toBe(0);
    expect(unread.message).toContain('write "none", "atr14x2.5" or "chandelier22x3"');
  });

  it('names a leg after @, and refuses a trail after a leg that does not exist', () => {
    const at = refusal(() => parseTrail('atr14x2@x'));
    expect(at.message).toBe('trail: "@x" must name a leg number, e.g. atr14x2.5@1');
    expect(at.position).toBe(7);
    expect(refusal(() => parseTrail('atr14x2@1.5')).field).toBe('trail');
    expect(parseTrail('atr14x2@0')).toMatchObject({ activateAfterLeg: 0 });
    expect(refusal(() => parsePlan({ ...BASE, ladder: '1R:50', trail: 'atr14x2@2' })).message).toBe(
      'trail: starts after leg 2, but the ladder has 1 leg(s)',
    );
    expect(parsePlan({ ...BASE, ladder: '1R:50,2R:25', trail: 'atr14x2@2' }).trail).toMatchObject({
      activateAfterLeg: 2,
    });
    expect(parsePlan({ ...BASE, trail: 'chandelier22x3' }).trail.kind).toBe('chandelier');
  });
});

describe('breakeven', () => {
  it('reads the leg, T-prefixed or not, with fees or an offset', () => {
    expect(parseBreakeven('none')).toBeNull();
    expect(parseBreakeven('')).toBeNull();
    expect(parseBreakeven('1')).toEqual({ afterLeg: 1, offset: 0, plusFees: false });
    expect(parseBreakeven('t3+FEES')).toEqual({ afterLeg: 3, offset: 0, plusFees: true });
    expect(parseBreakeven('2+.25')).toEqual({ afterLeg: 2, offset: 0.25, plusFees: false });
    expect(refusal(() => parseBreakeven('0')).message).toBe('breakeven: the leg number starts at 1');
    expect(refusal(() => parseBreakeven('soon')).message).toBe(
      'breakeven: cannot read "soon"; write the leg after which the stop moves to entry: "1", "1+fees" or "1+0.5"',
    );
    expect(refusal(() => parsePlan({ ...BASE, ladder: '1R:50', breakeven: '2' })).message).toBe(
      'breakeven: after leg 2, but the ladder has 1 leg(s)',
    );
  });
});

describe('exhaustion', () => {
  it('is on by default with its defaults, and none switches it off', () => {
    expect(parseExhaustion(undefined)).toMatchObject({ rsiPeriod: 14, overbought: 70, act: false });
    expect(parseExhaustion('none')).toBeNull();
    expect(parseExhaustion('')).toBeNull();
    expect(parsePlan(BASE).exhaustion).not.toBeNull();
    expect(parsePlan({ ...BASE, exhaustion: 'off' }).exhaustion).toBeNull();
  });

  it('reads each part on its own, leaving the rest at their defaults', () => {
    expect(parseExhaustion('rsi7')).toMatchObject({ rsiPeriod: 7, overbought: 70, oversold: 30 });
    expect(parseExhaustion('rsi>80')).toMatchObject({ rsiPeriod: 14, overbought: 80, oversold: 30 });
    expect(parseExhaustion('rsi<20')).toMatchObject({ overbought: 70, oversold: 20 });
    expect(parseExhaustion('bb30')).toMatchObject({ bbPeriod: 30, bbK: 2 });
    expect(parseExhaustion('bbx2.5')).toMatchObject({ bbPeriod: 20, bbK: 2.5 });
    expect(parseExhaustion('take10%, act')).toMatchObject({ takeShare: 10, act: true });
    expect(parseExhaustion('rsi21>75<25,bb10x3,take50')).toEqual({
      rsiPeriod: 21,
      overbought: 75,
      oversold: 25,
      bbPeriod: 10,
      bbK: 3,
      takeShare: 50,
      act: false,
    });
  });

  it('keeps overbought in 50..100 and oversold in 0..50 (exclusive), take in (0, 100] and the band multiple above 0', () => {
    const thresholds = 'exhaustion: RSI thresholds must be overbought 50..100 and oversold 0..50';
    for (const bad of ['rsi>50', 'rsi>100', 'rsi<50', 'rsi<0'])
      expect(refusal(() => parseExhaustion(bad)).message).toBe(thresholds);
    expect(parseExhaustion('rsi>50.5<49.5')).toMatchObject({ overbought: 50.5, oversold: 49.5 });
    expect(parseExhaustion('rsi>99.9<0.1')).toMatchObject({ overbought: 99.9, oversold: 0.1 });
    const take = 'exhaustion: take must be a percent above 0 and at most 100';
    expect(refusal(() => parseExhaustion('take0')).message).toBe(take);
    expect(refusal(() => parseExhaustion('take101')).message).toBe(take);
    expect(parseExhaustion('take100')).toMatchObject({ takeShare: 100 });
    expect(refusal(() => parseExhaustion('bb20x0')).message).toBe(
      'exhaustion: the Bollinger multiple must be above 0',
    );
    expect(refusal(() => parseExhaustion('macd')).message).toBe(
      'exhaustion: cannot read "macd"; write e.g. "rsi14>70<30,bb20x2,take25" (add ",act" to execute it)',
    );
  });
});

describe('decay', () => {
  it('is off unless given, reads bars, min and act in any order', () => {
    expect(parseDecay(undefined)).toBeNull();
    expect(parseDecay('none')).toBeNull();
    expect(parseDecay('bars20,min0.5R')).toEqual({ bars: 20, minProgressR: 0.5, act: false });
    expect(parseDecay('act, MIN1r, 15bars')).toEqual({ bars: 15, minProgressR: 1, act: true });
    expect(parseDecay('12')).toEqual({ bars: 12, minProgressR: 0, act: false });
    expect(parseDecay('1bar,min0')).toEqual({ bars: 1, minProgressR: 0, act: false });
    expect(refusal(() => parseDecay('min0.5R')).message).toBe(
      'decay: say after how many bars, e.g. "bars20"',
    );
    expect(refusal(() => parseDecay('bars0')).field).toBe('decay');
    expect(refusal(() => parseDecay('soon')).message).toBe(
      'decay: cannot read "soon"; write e.g. "bars20,min0.5R" (add ",act" to exit at the flag)',
    );
  });
});

describe('fees', () => {
  it('reads any subset of bps, unit and fill; nothing is no fees', () => {
    expect(parseFees(undefined)).toEqual({ perUnit: 0, bps: 0, perFill: 0 });
    expect(parseFees('none')).toEqual({ perUnit: 0, bps: 0, perFill: 0 });
    expect(parseFees('BPS10, unit0.01, fill1')).toEqual({ perUnit: 0.01, bps: 10, perFill: 1 });
    expect(parseFees('fill2')).toEqual({ perUnit: 0, bps: 0, perFill: 2 });
    expect(parseFees('unit0.5')).toEqual({ perUnit: 0.5, bps: 0, perFill: 0 });
    expect(refusal(() => parseFees('bps')).message).toBe(
      'fees: cannot read "bps"; write bps10 (basis points), unit0.01 (per unit) or fill1 (per fill)',
    );
    expect(refusal(() => parseFees('bps-1')).field).toBe('fees');
  });
});

describe('swing', () => {
  it('reads low:high with thousands commas, and refuses a low at or above the high', () => {
    expect(parseSwing(undefined)).toBeNull();
    expect(parseSwing('none')).toBeNull();
    expect(parseSwing(' 29,100:31,250.5 ')).toEqual({ low: 29100, high: 31250.5 });
    expect(refusal(() => parseSwing('98:90')).message).toBe(
      'swing: the low must be below the high, got "98:90"',
    );
    expect(refusal(() => parseSwing('90:90')).field).toBe('swing');
    expect(refusal(() => parseSwing('0:90')).field).toBe('swing');
    expect(refusal(() => parseSwing('90-98')).message).toBe(
      'swing: write the swing as low:high, e.g. "90:98", got "90-98"',
    );
    expect(parsePlan({ ...BASE, swing: '90:98' }).swing).toEqual({ low: 90, high: 98 });
  });
});

describe('validatePlan (plans built in code)', () => {
  const plan = (): PlanSpec => parsePlan({ ...BASE, ladder: '1R:50,2R:50' });

  it('accepts a plan parsePlan built', () => {
    expect(() => validatePlan(plan())).not.toThrow();
  });

  it('refuses what the text form would have refused', () => {
    expect(refusal(() => validatePlan({ ...plan(), entry: 0 })).message).toBe(
      'entry: must be a positive price',
    );
    expect(refusal(() => validatePlan({ ...plan(), entry: Number.POSITIVE_INFINITY })).field).toBe('entry');
    expect(refusal(() => validatePlan({ ...plan(), size: 0 })).message).toBe(
      'size: must be a positive number of units',
    );
    expect(refusal(() => validatePlan({ ...plan(), stop: { kind: 'price', price: 100 } })).message).toBe(
      'stop: 100 is on the wrong side of the entry 100; a long stop goes below the entry',
    );
    const over = {
      ...plan(),
      ladder: [...plan().ladder, { target: { kind: 'r' as const, multiple: 3 }, share: 1 }],
    };
    expect(refusal(() => validatePlan(over)).message).toBe('ladder: shares total 101%; at most 100%');
    expect(refusal(() => validatePlan({ ...plan(), swing: { low: 98, high: 90 } })).message).toBe(
      'swing: the low must be below the high',
    );
    expect(refusal(() => validatePlan({ ...plan(), swing: { low: 90, high: 90 } })).field).toBe('swing');
    expect(() => validatePlan({ ...plan(), swing: { low: 90, high: 98 } })).not.toThrow();
    const shortPlan = parsePlan({ side: 'short', entry: 100, stop: '105' });
    expect(refusal(() => validatePlan({ ...shortPlan, stop: { kind: 'price', price: 99 } })).message).toBe(
      'stop: 99 is on the wrong side of the entry 100; a short stop goes above the entry',
    );
    // Shares of exactly 100% in total are fine, to the float: 33.3 + 33.3 + 33.4.
    expect(() => parsePlan({ ...BASE, ladder: '1R:33.3,2R:33.3,3R:33.4' })).not.toThrow();
  });

  it('keeps the entry time when given, as UNIX seconds', () => {
    expect(parsePlan({ ...BASE, at: 1_609_754_400 }).entryTime).toBe(1_609_754_400);
    expect(parsePlan({ ...BASE, at: ' ' }).entryTime).toBeUndefined();
    expect(parsePlan(BASE).entryTime).toBeUndefined();
    expect(parsePlan({ ...BASE, size: '2' }).size).toBe(2);
  });
});
