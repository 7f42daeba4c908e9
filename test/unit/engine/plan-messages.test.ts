import { describe, expect, it } from 'vitest';
import {
  parseBreakeven,
  parseDecay,
  parseExhaustion,
  parseFees,
  parseLadder,
  parsePlan,
  parseSize,
  parseStop,
  parseSwing,
  parseTrail,
  validatePlan,
  type PlanText,
} from '../../../engine/index.js';
import { parsePrice, parseTarget } from '../../../engine/plan/parse.js';
import { refusal } from '../support/plan-errors.js';

// Every refusal of engine/plan/parse.ts names its field and the part at fault, and the parser
// reads what a person types around the syntax (spaces, capitals). The mutation run
// (npm run mutate) found these unstated; each line here is one of them.

const HUGE = '9'.repeat(30);

describe('each too-large number names its field and its part', () => {
  const cases: [string, () => unknown, string][] = [
    ['stop', () => parseStop(`${HUGE}%`), 'the percent'],
    ['stop', () => parseStop(`atr14x${HUGE}`), 'the ATR multiple'],
    ['ladder', () => parseTarget(`${HUGE}R`), 'the R multiple'],
    ['ladder', () => parseTarget(`fib${HUGE}`), 'the Fibonacci ratio'],
    ['ladder', () => parseTarget(`atr${HUGE}`), 'the ATR multiple'],
    ['ladder', () => parseTarget(`${HUGE}%`), 'the percent'],
    ['trail', () => parseTrail(`atr14x${HUGE}`), 'the ATR multiple'],
    ['trail', () => parseTrail(`chandelier22x${HUGE}`), 'the ATR multiple'],
    ['exhaustion', () => parseExhaustion(`rsi>${HUGE}`), 'the overbought level'],
    ['exhaustion', () => parseExhaustion(`rsi<${HUGE}`), 'the oversold level'],
    ['exhaustion', () => parseExhaustion(`bbx${HUGE}`), 'the Bollinger multiple'],
    ['exhaustion', () => parseExhaustion(`take${HUGE}`), 'the share to take'],
    ['decay', () => parseDecay(`bars5,min${HUGE}`), 'the minimum progress'],
    ['fees', () => parseFees(`unit${HUGE}`), 'the unit fee'],
    ['swing', () => parseSwing(`${HUGE}:${HUGE}9`), 'the swing low'],
  ];
  it.each(cases)('%s: %s', (field, fn, part) => {
    const error = refusal(fn);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: ${part} "`);
    expect(error.message).toContain('is too large');
  });

  it('shows an input of 24 characters whole, and a longer one by its start and length', () => {
    const whole = '1' + '0'.repeat(23);
    expect(refusal(() => parsePrice('entry', whole)).message).toContain(`"${whole}"`);
    expect(refusal(() => parsePrice('entry', whole + '0')).message).toContain(
      '"1000000000000000... (25 characters)"',
    );
  });
});

describe('each refusal names its field', () => {
  const cases: [string, () => unknown][] = [
    ['stop', () => parseStop('')],
    ['stop', () => parseStop('100%')],
    ['stop', () => parseStop('atr14x0')],
    ['ladder', () => parseTarget('0R')],
    ['ladder', () => parseTarget('atr0')],
    ['ladder', () => parseTarget('0%')],
    ['ladder', () => parseTarget('2Q')],
    ['ladder', () => parseLadder('1R:50,,2R:50')],
    ['trail', () => parseTrail('atr14x0')],
    ['trail', () => parseTrail('chandelier22x0')],
    ['breakeven', () => parseBreakeven('0')],
    ['exhaustion', () => parseExhaustion('macd')],
    ['exhaustion', () => parseExhaustion('take0')],
    ['exhaustion', () => parseExhaustion('bbx0')],
    ['decay', () => parseDecay('soon')],
    ['decay', () => parseDecay('min1')],
    ['fees', () => parseFees('bps20000')],
    ['swing', () => parseSwing('90-98')],
    ['entry', () => parsePlan({ side: 'long', entry: 'last', stop: '95' })],
    ['size', () => validatePlan({ ...parsePlan({ side: 'long', entry: 100, stop: '95' }), size: 0 })],
    [
      'ladder',
      () =>
        validatePlan({
          ...parsePlan({ side: 'short', entry: 100, stop: '105', ladder: '1R:50' }),
          ladder: [{ target: { kind: 'percent', percent: 100 }, share: 50 }],
        }),
    ],
    [
      'ladder',
      () =>
        validatePlan({
          ...parsePlan({ side: 'long', entry: 100, stop: '95', ladder: '1R:60,2R:40' }),
          ladder: [
            { target: { kind: 'r', multiple: 1 }, share: 60 },
            { target: { kind: 'r', multiple: 2 }, share: 60 },
          ],
        }),
    ],
    ['trail', () => parsePlan({ side: 'long', entry: 100, stop: '95', trail: 'atr14x2@1' })],
    ['ladder', () => parsePlan({ side: 'long', entry: 100, stop: '95', ladder: '@90:50' })],
  ];
  it.each(cases)('%s (case %#)', (field, fn) => {
    expect(refusal(fn).field).toBe(field);
  });
});

describe('what a person types around the syntax', () => {
  it('reads spaces around a price or a size, and exponents with one or more digits, signed or not', () => {
    expect(parsePrice('entry', ' 101.5 ')).toBe(101.5);
    expect(parsePrice('entry', '.55')).toBe(0.55);
    expect(parsePrice('entry', '1.5e5')).toBe(150_000);
    expect(parsePrice('entry', '2e10')).toBe(2e10);
    expect(parsePrice('entry', '5E-3')).toBe(0.005);
    expect(parseSize(' 2 ')).toBe(2);
    expect(parseSize('1000000000000000')).toBe(1e15);
  });

  it('reads spaces and capitals in every field', () => {
    expect(parseTrail(' ATR14x2 ')).toMatchObject({ kind: 'atr', multiple: 2 });
    expect(parseBreakeven(' T1 ')).toMatchObject({ afterLeg: 1 });
    expect(parseExhaustion(' RSI7 ')).toMatchObject({ rsiPeriod: 7 });
    expect(parseDecay(' BARS5 ')).toMatchObject({ bars: 5 });
    expect(parseFees(' BPS2 ')).toMatchObject({ bps: 2 });
    expect(parseLadder('1R: 25')).toEqual([{ target: { kind: 'r', multiple: 1 }, share: 25 }]);
  });

  it('reads "none" with spaces around it as off in the signal and fee fields', () => {
    expect(parseExhaustion(' none ')).toBeNull();
    expect(parseDecay(' off ')).toBeNull();
    expect(parseFees(' - ')).toEqual({ perUnit: 0, bps: 0, perFill: 0 });
  });

  it('names the exhaustion field and the period at fault when an RSI or Bollinger period is out of range', () => {
    expect(refusal(() => parseExhaustion('rsi0'))).toMatchObject({
      field: 'exhaustion',
      message: 'exhaustion: the RSI period must be a whole number from 1 to 10000, got "0"',
    });
    expect(refusal(() => parseExhaustion('bb10001'))).toMatchObject({
      field: 'exhaustion',
      message: 'exhaustion: the Bollinger period must be a whole number from 1 to 10000, got "10001"',
    });
  });

  it('reads an absent field as none where a caller from plain JavaScript leaves it out', () => {
    const absent = undefined as unknown as string;
    expect(parseLadder(absent)).toEqual([]);
    expect(parseTrail(absent)).toEqual({ kind: 'none' });
    expect(parseBreakeven(absent)).toBeNull();
    const noEntry = { side: 'long', stop: '95' } as unknown as PlanText;
    expect(refusal(() => parsePlan(noEntry)).message).toBe(
      'entry: expected a positive price, got "undefined"',
    );
  });

  it('says a price is required for an empty entry, and keeps the "last" message for "last"', () => {
    for (const empty of ['', '   ']) {
      expect(refusal(() => parsePlan({ side: 'long', entry: empty, stop: '95' })).message).toBe(
        'entry: a price is required (a positive number such as 101.5)',
      );
    }
    expect(refusal(() => parsePlan({ side: 'long', entry: ' Last ', stop: '95' })).message).toMatch(
      /^entry: "last"/,
    );
  });

  it('refuses what only looks like the syntax', () => {
    // A leg with nothing before its colon is an unreadable target, not a missing share.
    expect(refusal(() => parseLadder(':50')).message).toContain('cannot read the target ""');
    // A percent sign ends a share; one inside it is not a share.
    expect(refusal(() => parseLadder('1R:2%5')).message).toContain('the share must be a percent');
    expect(parseLadder('1R:25%')).toEqual([{ target: { kind: 'r', multiple: 1 }, share: 25 }]);
    // A leg number after @ is a whole number at or above 0, with an optional leading t.
    expect(refusal(() => parseTrail('atr14x2@2t')).field).toBe('trail');
    expect(refusal(() => parseTrail('atr14x2@-1')).field).toBe('trail');
    // The bar count of a decay is the whole part.
    expect(refusal(() => parseDecay('5barsx')).field).toBe('decay');
    // Only basis points are capped at the whole fill.
    expect(parseFees('unit20000,fill20000')).toEqual({ perUnit: 20000, bps: 0, perFill: 20000 });
  });
});
