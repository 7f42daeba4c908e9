import { describe, expect, it } from 'vitest';
import type { PlanText } from '../../../engine/index.js';
import { bar, ctx, LONG, opened, SHORT } from '../support/position-bars.js';

// Each rule of engine/exits/position.ts stated on its own, on hand-made bars whose every
// expected number is worked out in the comment beside it (the bars: test/unit/support/position-bars.ts).

describe('the stop', () => {
  it('exits on a bar that exactly touches it, and not on one that stops a tick short', () => {
    const touched = opened(LONG);
    touched.step(bar(2, [100, 101, 95, 100]), ctx(), false);
    expect(touched.status).toBe('closed');
    expect(touched.fills[0]).toMatchObject({ leg: 'stop', reason: 'stop', price: 95, size: 1, r: -1 });
    const short = opened(LONG);
    short.step(bar(2, [100, 101, 95.01, 100]), ctx(), false);
    expect(short.status).toBe('open');
    expect(short.fills).toHaveLength(0);
    // The short mirror: a high of exactly 105 stops it.
    const s = opened(SHORT);
    s.step(bar(2, [100, 105, 99, 100]), ctx(), false);
    expect(s.fills[0]).toMatchObject({ leg: 'stop', price: 105, r: -1 });
    const s2 = opened(SHORT);
    s2.step(bar(2, [100, 104.99, 99, 100]), ctx(), false);
    expect(s2.status).toBe('open');
  });

  it('a bar that opens exactly at the stop exits at it, with excursions from the open only', () => {
    const p = opened(LONG);
    p.step(bar(2, [95, 108, 94, 107]), ctx(), false);
    // Stopped at 95 before the high of 108 counts: MFE stays 0, MAE = 100 - 95 = 5 (1R).
    expect(p.fills.map((f) => [f.leg, f.price])).toEqual([['stop', 95]]);
    expect(p.state()).toMatchObject({ mfe: 0, mae: 5, mfeR: 0, maeR: 1, exitTime: 2 });
  });

  it('slips a stop fill by bps of the price and a fraction of the ATR, against the trade', () => {
    const slippage = { bps: 10, atrFraction: 0.5 };
    const p = opened(LONG, { slippage });
    p.step(bar(2, [100, 101, 94, 95]), ctx({ atrSlip: 2 }), false);
    // 95 - (0.001 * 95 + 0.5 * 2) = 95 - 1.095 = 93.905: r = (93.905 - 100) / 5 = -1.219
    expect(p.fills[0].plannedPrice).toBe(95);
    expect(p.fills[0].price).toBeCloseTo(93.905, 12);
    expect(p.fills[0].r).toBeCloseTo(-1.219, 12);
    const s = opened(SHORT, { slippage });
    s.step(bar(2, [100, 106, 99, 105]), ctx({ atrSlip: NaN }), false);
    // No ATR yet: only the bps, 105 + 0.105 = 105.105.
    expect(s.fills[0].price).toBeCloseTo(105.105, 12);
    // Targets are limit orders: never slipped.
    const t = opened(LONG, { slippage });
    t.step(bar(2, [100, 106, 99, 104]), ctx({ atrSlip: 2 }), false);
    expect(t.fills[0]).toMatchObject({ leg: 'T1', price: 105 });
  });
});

describe('targets', () => {
  it('fill on a bar whose high exactly reaches them, and not a tick short', () => {
    const p = opened(LONG);
    p.step(bar(2, [100, 105, 99, 104]), ctx(), false);
    expect(p.fills.map((f) => [f.leg, f.price, f.size])).toEqual([['T1', 105, 0.5]]);
    const q = opened(LONG);
    q.step(bar(2, [100, 104.99, 99, 104]), ctx(), false);
    expect(q.fills).toHaveLength(0);
    const s = opened(SHORT);
    s.step(bar(2, [100, 101, 95, 96]), ctx(), false);
    expect(s.fills.map((f) => [f.leg, f.price])).toEqual([['T1', 95]]);
  });

  it('fill all at the open when it gaps through them all, and the excursion is the open alone', () => {
    const p = opened(LONG);
    p.step(bar(2, [112, 120, 111, 118]), ctx(), false);
    // Both legs at the open 112: (0.5 * 12 + 0.5 * 12) / 5 = 2.4R; the high of 120 is never held.
    expect(p.fills.map((f) => [f.leg, f.plannedPrice, f.price])).toEqual([
      ['T1', 105, 112],
      ['T2', 110, 112],
    ]);
    expect(p.state()).toMatchObject({ status: 'closed', mfe: 12, mae: 0, realisedR: 2.4 });
  });

  it('fill at the open exactly at a target, then the rest of the bar plays on', () => {
    const p = opened({ ...LONG, ladder: '1R:100' });
    p.step(bar(2, [105, 109, 104, 108]), ctx(), false);
    // The open is T1 (105): all of it there. MFE = 105 - 100 = 5, not the high's 9.
    expect(p.fills.map((f) => [f.leg, f.price])).toEqual([['T1', 105]]);
    expect(p.state().mfe).toBe(5);
  });

  it('fill nearest first and never twice, and a leg that fills records its time', () => {
    const p = opened(LONG);
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    p.step(bar(3, [104, 107, 101, 106]), ctx(), false);
    p.step(bar(4, [106, 111, 105, 110]), ctx(), false);
    expect(p.fills.map((f) => [f.time, f.leg])).toEqual([
      [2, 'T1'],
      [4, 'T2'],
    ]);
    expect(p.state().legs.map((l) => [l.id, l.filled, l.fillTime])).toEqual([
      ['T1', true, 2],
      ['T2', true, 4],
    ]);
    expect(p.state()).toMatchObject({ status: 'closed', remaining: 0, exitTime: 4 });
  });

  it('leave a runner after legs that do not take everything, marked with their R', () => {
    const p = opened({ ...LONG, ladder: '1R:25' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.state()).toMatchObject({ status: 'open', remaining: 0.75 });
    // 0.25 * 5 / 5 = +0.25R; the marker says it.
    expect(p.markers.map((m) => [m.role, m.text])).toEqual([
      ['entry', 'Long 100'],
      ['fill', 'T1 +0.25R'],
    ]);
  });
});

describe('breakeven', () => {
  it('moves the stop to the entry plus its offset at the close of the bar its leg fills', () => {
    const p = opened({ ...LONG, breakeven: '1+0.5' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.stop).toBe(100.5);
    expect(p.stopSource).toBe('breakeven');
    expect(p.state().breakevenActive).toBe(true);
    // The next bar touches 100.5: the rest exits there, as a breakeven exit.
    p.step(bar(3, [104, 104, 100.5, 101]), ctx(), false);
    expect(p.fills.at(-1)).toMatchObject({ leg: 'stop', reason: 'breakeven', price: 100.5 });
    expect(p.markers.at(-1)?.text).toBe('Breakeven +0.05R');
  });

  it('adds the round-trip fees per unit with +fees', () => {
    // bps10 on entry 100: 2 * 0.001 * 100 = 0.2; unit0.05: 2 * 0.05 = 0.1; fill1 at size 2: 2 * 1 / 2 = 1.
    const p = opened({ ...LONG, breakeven: '1+fees', fees: 'bps10,unit0.05,fill1', size: '2' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.stop).toBeCloseTo(101.3, 12);
    const s = opened({ ...SHORT, breakeven: '1+fees', fees: 'unit0.05' });
    s.step(bar(2, [100, 101, 94, 96]), ctx(), false);
    expect(s.stop).toBeCloseTo(99.9, 12);
  });

  it('never loosens a stop the trail has already tightened past it', () => {
    // T1 2R = 110, T2 3R = 115; trail atr14x2 from the entry bar.
    const plan = { ...LONG, ladder: '2R:50,3R:50', trail: 'atr14x2', breakeven: '1' };
    const p = opened(plan, {}, ctx({ atrTrail: 1 }));
    // Entry bar's close: 101 - 2 = 99 > 95, the trail moved the stop already.
    expect(p.stop).toBe(99);
    expect(p.stopSource).toBe('trail');
    p.step(bar(2, [100, 108, 99.5, 107]), ctx({ atrTrail: 1 }), false);
    expect(p.stop).toBe(106);
    // T1 fills at 110; breakeven asks for 100, below the trail's 106: the stop stays 106. (The
    // trail's own candidate, 110 - 2 x 5 = 100 with ATR 5, would not move it either.)
    p.step(bar(3, [107, 110, 106.5, 109]), ctx({ atrTrail: 5 }), false);
    expect(p.fills.map((f) => f.leg)).toEqual(['T1']);
    expect(p.state().breakevenActive).toBe(true);
    expect(p.stop).toBe(106);
    expect(p.stopSource).toBe('trail');
    // A breakeven level above the trail's does hold: 100 + 4.5 = 104.5 over 106 - 5 = 101.
    const q = opened({ ...LONG, trail: 'atr14x5', breakeven: '1+4.5' }, {}, ctx({ atrTrail: 1 }));
    q.step(bar(2, [101, 106, 100, 105]), ctx({ atrTrail: 1 }), false);
    expect(q.stop).toBe(104.5);
    expect(q.stopSource).toBe('breakeven');
  });

  it('does nothing until its own leg fills', () => {
    const p = opened({ ...LONG, breakeven: '2' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.stop).toBe(95);
    expect(p.state().breakevenActive).toBe(false);
  });
});

describe('the trail', () => {
  it('follows high - k x ATR at each close and never loosens', () => {
    const p = opened({ ...LONG, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    p.step(bar(2, [100, 103, 99.5, 102]), ctx({ atrTrail: 1 }), false);
    expect(p.stop).toBe(101);
    // A lower high: 102 - 2 = 100 < 101, the stop stays.
    p.step(bar(3, [102, 102, 101.5, 101.8]), ctx({ atrTrail: 1 }), false);
    expect(p.stop).toBe(101);
    // A wider ATR would loosen it; it does not.
    p.step(bar(4, [101.8, 103, 101.2, 102]), ctx({ atrTrail: 3 }), false);
    expect(p.stop).toBe(101);
    // An unknown ATR moves nothing.
    p.step(bar(5, [102, 110, 101.5, 109]), ctx({ atrTrail: NaN }), false);
    expect(p.stop).toBe(101);
    p.step(bar(6, [109, 104, 100, 101]), ctx({ atrTrail: 1 }), false);
    expect(p.fills[0]).toMatchObject({ leg: 'stop', reason: 'trail', price: 101 });
    expect(p.markers.at(-1)?.text).toBe('Trail +0.20R');
  });

  it('mirrors for a short: low + k x ATR', () => {
    const p = opened({ ...SHORT, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    // Entry bar's close: 99 + 2 = 101 < 105.
    expect(p.stop).toBe(101);
    p.step(bar(2, [100, 100.5, 97, 98]), ctx({ atrTrail: 1 }), false);
    expect(p.stop).toBe(99);
  });

  it('as a chandelier trails from the highest high (lowest low for a short) of its lookback', () => {
    const p = opened(
      { ...LONG, ladder: 'none', trail: 'chandelier22x3' },
      {},
      ctx({ atrTrail: 1, highest: 101 }),
    );
    // 101 - 3 = 98.
    expect(p.stop).toBe(98);
    p.step(bar(2, [100, 102, 99, 101]), ctx({ atrTrail: 1, highest: 104 }), false);
    expect(p.stop).toBe(101);
    // Without a known extreme the chandelier waits.
    p.step(bar(3, [101, 108, 101.5, 107]), ctx({ atrTrail: 1, highest: NaN }), false);
    expect(p.stop).toBe(101);
    const s = opened(
      { ...SHORT, ladder: 'none', trail: 'chandelier22x3' },
      {},
      ctx({ atrTrail: 1, lowest: 99 }),
    );
    expect(s.stop).toBe(102);
  });

  it('with @N starts only at the close of the bar that fills leg N', () => {
    const p = opened({ ...LONG, trail: 'atr14x2@1' }, {}, ctx({ atrTrail: 1 }));
    expect(p.stop).toBe(95);
    expect(p.state().trailActive).toBe(false);
    p.step(bar(2, [100, 104, 99, 103]), ctx({ atrTrail: 1 }), false);
    expect(p.stop).toBe(95);
    p.step(bar(3, [103, 107, 102, 106]), ctx({ atrTrail: 1 }), false);
    // T1 filled at 105 in this bar: the trail starts at its close, 107 - 2 = 105.
    expect(p.state().trailActive).toBe(true);
    expect(p.stop).toBe(105);
    expect(p.stopSource).toBe('trail');
  });
});

describe('exhaustion', () => {
  it('takes its share at the close when it acts, and only marks (nothing filled) when it does not', () => {
    const acting = opened({ ...LONG, exhaustion: 'take30,act' });
    acting.step(bar(2, [100, 104, 99, 103]), ctx(), true);
    expect(acting.fills).toEqual([
      expect.objectContaining({ leg: 'exhaustion', reason: 'exhaustion', price: 103, size: 0.3 }),
    ]);
    expect(acting.remaining).toBeCloseTo(0.7, 12);
    expect(acting.markers.at(-1)).toMatchObject({ role: 'exhaustion', text: 'Exhaustion +0.18R' });
    const marking = opened({ ...LONG, exhaustion: 'take30' });
    marking.step(bar(2, [100, 104, 99, 103]), ctx(), true);
    expect(marking.fills).toHaveLength(0);
    expect(marking.remaining).toBe(1);
    const none = opened({ ...LONG, exhaustion: 'none' });
    none.step(bar(2, [100, 104, 99, 103]), ctx(), true);
    expect(none.fills).toHaveLength(0);
    // No signal on the bar: nothing taken even when acting.
    const quiet = opened({ ...LONG, exhaustion: 'take30,act' });
    quiet.step(bar(2, [100, 104, 99, 103]), ctx(), false);
    expect(quiet.fills).toHaveLength(0);
  });

  it('takes a slice of the original size each time, never more than remains, and closes when it takes the last', () => {
    const p = opened({ ...LONG, ladder: 'none', exhaustion: 'take40,act' });
    p.step(bar(2, [100, 104, 99, 103]), ctx(), true);
    p.step(bar(3, [103, 104, 102, 103]), ctx(), true);
    p.step(bar(4, [103, 104, 102, 103]), ctx(), true);
    expect(p.fills.map((f) => Number(f.size.toFixed(12)))).toEqual([0.4, 0.4, 0.2]);
    expect(p.state()).toMatchObject({ status: 'closed', remaining: 0, exitTime: 4 });
    p.step(bar(5, [103, 104, 102, 103]), ctx(), true);
    expect(p.fills).toHaveLength(3);
  });

  it('slips its market order at the close', () => {
    const p = opened({ ...LONG, exhaustion: 'take50,act' }, { slippage: { bps: 0, atrFraction: 0.25 } });
    p.step(bar(2, [100, 104, 99, 103]), ctx({ atrSlip: 2 }), true);
    // 103 - 0.25 * 2 = 102.5.
    expect(p.fills[0]).toMatchObject({ plannedPrice: 103, price: 102.5 });
  });
});

describe('time decay', () => {
  const DECAY: PlanText = { ...LONG, ladder: '3R:100', decay: 'bars2,min0.5R' };

  it('flags a trade after its bars with no leg and less than the minimum progress, once', () => {
    const p = opened(DECAY);
    p.step(bar(2, [100, 102, 99, 101]), ctx(), false);
    expect(p.state().decayFlagged).toBe(false);
    p.step(bar(3, [101, 102, 99, 100]), ctx(), false);
    // Two bars open, MFE 2 = 0.4R < 0.5R: flagged at this close, marked, not exited.
    expect(p.state()).toMatchObject({ decayFlagged: true, barsOpen: 2, status: 'open' });
    expect(p.markers.at(-1)).toMatchObject({ role: 'decay', text: '2 bars, below 0.5R', price: 100 });
    p.step(bar(4, [100, 102, 99, 100]), ctx(), false);
    expect(p.markers.filter((m) => m.role === 'decay')).toHaveLength(1);
  });

  it('exempts a trade that made the minimum progress, exactly reached included', () => {
    const p = opened(DECAY);
    // High 102.5: MFE 2.5 = 0.5R, exactly the minimum.
    p.step(bar(2, [100, 102.5, 99, 101]), ctx(), false);
    p.step(bar(3, [101, 102, 99, 100]), ctx(), false);
    expect(p.state().decayFlagged).toBe(false);
  });

  it('exempts a trade that filled a leg', () => {
    const p = opened({ ...DECAY, ladder: '0.2R:10,3R:90', decay: 'bars2,min5R' });
    // 0.2R = 101: filled on bar 2, MFE 1.5 = 0.3R, far below 5R.
    p.step(bar(2, [100, 101.5, 99, 101]), ctx(), false);
    p.step(bar(3, [101, 101.5, 99, 100]), ctx(), false);
    expect(p.fills).toHaveLength(1);
    expect(p.state().decayFlagged).toBe(false);
  });

  it('exits the rest at the close when it acts', () => {
    const p = opened({ ...DECAY, decay: 'bars2,min0.5R,act' }, { slippage: { bps: 100, atrFraction: 0 } });
    p.step(bar(2, [100, 102, 99, 101]), ctx(), false);
    p.step(bar(3, [101, 102, 99, 100]), ctx(), false);
    // Exit at the close 100, slipped 1%: 99.
    expect(p.fills).toEqual([
      expect.objectContaining({ leg: 'decay', reason: 'decay', plannedPrice: 100, price: 99 }),
    ]);
    expect(p.markers.at(-1)).toMatchObject({ role: 'decay', text: 'Decay exit \u22120.20R' });
    expect(p.status).toBe('closed');
  });
});
