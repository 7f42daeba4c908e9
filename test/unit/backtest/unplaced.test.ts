import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../engine/backtest/prng.js';
import { maskedPrice, maskNumbers, UnplacedReasons } from '../../../engine/backtest/unplaced.js';
import { ContextColumns, contextNeeds, emptyContext } from '../../../engine/exits/context.js';
import { emptyLevels, formatPrice, levelsError, tryResolveLevels } from '../../../engine/exits/levels.js';
import { parsePlan } from '../../../engine/plan/parse.js';
import { BTC5M, loadBars } from './load-bars.js';

// Prices where the formatted text changes shape: rounding up to the next power of ten or of
// 1,000, the sign, tiny and huge numbers, and what is not a number.
const edges: number[] = [NaN, Infinity, -Infinity, 0, -0];
for (let e = -12; e <= 22; e++) {
  for (const k of [1, 1 - 1e-16, 1 - 1e-9, 1 - 1e-6, 1 - 5e-4, 1 + 1e-12, 1.5, 9.9999999]) {
    for (const d of [0, -1, -0.5, -0.4999, -0.5001, 0.5, -0.0005, -0.0004]) {
      edges.push(10 ** e * k + d, -(10 ** e * k + d));
    }
  }
}

describe('maskedPrice: the masked text of a formatted price, mostly without formatting it', () => {
  it('equals maskNumbers(formatPrice(x)) at every edge and at 20,000 random magnitudes', () => {
    const random = seededRandom(5);
    const xs = [...edges, ...Array.from({ length: 20_000 }, () => Math.exp(random() * 80 - 30))];
    const wrong = xs.filter((x) => maskedPrice(x) !== maskNumbers(formatPrice(x)));
    expect(wrong).toEqual([]);
  });

  it('tells apart the shapes a reason can take', () => {
    // Examples worked by hand from formatPrice: 999.9996 rounds (3 decimals) to 1,000.
    expect([12.5, 999.9996, 45_210.5, 1_250_000, -3].map(maskedPrice)).toEqual([
      '#',
      '#,#',
      '#,#',
      '#,#,#',
      '-#',
    ]);
  });
});

describe('UnplacedReasons: groups as masking every message would', () => {
  /** The grouping the lab did before: every message built, its numbers masked, first kept. */
  const naive = (messages: string[]) => {
    const groups = new Map<string, { reason: string; count: number }>();
    for (const m of messages) {
      const key = maskNumbers(m);
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { reason: m, count: 1 });
    }
    return [...groups.values()].sort((a, b) => b.count - a.count);
  };

  it('on every BTC 5m entry of a Fibonacci ladder, and at prices across the shape edges', () => {
    const bars = loadBars(BTC5M).slice(0, 20_000);
    const plan = parsePlan({
      side: 'long',
      entry: 1,
      stop: 'atr14x2',
      ladder: 'fib1.272:25,fib1.618:25,atr3:50',
    });
    const columns = new ContextColumns(bars, contextNeeds(plan));
    const ctx = emptyContext();
    const into = emptyLevels();
    const reasons = new UnplacedReasons();
    const messages: string[] = [];
    const note = (i: number): void => {
      const problem = tryResolveLevels(plan, ctx, i, false, into);
      if (problem === null) return;
      reasons.noteProblem(plan, problem, i);
      messages.push(levelsError(plan, problem, i).message);
    };
    for (let i = 0; i < bars.length; i += 3) {
      plan.side = i % 2 === 0 ? 'long' : 'short';
      plan.entry = bars[i].close;
      columns.read(i - 1, ctx);
      note(i);
    }
    // The same entries scaled to every edge price (a series crossing 1,000, a million, zero).
    columns.read(5000, ctx);
    const scale = bars[5000].close;
    for (const price of edges.filter(Number.isFinite)) {
      const k = price / scale;
      plan.entry = price;
      const scaled = { ...ctx, atrStop: ctx.atrStop * k, atrLeg: ctx.atrLeg * k };
      for (const f of ['upSwingLow', 'upSwingHigh', 'downSwingLow', 'downSwingHigh'] as const)
        scaled[f] = ctx[f] * k;
      Object.assign(ctx, scaled);
      note(5000);
      columns.read(5000, ctx);
    }
    reasons.note('size: the equity is exhausted, no units to trade');
    messages.push('size: the equity is exhausted, no units to trade');
    expect(reasons.count).toBe(messages.length);
    expect(new Set(messages.map(maskNumbers)).size).toBeGreaterThan(8);
    expect(reasons.list()).toEqual(naive(messages));
  });
});
