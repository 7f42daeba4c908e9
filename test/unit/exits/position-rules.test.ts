import { describe, expect, it } from 'vitest';
import { parsePlan, Position, type PlanText } from '../../../engine/index.js';
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

describe('fees, excursions and the snapshot', () => {
  it('charges every fill its fee and books R net of it', () => {
    const p = opened({ ...LONG, fees: 'bps10,unit0.1,fill2', size: '4' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    // T1: 2 units at 105: fee 2 + 0.1 * 2 + 0.001 * 105 * 2 = 2.41; pnl 5 * 2 - 2.41 = 7.59;
    // R = 7.59 / (5 * 4) = 0.3795.
    expect(p.fills[0].fee).toBeCloseTo(2.41, 12);
    expect(p.fills[0].pnl).toBeCloseTo(7.59, 12);
    expect(p.fills[0].r).toBeCloseTo(0.3795, 12);
    expect(p.fees).toBeCloseTo(2.41, 12);
    expect(p.state().realisedPnl).toBeCloseTo(7.59, 12);
  });

  it('tracks MFE and MAE from the bars after the entry bar, and the open R at the last close', () => {
    const p = opened(LONG);
    p.step(bar(2, [100, 103, 97, 102]), ctx(), false);
    p.step(bar(3, [102, 104, 98, 101]), ctx(), false);
    // MFE 104 - 100 = 4 (0.8R), MAE 100 - 97 = 3 (0.6R); open R (101 - 100) / 5 = 0.2.
    expect(p.mfe).toBe(4);
    expect(p.mae).toBe(3);
    expect(p.state()).toMatchObject({ mfeR: 0.8, maeR: 0.6, openR: 0.2, barsOpen: 2, entryTime: 1 });
  });

  it('snapshots a pending position with its plan and no levels', () => {
    const p = new Position(parsePlan({ ...LONG, size: '3' }));
    expect(p.state()).toMatchObject({
      status: 'pending',
      entryTime: null,
      exitTime: null,
      remaining: 3,
      size: 3,
      realisedR: 0,
      openR: 0,
      mfeR: 0,
      maeR: 0,
      legs: [],
    });
    expect(p.state().stop).toBeNaN();
    expect(p.levels).toBeNull();
  });

  it('closes what remains at a given price with closeAt, slipped, and ignores it once closed', () => {
    const p = opened(LONG, { slippage: { bps: 100, atrFraction: 0 } });
    p.closeAt(bar(2, [100, 102, 99, 102]), 102, ctx());
    // 102 slipped 1% against a long: 100.98.
    expect(p.fills).toEqual([
      expect.objectContaining({ leg: 'close', reason: 'close', price: 100.98, size: 1 }),
    ]);
    expect(p.markers.at(-1)?.text).toBe('Exit +0.20R');
    p.closeAt(bar(3, [100, 102, 99, 102]), 50, ctx());
    expect(p.fills).toHaveLength(1);
  });

  it('marks nothing and labels nothing when quiet (backtests), with the same fills', () => {
    const p = opened(LONG, { quiet: true });
    p.step(bar(2, [100, 106, 94, 105]), ctx(), false);
    expect(p.markers).toHaveLength(0);
    expect(p.fills[0]).toMatchObject({ leg: 'stop', price: 95 });
  });

  it('records the stop in force bar by bar with recordTrail, from the entry bar on', () => {
    const p = opened(
      { ...LONG, ladder: 'none', trail: 'atr14x2' },
      { recordTrail: true },
      ctx({ atrTrail: 1 }),
    );
    p.step(bar(2, [100, 103, 99.5, 102]), ctx({ atrTrail: 1 }), false);
    p.step(bar(3, [102, 103, 101.5, 102]), ctx({ atrTrail: 1 }), false);
    // The entry bar at the initial stop, then each bar at the stop in force during it.
    expect(p.trail).toEqual([
      { time: 1, price: 95 },
      { time: 2, price: 99 },
      { time: 3, price: 101 },
    ]);
    expect(opened(LONG).trail).toHaveLength(0);
  });

  it('undoes a replaced bar with restore: fills, markers, trail and leg times', () => {
    const p = opened(LONG, { recordTrail: true });
    p.checkpoint();
    p.step(bar(2, [100, 111, 99, 110]), ctx(), false);
    expect(p.fills).toHaveLength(2);
    p.restore();
    expect(p.fills).toHaveLength(0);
    expect(p.markers).toHaveLength(1);
    expect(p.trail).toHaveLength(1);
    expect(p.state().legs.map((l) => l.fillTime)).toEqual([null, null]);
    expect(p.status).toBe('open');
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(p.fills.map((f) => f.leg)).toEqual(['T1']);
    expect(p.state().legs.map((l) => l.fillTime)).toEqual([2, null]);
  });

  it('refuses more ladder legs than its bit mask holds', () => {
    const ladder = Array.from({ length: 31 }, (_, i) => `${i + 1}R:3`).join(',');
    expect(() => new Position(parsePlan({ ...LONG, ladder }))).toThrow('at most 30 ladder legs');
    const thirty = Array.from({ length: 30 }, (_, i) => `${i + 1}R:3`).join(',');
    expect(() => new Position(parsePlan({ ...LONG, ladder: thirty }))).not.toThrow();
  });
});

// What the first mutation run of position.ts (npm run mutate -- exits) found unstated.
describe('the rest of the state machine', () => {
  it('starts pending with the initial stop as its source and no trail, and knows its plan', () => {
    const plan = parsePlan({ ...LONG, trail: 'atr14x2' });
    const p = new Position(plan);
    expect(p.plan).toBe(plan);
    expect(p.stopSource).toBe('stop');
    expect(p.state()).toMatchObject({ trailActive: false, breakevenActive: false, decayFlagged: false });
    expect(p.state().initialStop).toBeNaN();
    expect(p.state().stop).toBeNaN();
    expect(p.filledMask).toBe(0);
  });

  it('reports the initial stop and the stop in force once open, and which legs filled', () => {
    const p = opened({ ...LONG, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    p.step(bar(2, [100, 103, 99.5, 102]), ctx({ atrTrail: 1 }), false);
    expect(p.state()).toMatchObject({ initialStop: 95, stop: 101 });
    const q = opened(LONG);
    q.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    expect(q.state().legs.map((l) => l.filled)).toEqual([true, false]);
    expect(q.filledMask).toBe(1);
  });

  it('labels its levels unless quiet, and marks a short entry as Short', () => {
    expect(
      opened(LONG)
        .state()
        .legs.map((l) => l.label),
    ).toEqual(['T1 1R 50% 105', 'T2 2R 50% 110']);
    expect(
      opened(LONG, { quiet: true })
        .state()
        .legs.map((l) => l.label),
    ).toEqual(['T1', 'T2']);
    expect(opened(SHORT).markers[0]).toMatchObject({ role: 'entry', text: 'Short 100', price: 100 });
  });

  it('does nothing on a bar after it closed', () => {
    const p = opened(LONG, { recordTrail: true });
    p.step(bar(2, [100, 101, 94, 95]), ctx(), false);
    const trail = p.trail.length;
    p.step(bar(3, [95, 120, 90, 110]), ctx(), false);
    expect(p.fills).toHaveLength(1);
    expect(p.trail).toHaveLength(trail);
    // Stopped at the adverse extreme before its high counted: MFE 0.
    expect(p.state()).toMatchObject({ barsOpen: 1, mfe: 0, exitTime: 2 });
  });

  it('records no trail without recordTrail, however many bars pass', () => {
    const p = opened({ ...LONG, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    for (let t = 2; t < 6; t++) p.step(bar(t, [100, 103, 99.5, 102]), ctx({ atrTrail: 1 }), false);
    expect(p.trail).toHaveLength(0);
  });

  it('fills a short target the open gapped through at the open', () => {
    const s = opened(SHORT);
    s.step(bar(2, [93, 94, 92, 93]), ctx(), false);
    // T1 95 gapped through: filled at the open 93, (100 - 93) * 0.5 / 5 = +0.70R.
    expect(s.fills[0]).toMatchObject({ leg: 'T1', plannedPrice: 95, price: 93, r: 0.7 });
  });

  it('plays the rest of the bar after a gap fills some legs at the open', () => {
    const p = opened(LONG);
    // Opens at 107 (past T1 105), then reaches 111 (T2 110) in the same bar.
    p.step(bar(2, [107, 111, 106, 110]), ctx(), false);
    expect(p.fills.map((f) => [f.leg, f.price])).toEqual([
      ['T1', 107],
      ['T2', 110],
    ]);
    expect(p.state()).toMatchObject({ status: 'closed', mfe: 11 });
  });

  it('keeps the fill time of a leg filled before a checkpoint when a later bar is undone', () => {
    const p = opened(LONG);
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    p.checkpoint();
    p.step(bar(3, [104, 111, 103, 110]), ctx(), false);
    p.restore();
    expect(p.state().legs.map((l) => l.fillTime)).toEqual([2, null]);
  });

  it('moves nothing once exhaustion took the last share: no trail step, no decay flag', () => {
    const p = opened(
      { ...LONG, ladder: 'none', trail: 'atr14x2', exhaustion: 'take100,act', decay: 'bars1,min5R' },
      {},
      ctx({ atrTrail: 1 }),
    );
    p.step(bar(2, [100, 104, 99.5, 103]), ctx({ atrTrail: 1 }), true);
    expect(p.status).toBe('closed');
    // The trail would have moved to 104 - 2 = 102 at this close, and decay flagged it.
    expect(p.state()).toMatchObject({ stop: 99, decayFlagged: false });
  });

  it('takes the exhaustion share of the original size, whatever the size', () => {
    const p = opened({ ...LONG, exhaustion: 'take30,act', size: '2' });
    p.step(bar(2, [100, 104, 99, 103]), ctx(), true);
    // 30% of 2 units = 0.6 units.
    expect(p.fills[0].size).toBeCloseTo(0.6, 12);
  });

  it('marks no decay when quiet', () => {
    const p = opened({ ...LONG, ladder: '3R:100', decay: 'bars1,min0.5R' }, { quiet: true });
    p.step(bar(2, [100, 101, 99, 100]), ctx(), false);
    expect(p.state().decayFlagged).toBe(true);
    expect(p.markers).toHaveLength(0);
  });

  it('never starts a trail when there is none, even after leg 1 fills', () => {
    const p = opened({ ...LONG, trail: 'none' });
    p.step(bar(2, [100, 106, 99, 104]), ctx({ atrTrail: 1 }), false);
    expect(p.state().trailActive).toBe(false);
  });

  it('leaves the stop source alone when a new level only equals the stop', () => {
    // Breakeven after T1 at exactly the trail's stop: 106 - 6 = 100 = the entry.
    const p = opened(
      { ...LONG, ladder: '1R:50,2R:50', trail: 'atr14x6', breakeven: '1' },
      {},
      ctx({ atrTrail: 1 }),
    );
    // Entry bar close: 101 - 6 = 95, equal to the initial stop: still the stop's.
    expect(p.stopSource).toBe('stop');
    p.step(bar(2, [100, 106, 99, 104]), ctx({ atrTrail: 1 }), false);
    // T1 fills; breakeven moves the stop to 100; the trail's 106 - 6 = 100 equals it.
    expect(p.stop).toBe(100);
    expect(p.stopSource).toBe('breakeven');
    const q = opened({ ...LONG, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    q.step(bar(2, [100, 103, 99.5, 102]), ctx({ atrTrail: 1 }), false);
    expect(q.stop).toBe(101);
    // A later close whose candidate equals the stop, after a breakeven-free trail: source stays trail,
    // and a breakeven level equal to a trail stop keeps the trail's.
    const r = opened(
      { ...LONG, ladder: '1R:50,2R:50', trail: 'atr14x1', breakeven: '1+5' },
      {},
      ctx({ atrTrail: 1 }),
    );
    r.step(bar(2, [101, 106, 100.5, 105]), ctx({ atrTrail: 1 }), false);
    // T1 filled: breakeven 105, trail 106 - 1 = 105: equal, the breakeven's (it came first).
    expect(r.stop).toBe(105);
    expect(r.stopSource).toBe('breakeven');
  });

  it('trails a short by low + k x ATR with an ATR other than 1', () => {
    const p = opened({ ...SHORT, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 2 }));
    // 99 + 2 x 2 = 103.
    expect(p.stop).toBe(103);
  });

  it('marks each kind of exit with its role and name', () => {
    const stop = opened(LONG);
    stop.step(bar(2, [100, 101, 94, 95]), ctx(), false);
    expect(stop.markers.at(-1)).toMatchObject({ role: 'stop', text: 'Stop \u22121.00R' });
    const trail = opened({ ...LONG, ladder: 'none', trail: 'atr14x2' }, {}, ctx({ atrTrail: 1 }));
    trail.step(bar(2, [100, 103, 99.5, 102]), ctx({ atrTrail: 1 }), false);
    trail.step(bar(3, [102, 102, 100, 100.5]), ctx({ atrTrail: 1 }), false);
    expect(trail.markers.at(-1)).toMatchObject({ role: 'stop', text: 'Trail +0.20R' });
    const close = opened(LONG);
    close.closeAt(bar(2, [100, 102, 99, 101]), 101, ctx());
    expect(close.markers.at(-1)).toMatchObject({ role: 'exit', text: 'Exit +0.20R' });
  });

  it('books fills of float shares to exactly nothing left', () => {
    const p = opened({ ...LONG, ladder: '0.2R:10,0.4R:20,0.6R:70' });
    p.step(bar(2, [100, 104, 99, 103]), ctx(), false);
    expect(p.status).toBe('closed');
    expect(p.remaining).toBe(0);
  });

  it('divides R by the risk of the whole size, open and realised', () => {
    const p = opened({ ...LONG, size: '2' });
    p.step(bar(2, [100, 106, 99, 104]), ctx(), false);
    // T1: 1 unit at 105 = 5; realised 5 / (5 x 2) = 0.5R; open: 1 unit x (104 - 100) / 10 = 0.4R.
    expect(p.state()).toMatchObject({ realisedR: 0.5, openR: 0.4 });
  });

  it('is fresh again after reset, for the next trade of a backtest', () => {
    const p = opened(LONG, { recordTrail: true });
    p.step(bar(2, [100, 106, 94, 95]), ctx(), false);
    p.reset(parsePlan(SHORT));
    expect(p.status).toBe('pending');
    expect(p.fills).toHaveLength(0);
    expect(p.markers).toHaveLength(0);
    expect(p.trail).toHaveLength(0);
    expect(p.levels).toBeNull();
    const entryBar = bar(1, [100, 101, 99, 100]);
    p.open(entryBar, ctx(), 20);
    p.closeEntryBar(entryBar, ctx());
    p.step(bar(2, [100, 101, 95, 96]), ctx(), false);
    expect(p.fills.map((f) => [f.leg, f.price])).toEqual([['T1', 95]]);
  });
});
