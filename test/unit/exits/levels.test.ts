import { describe, expect, it } from 'vitest';
import { PlanError } from '../../../engine/errors.js';
import { emptyContext, type MarketContext } from '../../../engine/exits/context.js';
import { emptyLevels, levelsError, resolveLevels, tryResolveLevels } from '../../../engine/exits/levels.js';
import { parsePlan, type PlanText } from '../../../engine/plan/parse.js';

const plan = (text: Partial<PlanText>) =>
  parsePlan({ side: 'long', entry: 100, stop: 'atr14x2', ladder: '1R:50', ...text });
const context = (fields: Partial<MarketContext>): MarketContext => ({ ...emptyContext(), ...fields });

// Each case: a plan that cannot be placed, and the message resolveLevels threw for it before
// the problem became data (the same text, checked against the code of commit 2a3cae2).
// Prices: 100 entry; the long fib leg is low + 1.272 x (high - low) = 90 + 1.272 x 5 = 96.36.
const cases: {
  name: string;
  text: Partial<PlanText>;
  /** The entry moved after parsing (the parser refuses levels on the wrong side). */
  entry?: number;
  ctx: Partial<MarketContext>;
  field: string;
  message: string;
}[] = [
  {
    name: 'ATR stop still warming up',
    text: {},
    ctx: {},
    field: 'stop',
    message:
      'stop: atr14x2 needs 15 bars before the entry bar to measure ATR(14); there are 7. Load more history or give the stop as a price or percent',
  },
  {
    name: 'stop at the entry (no volatility)',
    text: {},
    ctx: { atrStop: 0 },
    field: 'stop',
    message:
      'stop: atr14x2 puts the stop at the entry 100 (no volatility before the entry); give the stop as a price or percent',
  },
  {
    name: 'stop below zero (100 - 2 x 60)',
    text: {},
    ctx: { atrStop: 60 },
    field: 'stop',
    message: 'stop: -20 is on the wrong side of the entry 100; a long stop goes below the entry',
  },
  {
    name: 'ATR leg still warming up',
    text: { ladder: '1R:25,atr3:25' },
    ctx: { atrStop: 1 },
    field: 'ladder',
    message: 'ladder: T2 atr3 needs 15 bars before the entry bar to measure ATR(14); there are 7',
  },
  {
    name: 'Fibonacci leg without a swing',
    text: { ladder: 'fib1.272:50' },
    ctx: { atrStop: 1 },
    field: 'ladder',
    message:
      'ladder: T1 fib1.272 needs a completed up-swing before the entry and none was found in 7 bars; give it as swing low:high',
  },
  {
    name: 'Fibonacci leg already passed',
    text: { ladder: 'fib1.272:50' },
    ctx: { atrStop: 1, upSwingLow: 90, upSwingHigh: 95 },
    field: 'ladder',
    message:
      'ladder: T1 fib1.272 comes to 96.36 (swing 90 to 95), which is not above the entry 100; choose a larger target or give the swing as low:high',
  },
  {
    name: 'short Fibonacci leg already passed (1300 - 1.272 x 10)',
    text: { side: 'short', entry: 1250, ladder: 'fib1.272:50' },
    ctx: { atrStop: 10, downSwingHigh: 1300, downSwingLow: 1290 },
    field: 'ladder',
    message:
      'ladder: T1 fib1.272 comes to 1,287.28 (swing 1,290 to 1,300), which is not below the entry 1,250; choose a larger target or give the swing as low:high',
  },
  {
    name: 'price target the entry has passed (a plan moved to a new entry, as the lab does)',
    text: { entry: 1000, stop: '2%', ladder: '1R:50,@1250.5:50' },
    entry: 1300,
    ctx: {},
    field: 'ladder',
    message:
      'ladder: T2 @1250.5 comes to 1,250.5, which is not above the entry 1,300; choose a larger target',
  },
];

describe('levels that cannot be placed: a problem as data, the same PlanError as before', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = plan(c.text);
      if (c.entry !== undefined) p.entry = c.entry;
      const ctx = context(c.ctx);
      const problem = tryResolveLevels(p, ctx, 7, false, emptyLevels());
      expect(problem).not.toBeNull();
      const error = levelsError(p, problem!, 7);
      expect([error.field, error.message]).toEqual([c.field, c.message]);
      expect(() => resolveLevels(p, ctx, 7)).toThrow(PlanError);
      expect(() => resolveLevels(p, ctx, 7)).toThrow(c.message);
    });
  }
});

describe('tryResolveLevels into reused storage', () => {
  it('gives what a fresh resolveLevels gives, whatever the storage held before', () => {
    const into = emptyLevels();
    const ctx = context({
      atrStop: 2,
      atrLeg: 3,
      upSwingLow: 90,
      upSwingHigh: 99,
      downSwingHigh: 110,
      downSwingLow: 101,
    });
    // More legs, then fewer, then a swing, then none: every field must be rewritten or cleared.
    const texts: Partial<PlanText>[] = [
      { ladder: '1R:25,2R:25,atr2:25' },
      { side: 'short', entry: 105, ladder: 'fib1.618:50' },
      { ladder: '3%:40' },
      { ladder: 'fib1.272:25,fib2:25,2R:25' },
      { ladder: '', trail: 'atr14x3' },
    ];
    for (const labels of [true, false]) {
      for (const text of texts) {
        const p = plan(text);
        expect(tryResolveLevels(p, ctx, 50, labels, into)).toBeNull();
        expect(into).toEqual(resolveLevels(p, ctx, 50, labels));
      }
    }
  });

  it('fills in the legs as resolveLevels always has (a hand-worked long ladder)', () => {
    // Entry 100, stop 100 - 2 x 2 = 96, 1R = 4: T1 at 104 (1R), T2 at 100 + 1.5 x 3 = 104.5 (atr1.5).
    const levels = resolveLevels(plan({ ladder: '1R:25,atr1.5:25' }), context({ atrStop: 2, atrLeg: 3 }), 50);
    expect(levels.initialStop).toBe(96);
    expect(levels.legs.map((l) => [l.id, l.label, l.price, l.share, l.r])).toEqual([
      ['T1', 'T1 1R 25% 104', 104, 25, 1],
      ['T2', 'T2 atr1.5 25% 104.5', 104.5, 25, 1.125],
    ]);
    // Runner 50% at the last leg's R: 0.25 x 1 + 0.25 x 1.125 + 0.5 x 1.125.
    expect(levels.blendedR).toBeCloseTo(0.25 + 0.28125 + 0.5625, 12);
    expect(levels.runnerShare).toBe(50);
  });
});
