import { describe, expect, it } from 'vitest';
import { parsePlan, Position } from '../../../engine/index.js';
import type { TickPath } from '../../../engine/exits/tick-path.js';
import { bar, ctx, ENTRY_BAR, LONG, opened, SHORT } from '../support/position-bars.js';

// The edges of engine/exits/position.ts that mutation testing found unpinned (BENCHMARKS.md,
// "Mutation scores"): each test states one rule, on the hand-made bars of
// test/unit/support/position-bars.ts (long 100 / stop 95 / T1 105 / T2 110; the short mirrored).

/** A tick path for bar `time`: the bar as first seen (low, high, close), then (new low, new high) pairs. */
const path = (time: number, start: [number, number, number], steps: number[]): TickPath => ({
  time,
  start,
  steps,
});

/** A position opened on ENTRY_BAR whose entry bar is still forming (the 'ticks' rule plays it). */
function openedLive(text = LONG, options = {}): Position {
  const position = new Position(parsePlan(text), options);
  position.open(ENTRY_BAR, ctx(), 20);
  return position;
}

describe("live ticks (stepTicks, the 'ticks' rule)", () => {
  it('a tick that exactly touches the stop exits at it at once, marked intrabar; a cent above does not', () => {
    const p = openedLive();
    p.stepTicks(ENTRY_BAR, ctx(), false, path(1, [99.5, 100.5, 100], [95, NaN]), true);
    expect(p.status).toBe('closed');
    expect(p.fills).toEqual([
      // -5 per unit on 1 unit = -1R.
      {
        time: 1,
        leg: 'stop',
        reason: 'stop',
        plannedPrice: 95,
        price: 95,
        size: 1,
        fee: 0,
        pnl: -5,
        r: -1,
        intrabar: true,
      },
    ]);
    expect(p.markers.at(-1)).toMatchObject({ role: 'stop', text: 'Stop \u22121.00R intrabar' });
    const q = openedLive();
    q.stepTicks(ENTRY_BAR, ctx(), false, path(1, [99.5, 100.5, 100], [95.01, NaN]), true);
    expect(q.status).toBe('open');
    // 100 - 95.01 = 4.99 adverse.
    expect(q.mae).toBeCloseTo(4.99, 12);
  });

  it('on the entry bar plays only the ticks after the plan was set, and moves the stop at the close', () => {
    // The bar as first seen reached 96 (before the plan): not the trade's, so no excursion from it.
    const p = openedLive({ ...LONG, trail: 'atr14x2', exhaustion: 'take25,act' });
    p.stepTicks(
      bar(1, [100, 102, 96, 101]),
      ctx({ atrTrail: 1 }),
      true,
      path(1, [96, 100, 100], [NaN, 102]),
      true,
    );
    expect(p.mae).toBe(0);
    expect(p.mfe).toBe(2);
    expect(p.state().barsOpen).toBe(0);
    // The close moves the trail: 102 - 2 x 1 = 100. The exhaustion flag is not judged on the entry bar.
    expect(p.stop).toBe(100);
    expect(p.fills).toHaveLength(0);
  });

  it('after the entry bar: counts the bar, plays its first sight by the bar rule, then each tick intrabar', () => {
    const p = opened(LONG, { recordTrail: true });
    // First seen trading 99..101; a tick to 105 fills T1 (half: +2.5 = +0.5R), one to 96 holds.
    p.stepTicks(
      bar(2, [100, 105, 96, 100.5]),
      ctx(),
      false,
      path(2, [99, 101, 100], [NaN, 105, 96, NaN]),
      false,
    );
    expect(p.status).toBe('open');
    expect(p.state().barsOpen).toBe(1);
    expect(p.trail).toEqual([
      { time: 1, price: 95 },
      { time: 2, price: 95 },
    ]);
    expect(p.fills).toEqual([
      {
        time: 2,
        leg: 'T1',
        reason: 'target',
        plannedPrice: 105,
        price: 105,
        size: 0.5,
        fee: 0,
        pnl: 2.5,
        r: 0.5,
        intrabar: true,
      },
    ]);
    expect(p.markers.at(-1)).toMatchObject({ role: 'fill', text: 'T1 +0.50R intrabar' });
    // 100 - 96 = 4 adverse, 105 - 100 = 5 favourable; the open R of the other half at 100.5: 0.25 / 5.
    expect(p.state()).toMatchObject({ mae: 4, mfe: 5, openR: 0.05 });
  });

  it('a bar whose first sight already reached a level fills it by the bar rule, adverse side first, not intrabar', () => {
    const p = opened(LONG);
    p.stepTicks(bar(2, [100, 106, 99, 104]), ctx(), false, path(2, [99, 106, 104], []), false);
    expect(p.fills.map((f) => [f.leg, f.price, 'intrabar' in f])).toEqual([['T1', 105, false]]);
    // First seen trading 95..105: the stop (the low for a long, the high for a short) comes first.
    for (const text of [LONG, SHORT]) {
      const q = opened(text);
      q.stepTicks(bar(2, [100, 105, 95, 100]), ctx(), false, path(2, [95, 105, 100], []), false);
      expect(q.fills.map((f) => [f.leg, f.price, 'intrabar' in f])).toEqual([
        ['stop', text === LONG ? 95 : 105, false],
      ]);
    }
  });

  it('an open through the stop exits at the open; an open through a target fills it at the open', () => {
    const gapDown = opened(LONG);
    gapDown.stepTicks(bar(2, [94, 94, 93, 93.5]), ctx(), false, path(2, [93, 94, 93.5], []), false);
    // Planned 95, obtained 94: -6 = -1.2R.
    expect(gapDown.fills).toEqual([
      {
        time: 2,
        leg: 'stop',
        reason: 'stop',
        plannedPrice: 95,
        price: 94,
        size: 1,
        fee: 0,
        pnl: -6,
        r: -1.2,
      },
    ]);
    const touch = opened(LONG);
    touch.stepTicks(bar(2, [95, 96, 95, 96]), ctx(), false, path(2, [95, 96, 96], []), false);
    expect(touch.fills.map((f) => f.price)).toEqual([95]);
    const gapUp = opened(LONG);
    gapUp.stepTicks(bar(2, [106, 107, 106, 106.5]), ctx(), false, path(2, [106, 107, 106.5], []), false);
    // T1 105 fills at the better open, 106: half of +6 = +0.6R.
    expect(gapUp.fills).toEqual([
      {
        time: 2,
        leg: 'T1',
        reason: 'target',
        plannedPrice: 105,
        price: 106,
        size: 0.5,
        fee: 0,
        pnl: 3,
        r: 0.6,
      },
    ]);
  });

  it('takes both extremes of one tick adverse first, for a long and for a short', () => {
    const p = opened(LONG);
    p.stepTicks(bar(2, [100, 105, 95, 100]), ctx(), false, path(2, [99, 101, 100], [95, 105]), false);
    expect(p.fills.map((f) => f.leg)).toEqual(['stop']);
    const s = opened(SHORT);
    s.stepTicks(bar(2, [100, 105, 95, 100]), ctx(), false, path(2, [99, 101, 100], [95, 105]), false);
    expect(s.fills.map((f) => f.leg)).toEqual(['stop']);
    // One extreme per tick, favourable first: T1 fills, then the stop takes the rest.
    const t = opened(SHORT);
    t.stepTicks(
      bar(2, [100, 105, 95, 100]),
      ctx(),
      false,
      path(2, [99, 101, 100], [95, NaN, NaN, 105]),
      false,
    );
    expect(t.fills.map((f) => f.leg)).toEqual(['T1', 'stop']);
  });

  it('judges the close of a later bar as the bar rule does: exhaustion, decay, then the stop', () => {
    const ex = opened({ ...LONG, exhaustion: 'take25,act' });
    ex.stepTicks(bar(2, [100, 101, 99, 100.5]), ctx(), true, path(2, [99, 101, 100.5], []), false);
    // 25% of 1 at the close 100.5: +0.125 = +0.025R.
    expect(ex.fills).toEqual([
      {
        time: 2,
        leg: 'exhaustion',
        reason: 'exhaustion',
        plannedPrice: 100.5,
        price: 100.5,
        size: 0.25,
        fee: 0,
        pnl: 0.125,
        r: 0.025,
      },
    ]);
    const decay = opened({ ...LONG, decay: 'bars1,min0.5R,act' });
    decay.stepTicks(bar(2, [100, 101, 99, 100]), ctx(), false, path(2, [99, 101, 100], []), false);
    // One bar, 1 of progress = 0.2R < 0.5R: the decay exit at the close.
    expect(decay.fills.map((f) => [f.leg, f.price])).toEqual([['decay', 100]]);
    const trail = opened({ ...LONG, trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    trail.stepTicks(
      bar(2, [100, 103, 99.5, 102]),
      ctx({ atrTrail: 1 }),
      false,
      path(2, [99.5, 103, 102], []),
      false,
    );
    // 103 - 2 = 101.
    expect(trail.stop).toBe(101);
  });

  it('does nothing once closed', () => {
    const p = opened(LONG);
    p.step(bar(2, [100, 101, 94, 95]), ctx(), false);
    p.stepTicks(bar(3, [95, 120, 90, 100]), ctx(), true, path(3, [90, 120, 100], [80, 130]), false);
    expect(p.fills).toHaveLength(1);
    expect(p.state().barsOpen).toBe(1);
  });
});

describe('bar-rule edges', () => {
  it('fills nothing more once a target closed the position, though later legs were reached', () => {
    // Exhaustion took half at 100 on bar 2; bar 3 reaches all three legs: T1 takes the last half.
    const p = opened({ ...LONG, ladder: '1R:50,2R:25,3R:25', exhaustion: 'take50,act' });
    p.step(bar(2, [100, 101, 99, 100]), ctx(), true);
    p.step(bar(3, [100, 116, 99, 115]), ctx(), false);
    expect(p.status).toBe('closed');
    expect(p.fills.map((f) => [f.leg, f.size])).toEqual([
      ['exhaustion', 0.5],
      ['T1', 0.5],
    ]);
  });

  it('an exhaustion that takes 0% (a plan built in code) fills and marks nothing', () => {
    const plan = parsePlan({ ...LONG, exhaustion: 'take25,act' });
    plan.exhaustion!.takeShare = 0;
    const p = new Position(plan);
    p.open(ENTRY_BAR, ctx(), 20);
    p.closeEntryBar(ENTRY_BAR, ctx());
    const markers = p.markers.length;
    p.step(bar(2, [100, 101, 99, 100]), ctx(), true);
    expect(p.fills).toHaveLength(0);
    expect(p.markers).toHaveLength(markers);
  });

  it('a tiny position keeps the runner a leg leaves it: "nothing left" is relative to the size', () => {
    // Size 1e-6, T1 takes 95%: 5e-8 remains, far above the 1e-12 x size dust bound (1e-18).
    const p = opened({ ...LONG, size: '0.000001', ladder: '1R:95' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.status).toBe('open');
    expect(p.remaining / 1e-6).toBeCloseTo(0.05, 9);
    const e = opened({ ...LONG, size: '0.000001', ladder: 'none', exhaustion: 'take95,act' });
    e.step(bar(2, [100, 101, 99, 100]), ctx(), true);
    expect(e.status).toBe('open');
    expect(e.remaining / 1e-6).toBeCloseTo(0.05, 9);
  });

  it('books float dust on a large size to exactly nothing left', () => {
    // 1e6 - 333000 - 333000 - 334000 leaves 1.16e-10 in doubles (worked out with node), under 1e-12 x 1e6.
    const p = opened({ ...LONG, size: '1000000', ladder: '0.2R:33.3,0.4R:33.3,0.6R:33.4' });
    p.step(bar(2, [100, 104, 99, 103]), ctx(), false);
    expect(p.status).toBe('closed');
    expect(p.remaining).toBe(0);
    expect(p.state().remaining).toBe(0);
  });

  it('a breakeven level that only equals the stop the trail set leaves it the trail', () => {
    // T1 2R = 110; trail atr14x2; breakeven after T1 at the entry, 100.
    const p = opened(
      { ...LONG, ladder: '2R:50,3R:50', trail: 'atr14x2', breakeven: '1' },
      {},
      ctx({ atrTrail: 1 }),
    );
    // Bar 2's close: 102 - 2 x 1 = 100, the trail's.
    p.step(bar(2, [100, 102, 99.5, 101]), ctx({ atrTrail: 1 }), false);
    expect([p.stop, p.stopSource]).toEqual([100, 'trail']);
    // Bar 3 fills T1; breakeven asks for 100 = the stop; the trail's 110 - 2 x 5 = 100 too.
    p.step(bar(3, [101, 110, 100.5, 109]), ctx({ atrTrail: 5 }), false);
    expect(p.state().breakevenActive).toBe(true);
    expect([p.stop, p.stopSource]).toEqual([100, 'trail']);
  });

  it('the open R weighs what remains, not one unit', () => {
    // Size 4, T1 takes 2 at 105; 2 remain at the close 104: 2 x 4 / (5 x 4) = 0.4R.
    const p = opened({ ...LONG, size: '4' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.state()).toMatchObject({ remaining: 2, realisedR: 0.5, openR: 0.4 });
  });

  it('has no open R before its entry bar closed', () => {
    const p = openedLive();
    expect(p.state()).toMatchObject({ status: 'open', openR: 0 });
  });

  it('marks no bar-rule fill as intrabar', () => {
    const p = opened(LONG);
    p.step(bar(2, [100, 106, 94, 104]), ctx(), false);
    expect(p.fills.every((f) => !('intrabar' in f))).toBe(true);
    expect(p.markers.every((m) => !m.text.includes('intrabar'))).toBe(true);
  });
});
