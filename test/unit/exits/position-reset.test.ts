import { describe, expect, it } from 'vitest';
import { ContextColumns, contextNeeds, emptyContext } from '../../../engine/exits/context.js';
import { Position, type PositionOptions } from '../../../engine/exits/position.js';
import { parsePlan } from '../../../engine/plan/parse.js';
import type { PlanSpec } from '../../../engine/plan/types.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

const bars = loadBars(BTC5M).slice(0, 4000);

/** One trade: open on bar i0, then step until closed or 300 bars on (as the lab and ExitTracker step). */
function trade(position: Position, columns: ContextColumns, i0: number): unknown {
  const before = emptyContext();
  const ctx = emptyContext();
  columns.read(i0 - 1, before);
  columns.read(i0, ctx);
  try {
    position.open(bars[i0], before, i0);
  } catch (e) {
    return (e as Error).message;
  }
  position.closeEntryBar(bars[i0], ctx);
  for (let i = i0 + 1; i < Math.min(bars.length, i0 + 300) && position.status === 'open'; i++) {
    columns.read(i, ctx);
    position.step(bars[i], ctx, i % 37 === 0);
  }
  return {
    state: position.state(),
    levels: position.levels,
    markers: position.markers,
    trail: position.trail,
  };
}

// Plans that use every part of the state: legs filled, breakeven, trail, exhaustion, decay,
// Fibonacci legs (unplaceable at some entries), shorts; more legs before fewer.
const texts = [
  { side: 'long', stop: 'atr14x2', ladder: '1R:25,2R:25,3R:25', trail: 'atr14x2.5@1', breakeven: '1+fees' },
  {
    side: 'short',
    stop: 'atr14x1.5',
    ladder: 'fib1.272:25,fib1.618:25',
    exhaustion: 'rsi14>70<30,bb20x2,take25,act',
  },
  { side: 'long', stop: '1%', ladder: '2R:100', decay: 'bars20,min0.5R,act' },
  { side: 'short', stop: 'atr14x2', ladder: '', trail: 'chandelier22x3' },
] as const;

describe('Position.reset: one Position through many trades is a fresh Position per trade', () => {
  for (const options of [
    { quiet: true, slippage: { bps: 1, atrFraction: 0.05 } },
    { recordTrail: true },
  ] as PositionOptions[]) {
    it(`same state, levels, fills, markers and trail (${options.quiet ? 'quiet, with slippage' : 'labels and trail'})`, () => {
      const plans: { plan: PlanSpec; columns: ContextColumns }[] = texts.map((t) => {
        const plan = parsePlan({ ...t, entry: 1, fees: 'unit0.01,fill1,bps2' });
        return { plan, columns: new ContextColumns(bars, contextNeeds(plan)) };
      });
      const reused = new Position(plans[0].plan, options);
      let compared = 0;
      for (let i0 = 30; i0 < bars.length - 1; i0 += 97) {
        const { plan, columns } = plans[compared % plans.length];
        // The trade's own entry, as the lab writes it into its one plan object.
        plan.entry = bars[i0].close;
        plan.size = 1 + (i0 % 3);
        const fresh = trade(new Position(plan, options), columns, i0);
        reused.reset(plan);
        expect(trade(reused, columns, i0)).toEqual(fresh);
        compared++;
      }
      expect(compared).toBeGreaterThan(40);
    });
  }

  it('a Position that could not open stays pending with no levels', () => {
    const plan = parsePlan({ side: 'long', entry: bars[5].close, stop: 'atr14x2', ladder: '1R:50' });
    const position = new Position(plan);
    expect(position.tryOpen(bars[5], emptyContext(), 5)?.kind).toBe('stop-warm-up');
    expect([position.status, position.levels]).toEqual(['pending', null]);
  });
});
