import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { computeOverlay, ExitTracker, parsePlan, PlanError, type Bar } from '../../../engine/index.js';
import { entryOutsideBar } from '../../../engine/exits/levels.js';
import { DATA_DIR, loadBars, SPY_DAILY } from '../support/data.js';
import { refusal } from '../support/plan-errors.js';

// Issue 14 item 3: `plan spy... --at 2020-02-21 --entry 500` gave a trade filled at a price that
// never traded. SPY's bar of 2020-02-21 (../shared/data/spy_daily_1999-2020.csv, row 5110):
// open 335.47, high 335.81, low 332.58, close 333.48.
const FEB21 = 1_582_243_200;

describe('an entry price outside its bar', () => {
  const spy = loadBars(SPY_DAILY);
  const plan = (entry: number | string, side = 'long') =>
    parsePlan({ side, entry, stop: side === 'long' ? '2%' : '2%', at: FEB21 });

  it('is refused, naming the price, the bar, its range and what to do', () => {
    const error = refusal(() => computeOverlay(spy, plan(500), { entryInBar: true }));
    expect(error.field).toBe('entry');
    expect(error.message).toBe(
      'entry: 500 is above the high of its entry bar (2020-02-21 UTC: low 332.58, high 335.81), so no fill could have happened there; give a price inside that range, "last" for the bar\'s close, or the time (at) of a bar that traded 500',
    );
    expect(refusal(() => computeOverlay(spy, plan(300, 'short'), { entryInBar: true })).message).toMatch(
      /^entry: 300 is below the low of its entry bar \(2020-02-21 UTC: low 332\.58, high 335\.81\)/,
    );
  });

  it('is accepted anywhere from the low to the high, both included', () => {
    for (const entry of [332.58, 333.48, 335.81]) {
      const overlay = computeOverlay(spy, plan(entry), { entryInBar: true });
      expect(overlay.state.entryTime).toBe(FEB21);
      expect(overlay.state.entry).toBe(entry);
    }
    // Just outside by one part in a million is outside; the tolerance is for the last binary digit only.
    expect(() => computeOverlay(spy, plan(335.81 * (1 + 1e-6)), { entryInBar: true })).toThrow(PlanError);
    expect(() => computeOverlay(spy, plan(335.81 * (1 + 1e-12)), { entryInBar: true })).not.toThrow();
  });

  it('says the time of an intraday bar to the minute', () => {
    const bar: Bar = { time: 1_609_754_400, open: 10, high: 11, low: 9, close: 10.5 };
    expect(entryOutsideBar(plan(12), bar)?.message).toContain('(2021-01-04 10:00 UTC: low 9, high 11)');
    expect(entryOutsideBar(plan(10), bar)).toBeNull();
  });

  it('on a live forming bar is judged on its range so far, which holds a "last" entry and widens with ticks', () => {
    // Index 5108 is 2020-02-21 (file row 5110, after the header): the bars before it warm up.
    const bars = spy.slice(5000, 5108);
    const forming: Bar = { time: FEB21, open: 335.47, high: 335.47, low: 335.47, close: 335.47 };
    const tracker = new ExitTracker(plan(335.47), { entryInBar: true });
    for (const bar of bars) tracker.add(bar);
    tracker.add(forming);
    expect(tracker.overlay().state.status).toBe('open');
    // The next tick takes the price to 334: the range so far still holds the entry.
    tracker.replace({ ...forming, low: 334, close: 334 });
    expect(tracker.overlay().state.entry).toBe(335.47);
    // An entry at a price the bar has not traded (yet) is refused at once.
    const early = new ExitTracker(plan(333), { entryInBar: true });
    for (const bar of bars) early.add(bar);
    expect(() => early.add(forming)).toThrow(/entry: 333 is below the low of its entry bar/);
  });

  it('stays allowed where nobody typed it: trackers without the option (a backtest fills at a close plus slippage)', () => {
    expect(computeOverlay(spy, plan(500)).state.entry).toBe(500);
  });
});

describe('exitplan plan --entry', () => {
  function run(...argv: string[]) {
    const r = runCli(argv);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }
  const SPY = path.join(DATA_DIR, SPY_DAILY);

  it('refuses a price outside the entry bar with exit code 2 and the engine message', () => {
    const { code, stdout, stderr } = run(
      'plan',
      SPY,
      '--side',
      'long',
      '--entry',
      '500',
      '--at',
      '2020-02-21',
      '--stop',
      '2%',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'entry: 500 is above the high of its entry bar (2020-02-21 UTC: low 332.58, high 335.81)',
    );
  });

  it('reads --entry last as the close of the entry bar, as the widget reads entry="last"', () => {
    const { code, stdout } = run(
      'plan',
      SPY,
      '--side',
      'long',
      '--entry',
      'last',
      '--at',
      '2020-02-21',
      '--stop',
      '2%',
    );
    expect(code).toBe(0);
    // 333.48: the close of 2020-02-21 (row 5110).
    expect(stdout).toMatch(/^Plan {7}long 333\.48 stop 2%/);
  });
});
