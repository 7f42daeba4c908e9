import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXHAUSTION,
  DEFAULT_INDICATOR_SETTINGS,
  isLastEntry,
  isPlanSpec,
  parseExhaustion,
  parsePlan,
  PLAN_FIELDS,
  planField,
  PlanError,
  withLastEntry,
  type Bar,
  type PlanText,
} from '../../../engine/index.js';
import { barsToColumns } from '../../../engine/indicators/columns.js';

// Every key of the text form, written out so a field added to PlanText without a row in the
// table fails to compile here (Record needs every key) and then fails the test.
const KEYS: Record<keyof PlanText, true> = {
  side: true,
  entry: true,
  stop: true,
  ladder: true,
  trail: true,
  breakeven: true,
  exhaustion: true,
  decay: true,
  fees: true,
  size: true,
  at: true,
  swing: true,
  policy: true,
};

const BASE: PlanText = { side: 'long', entry: 100, stop: '95', ladder: '1R:25,2R:25,fib1.618:50' };

describe('the plan field table', () => {
  it('has one row for every field of the text form, and nothing else', () => {
    expect(PLAN_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(KEYS).sort());
  });

  it('gives every field a label, a placeholder and a hint, and its example reads (alone and in a plan)', () => {
    for (const field of PLAN_FIELDS) {
      expect(field.label.length, field.key).toBeGreaterThan(0);
      expect(field.placeholder.length, field.key).toBeGreaterThan(0);
      expect(field.hint.length, field.key).toBeGreaterThan(0);
      expect(() => field.check(field.example), field.key).not.toThrow();
      // The swing example (90:98) anchors Fibonacci legs; any plan reads with it.
      const plan: PlanText = { ...BASE, [field.key]: field.example };
      if (field.key === 'breakeven' || field.key === 'trail') plan.ladder = '1R:50,2R:50';
      if (field.key === 'stop') plan.entry = 100;
      expect(() => parsePlan(plan), field.key).not.toThrow();
    }
  });

  it('checks a field alone with the parser of the text form, naming the field', () => {
    const bad: Partial<Record<keyof PlanText, string>> = {
      side: 'up',
      entry: '-5',
      stop: 'atr14y2',
      ladder: '1R',
      trail: 'atr0x2',
      breakeven: 'soon',
      exhaustion: 'rsi14>40',
      decay: 'bars0',
      fees: 'bps',
      at: '2020-02-30',
      size: '0',
      swing: '98:90',
      policy: 'learned:',
    };
    for (const field of PLAN_FIELDS) {
      const value = bad[field.key];
      expect(value, field.key).toBeDefined();
      try {
        field.check(value ?? '');
        throw new Error(`${field.key}: "${value}" was accepted`);
      } catch (error) {
        expect(error, field.key).toBeInstanceOf(PlanError);
        expect((error as PlanError).field, field.key).toBe(field.key);
      }
    }
  });

  it('accepts "last" and an empty entry in the entry field, as the widget does', () => {
    expect(() => planField('entry').check('last')).not.toThrow();
    expect(() => planField('entry').check(' LAST ')).not.toThrow();
    expect(() => planField('at').check('')).not.toThrow();
    expect(planField('side').choices).toEqual(['long', 'short']);
  });
});

describe('one set of defaults', () => {
  it('is what the parser, the chart panes and the extension start from', () => {
    // The README's defaults: rsi14>70<30, bb20x2, take25, markers only.
    expect(DEFAULT_EXHAUSTION).toEqual({
      rsiPeriod: 14,
      overbought: 70,
      oversold: 30,
      bbPeriod: 20,
      bbK: 2,
      takeShare: 25,
      act: false,
    });
    expect(parseExhaustion(undefined)).toEqual(DEFAULT_EXHAUSTION);
    expect(DEFAULT_INDICATOR_SETTINGS).toEqual({ bbPeriod: 20, bbK: 2, rsiPeriod: 14 });
    expect(Object.isFrozen(DEFAULT_EXHAUSTION)).toBe(true);
  });
});

describe('plan inputs', () => {
  const bars: Bar[] = [
    { time: 100, open: 10, high: 11, low: 9, close: 10.5 },
    { time: 200, open: 10.5, high: 12, low: 10, close: 11.5 },
    { time: 300, open: 11.5, high: 13, low: 11, close: 12.5 },
  ];

  it('tells a parsed plan from its text form without sniffing for a key', () => {
    const text: PlanText = { ...BASE, ladder: '1R:100' };
    expect(isPlanSpec(text)).toBe(false);
    expect(isPlanSpec(parsePlan(text))).toBe(true);
    // A text form always has a ladder string when it has one at all.
    expect(isPlanSpec({ side: 'long', entry: 1, stop: '1%' })).toBe(false);
  });

  it('makes "last" the close of the entry bar: the bar at or after at, or the last bar', () => {
    expect(isLastEntry('last')).toBe(true);
    expect(isLastEntry('')).toBe(true);
    expect(isLastEntry(undefined)).toBe(true);
    expect(isLastEntry('101')).toBe(false);
    expect(isLastEntry(0)).toBe(false);
    const last: PlanText = { side: 'long', entry: 'last', stop: '2%' };
    expect(withLastEntry(last, bars).entry).toBe(12.5);
    expect(withLastEntry({ ...last, at: 150 }, bars).entry).toBe(11.5);
    expect(withLastEntry({ ...last, at: '200' }, bars).entry).toBe(11.5);
    expect(withLastEntry({ ...last, at: 999 }, bars).entry).toBe(12.5);
    expect(withLastEntry({ ...last, at: 150 }, barsToColumns(bars)).entry).toBe(11.5);
    expect(withLastEntry({ ...last, entry: '101' }, bars).entry).toBe('101');
    expect(withLastEntry(last, []).entry).toBe('last');
  });

  it('says plainly what "last" needs when no bars can give it a price', () => {
    expect(() => parsePlan({ side: 'long', entry: 'last', stop: '2%' })).toThrow(
      /^entry: "last" is the close of the entry bar.*give a price/,
    );
  });
});
