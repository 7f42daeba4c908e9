import { describe, expect, it } from 'vitest';
import { parsePlan, Position } from '../../../engine/index.js';
import { bar, ctx, LONG, opened, SHORT } from '../support/position-bars.js';

// engine/exits/position.ts's bookkeeping, stated rule by rule: fees and R, excursions, the
// snapshot, checkpoints, quiet mode and the state machine's edges (the bar rules themselves
// are in position-rules.test.ts; the bars in test/unit/support/position-bars.ts).

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
