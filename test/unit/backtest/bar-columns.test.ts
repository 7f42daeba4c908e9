// The CLI runs the lab over the bars as it streamed them in, columns (typed arrays), with no
// object per bar (issue 16 item 14: `backtest` on a 200 MB file took 2.4 GB). The lab must give
// the very same report over columns as over Bar objects: every trade, fill, curve and
// statistic, for the rules, a trade list, costs with stress gaps, and a policy gated by the
// reversal model (which reads Bar objects, made from the columns only for it).
import { describe, expect, it } from 'vitest';
import { bootstrapTrades, runLab, walkForward, type LabRequest } from '../../../engine/backtest/index.js';
import { barsToColumns, reversalGates } from '../../../engine/index.js';
import { EURUSD, loadBars, SPY } from './load-bars.js';

/** JSON that tells -0 and NaN apart from 0 and null, with typed arrays written out. */
const exactJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v;
    if (v instanceof Float64Array) return Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x));
    return v;
  });

describe('the lab over bar columns', () => {
  const cases: [string, LabRequest][] = [
    [SPY, { entries: 'donchian:20', costs: 'bps2,fill1,slipbps1,slipatr0.05', bootstrap: 50 }],
    [SPY, { entries: 'sma:10:50', sizing: 'units1', stress: 'gap2,p0.02,seed1', bootstrap: 0 }],
    [EURUSD, { entries: 'random:7:0.05', reentry: 'same-bar', bootstrap: 0 }],
    [
      EURUSD,
      // A trade list of two trades entered at their bars' closes (EURUSD 1h, the bars of
      // 2017-06-01 08:00 and 2017-09-01 14:00 UTC): the lookup of each bar by time.
      { entries: 'time,side,price\n2017-06-01T08:00:00Z,long,\n2017-09-01T14:00:00Z,short,\n', bootstrap: 0 },
    ],
  ];
  for (const [file, request] of cases) {
    it(`gives the report it gives over Bar objects: ${file} ${request.entries.split('\n')[0]}`, () => {
      const bars = loadBars(file);
      const fromObjects = runLab(bars, request);
      const fromColumns = runLab(barsToColumns(bars), request);
      expect(fromColumns.result.policies.length).toBe(7);
      expect(fromColumns.result.policies.some((p) => p.trades.length > 0)).toBe(true);
      expect(exactJson(fromColumns)).toBe(exactJson(fromObjects));
    });
  }

  it('runs a policy gated by the reversal model the same way', () => {
    const bars = loadBars(SPY);
    const request: LabRequest = { entries: 'donchian:20', policies: 'aioo-2r,ml-filter', bootstrap: 0 };
    const control = { gates: reversalGates };
    const fromObjects = runLab(bars, request, control);
    const fromColumns = runLab(barsToColumns(bars), request, control);
    expect(fromColumns.result.policies.map((p) => p.policy.id)).toEqual(['aioo-2r', 'ml-filter']);
    expect(exactJson(fromColumns)).toBe(exactJson(fromObjects));
  });

  it('splits walk-forward and bootstraps from the trade columns as from the Trade objects', () => {
    // The lab reads both from the run's trade columns (no Trade objects for a big file's
    // trades); a copy of each policy result (which carries no columns) is read the old way.
    const bars = loadBars(SPY);
    const request: LabRequest = { entries: 'donchian:20', split: 0.6, bootstrap: 200, seed: 3 };
    const report = runLab(barsToColumns(bars), request);
    const copies = { ...report.result, policies: report.result.policies.map((p) => ({ ...p })) };
    const times = Float64Array.from(bars, (b) => b.time);
    expect(exactJson(report.walkForward)).toBe(exactJson(walkForward(copies, times, 0.6)));
    expect(exactJson(report.bootstrap)).toBe(
      exactJson(copies.policies.map((p) => bootstrapTrades(p.trades, 200, 3))),
    );
    expect(report.walkForward!.policies[0].outOfSample.trades).toBeGreaterThan(0);
  });
});
