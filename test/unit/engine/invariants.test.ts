import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeOverlay,
  contextNeeds,
  ExitTracker,
  parsePlan,
  Position,
  StreamingContext,
  type Bar,
  type PlanSpec,
  type PositionState,
} from '../../../engine/index.js';
import { BTC_5M, loadBars } from '../support/data.js';

/** A random walk of valid bars (open inside high-low), with occasional gaps. */
const walk = fc
  .record({
    start: fc.double({ min: 20, max: 500, noNaN: true }),
    steps: fc.array(
      fc.record({
        move: fc.double({ min: -0.04, max: 0.04, noNaN: true }),
        gap: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
        up: fc.double({ min: 0.001, max: 0.03, noNaN: true }),
        down: fc.double({ min: 0.001, max: 0.03, noNaN: true }),
      }),
      { minLength: 40, maxLength: 160 },
    ),
  })
  .map(({ start, steps }): Bar[] => {
    let close = start;
    return steps.map((s, i) => {
      const open = close * (1 + (i % 7 === 0 ? s.gap : 0));
      close = Math.max(1, open * (1 + s.move));
      const high = Math.max(open, close) * (1 + s.up);
      const low = Math.min(open, close) * (1 - s.down);
      return { time: 1_600_000_000 + i * 300, open, high, low, close };
    });
  });

const planFor = (
  bars: Bar[],
  side: 'long' | 'short',
  ladder: string,
  trail: string,
  entryAt: number,
): PlanSpec =>
  parsePlan({
    side,
    entry: bars[entryAt].close,
    stop: 'atr5x1.5',
    ladder,
    trail: ladder === 'none' ? trail.replace('@1', '') : trail,
    breakeven: ladder === 'none' ? undefined : '1',
    fees: 'bps5',
    exhaustion: 'rsi5>65<35,bb10x1.5,take20,act',
    decay: 'bars25,min0.3R',
    at: bars[entryAt].time,
  });

const scenario = fc.record({
  bars: walk,
  side: fc.constantFrom('long' as const, 'short' as const),
  ladder: fc.constantFrom('1R:25,2R:25,3R:50', '0.5R:30,atr5x2:30', 'none', '1R:100', '2%:40,4%:40'),
  trail: fc.constantFrom('atr5x2', 'chandelier10x2.5', 'atr5x3@1', 'none'),
});

/**
 * Steps a Position bar by bar as ExitTracker does, but before each real step it steps a
 * different bar and undoes it, expecting restore() to give back exactly the state before
 * (Position-level: ExitTracker.replace replays the bar after restoring, and the replay would
 * derive most flags again and hide a stale checkpoint). The exhaustion signal fires on the
 * bars `fires` picks. Returns the final state.
 */
function stepAndUndoEveryBar(
  bars: Bar[],
  plan: PlanSpec,
  entryAt: number,
  fires: (i: number) => boolean,
): PositionState {
  const context = new StreamingContext(contextNeeds(plan));
  const position = new Position(plan, { recordTrail: true });
  const snapshot = () => ({ ...position.state(), markers: position.markers.length });
  bars.forEach((bar, i) => {
    context.add(bar);
    if (i === entryAt) {
      position.open(bar, context.previous, i);
      position.closeEntryBar(bar, context.current);
    } else if (i > entryAt) {
      position.checkpoint();
      const before = snapshot();
      const other = { ...bar, open: bar.close, high: bar.high * 1.05, low: bar.low * 0.95 };
      position.step(other, context.current, !fires(i));
      position.restore();
      expect(snapshot()).toEqual(before);
      position.checkpoint();
      position.step(bar, context.current, fires(i));
    }
  });
  return position.state();
}

describe('exit invariants (property tests on random walks)', () => {
  it('the stop never loosens, remaining never goes negative, fills add up, shares never exceed the plan', () => {
    fc.assert(
      fc.property(scenario, ({ bars, side, ladder, trail }) => {
        const plan = planFor(bars, side, ladder, trail, 12);
        const dir = side === 'long' ? 1 : -1;
        const tracker = new ExitTracker(plan);
        let stop = NaN;
        let remaining = plan.size;
        for (const bar of bars) {
          tracker.add(bar);
          const s = tracker.state;
          if (s.status === 'pending') continue;
          if (s.status === 'open' && Number.isFinite(stop))
            expect(dir * (s.stop - stop)).toBeGreaterThanOrEqual(0);
          if (s.status === 'open') stop = s.stop;
          expect(s.remaining).toBeGreaterThanOrEqual(0);
          expect(s.remaining).toBeLessThanOrEqual(remaining);
          remaining = s.remaining;
        }
        const s = tracker.overlay().state;
        const filled = s.fills.reduce((sum, f) => sum + f.size, 0);
        expect(filled + s.remaining).toBeCloseTo(plan.size, 9);
        expect(s.fills.reduce((sum, f) => sum + f.pnl, 0)).toBeCloseTo(s.realisedPnl, 9);
        for (const [i, leg] of plan.ladder.entries()) {
          const legFills = s.fills.filter((f) => f.leg === `T${i + 1}`);
          expect(legFills.length).toBeLessThanOrEqual(1);
          if (legFills[0])
            expect(legFills[0].size).toBeLessThanOrEqual((leg.share / 100) * plan.size + 1e-12);
        }
        if (s.status === 'closed') expect(s.remaining).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('bars in one batch or one by one (with replaced ticks) give identical results', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1000 }), ({ bars, side, ladder, trail }, salt) => {
        const plan = planFor(bars, side, ladder, trail, 12);
        const batch = computeOverlay(bars, plan);
        const tracker = new ExitTracker(plan);
        bars.forEach((bar, i) => {
          if ((i + salt) % 3 === 0) {
            tracker.add({ ...bar, high: Math.max(bar.open, bar.close), low: Math.min(bar.open, bar.close) });
            tracker.replace(bar);
          } else tracker.add(bar);
        });
        expect(tracker.overlay()).toEqual(batch);
      }),
      { numRuns: 100 },
    );
  });

  it('restore() after any step gives back exactly the state before it, events included', () => {
    fc.assert(
      fc.property(scenario, ({ bars, side, ladder, trail }) => {
        stepAndUndoEveryBar(bars, planFor(bars, side, ladder, trail, 12), 12, (i) => i % 3 === 0);
      }),
      { numRuns: 150 },
    );
    // The walks above are wild enough to close every position within 25 bars, so they never
    // reach the decay flag: a calm real series does (checked below). No exhaustion exits there,
    // so the flag is the only event of its bar.
    const btc = loadBars(BTC_5M).slice(0, 3000);
    const calm = parsePlan({
      side: 'long',
      entry: btc[100].close,
      at: btc[100].time,
      stop: 'atr14x6',
      ladder: '4R:50',
      trail: 'atr14x4@1',
      breakeven: '1',
      decay: 'bars20,min3R',
    });
    expect(stepAndUndoEveryBar(btc, calm, 100, () => false).decayFlagged).toBe(true);
  });

  it('a decision at bar t does not depend on bars after t', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 14, max: 39 }), ({ bars, side, ladder, trail }, cut) => {
        const plan = planFor(bars, side, ladder, trail, 12);
        const early = computeOverlay(bars.slice(0, cut), plan).state;
        const full = computeOverlay(bars, plan).state;
        const cutTime = bars[cut - 1].time;
        expect(full.fills.filter((f) => f.time <= cutTime)).toEqual(early.fills);
      }),
      { numRuns: 100 },
    );
  });
});
