import { describe, expect, it } from 'vitest';
import {
  MAX_PLAN_NUMBER,
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
} from '../../../engine/index.js';
import { parsePrice } from '../../../engine/plan/parse.js';
import { refusal } from '../support/plan-errors.js';

const digits = (n: number): string => '1' + '0'.repeat(n);

// Issue 13 item 2: long digit strings read as 1e120 or Infinity and gave plans that mean nothing.
describe('numbers too large to mean anything are refused, naming the field and the fix', () => {
  it('refuses the four the issue found: a ladder target, a breakeven offset, a fee, a swing', () => {
    const target = refusal(() => parseLadder(`@${digits(120)}:50`));
    expect(target.field).toBe('ladder');
    expect(target.message).toMatch(
      /^ladder: the target price "1000000000000000\.\.\. \(121 characters\)" is too large/,
    );
    expect(target.message).toContain('at most 1e15');
    const offset = refusal(() => parseBreakeven(`1+${'9'.repeat(95)}`));
    expect(offset.field).toBe('breakeven');
    expect(offset.message).toContain('the offset');
    expect(offset.message).toContain('too large');
    const fee = refusal(() => parseFees(`bps${digits(120)}`));
    expect(fee.field).toBe('fees');
    expect(fee.message).toContain('too large');
    const swing = refusal(() => parseSwing(`1:${'9'.repeat(95)}`));
    expect(swing.field).toBe('swing');
    expect(swing.message).toContain('the swing high');
  });

  it('refuses them in every other numeric part of the text form too', () => {
    const cases: [string, () => unknown][] = [
      ['stop', () => parseStop(digits(40))],
      ['stop', () => parseStop(`atr14x${digits(40)}`)],
      ['ladder', () => parseLadder(`${digits(40)}R:50`)],
      ['ladder', () => parseLadder(`fib${digits(40)}:50`)],
      ['ladder', () => parseLadder(`atr${digits(40)}:50`)],
      ['ladder', () => parseLadder(`${digits(40)}%:50`)],
      ['trail', () => parseTrail(`atr14x${digits(40)}`)],
      ['trail', () => parseTrail(`chandelier22x${digits(40)}`)],
      ['exhaustion', () => parseExhaustion(`bb20x${digits(40)}`)],
      ['decay', () => parseDecay(`bars20,min${digits(40)}R`)],
      ['fees', () => parseFees(`unit${digits(40)}`)],
      ['fees', () => parseFees(`fill${digits(400)}`)],
      ['swing', () => parseSwing(`${digits(30)}:${digits(40)}`)],
      ['entry', () => parsePrice('entry', digits(40))],
      ['entry', () => parsePrice('entry', 1e300)],
      ['size', () => parseSize(digits(40))],
    ];
    for (const [field, fn] of cases) {
      const error = refusal(fn);
      expect(error.field, error.message).toBe(field);
      expect(error.message, field).toMatch(new RegExp(`^${field}: .*1e15`));
    }
  });

  it('keeps the largest number a plan may hold, and an ordinary price with an exponent', () => {
    expect(MAX_PLAN_NUMBER).toBe(1e15);
    expect(parsePrice('entry', '1000000000000000')).toBe(1e15);
    expect(parsePrice('entry', '1.5e-5')).toBe(0.000015);
    expect(parseLadder('@1000000000000000:50')).toEqual([
      { target: { kind: 'price', price: 1e15 }, share: 50 },
    ]);
  });

  it('refuses basis points above the whole fill and hex where a number is meant', () => {
    expect(parseFees('bps10000').bps).toBe(10_000);
    expect(refusal(() => parseFees('bps10001')).message).toContain('10000 bps = 100%');
    // Number('0x19') is 25: hex was read as a share and as a price.
    expect(refusal(() => parseLadder('1R:0x19')).field).toBe('ladder');
    expect(refusal(() => parsePrice('entry', '0x10')).field).toBe('entry');
    expect(refusal(() => parseSize('0x10')).field).toBe('size');
    expect(refusal(() => parsePlan({ side: 'long', entry: 100, stop: '95', size: '1e400' })).field).toBe(
      'size',
    );
  });
});
