// `exitplan backtest` on a file too big to hold runs the lab over bars that stream past
// (engine/backtest/stream-lab.ts: every policy bar by bar together, two passes, nothing per bar
// kept; issue 16 item 14). Its report must be runLab's over the same bars held in memory, to
// the last bit: every statistic, the walk-forward split, the bootstrap, the skipped, resized
// and unplaced counts, and every trade (the ones it hands out as they close), on real series
// (../shared/data) for each rule, costs with stress gaps, risk sizing with the notional cap,
// same-bar re-entry and a custom chandelier policy. The bars are pushed in pieces of a few
// hundred, so the pieces' edges fall inside open trades and indicator windows.
import { describe, expect, it } from 'vitest';
import { runLab, tradeColumnsOf, type LabRequest, type Trade } from '../../../engine/backtest/index.js';
import { StreamingLab, canStream, equityStep } from '../../../engine/backtest/stream-lab.js';
import { barsToColumns } from '../../../engine/index.js';
import { BTC5M, EURUSD, loadBars, SPY } from './load-bars.js';

/** JSON that tells -0 and NaN apart from 0 and null. */
const exactJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v;
    if (v instanceof Float64Array) return Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x));
    return v;
  });

function streamed(
  file: string,
  request: LabRequest,
  piece: number,
): { lab: StreamingLab; trades: Trade[][] } {
  const columns = barsToColumns(loadBars(file));
  const n = columns.time.length;
  const lab = new StreamingLab(request, n);
  const trades: Trade[][] = lab.options.policies.map(() => []);
  lab.onTrade = (p, t) => trades[p].push(t);
  for (let pass = 0; pass < 2; pass++) {
    lab.pass();
    for (let from = 0; from < n; from += piece) {
      const to = Math.min(n, from + piece);
      lab.push({
        time: columns.time.subarray(from, to),
        open: columns.open.subarray(from, to),
        high: columns.high.subarray(from, to),
        low: columns.low.subarray(from, to),
        close: columns.close.subarray(from, to),
      });
    }
  }
  return { lab, trades };
}

describe('the lab over streamed bars', () => {
  const cases: [string, LabRequest][] = [
    [SPY, { entries: 'donchian:20', costs: 'bps2,fill1,slipbps1,slipatr0.05', bootstrap: 50 }],
    [SPY, { entries: 'sma:10:50', sizing: 'units1', stress: 'gap2,p0.02,seed1', bootstrap: 0 }],
    [EURUSD, { entries: 'random:7:0.05', reentry: 'same-bar', bootstrap: 20, split: 0.5 }],
    [
      BTC5M,
      {
        entries: 'donchian:20',
        sizing: 'risk2%,lev1',
        custom: ['chand:stop=atr14x2;trail=chandelier22x3'],
        bootstrap: 0,
        split: 0,
      },
    ],
  ];
  for (const [file, request] of cases) {
    it(`gives runLab's report: ${file} ${request.entries}`, () => {
      const held = runLab(loadBars(file), request);
      const { lab, trades } = streamed(file, request, 777);
      const report = lab.report();
      expect(report.result.policies.some((p) => p.stats.trades > 0)).toBe(true);
      // The curves: every bar's point on these series (fewer than MAX_EQUITY_POINTS bars).
      expect(equityStep(held.result.bars)).toBe(1);
      // Everything but the trade lists (a streamed run hands its trades out instead).
      const strip = (r: typeof held) => ({
        ...r,
        result: {
          ...r.result,
          policies: r.result.policies.map((p) => ({
            policy: p.policy,
            equity: p.equity,
            skippedEntries: p.skippedEntries,
            resizedTrades: p.resizedTrades,
            unplacedEntries: p.unplacedEntries,
            unplacedReasons: p.unplacedReasons,
            stats: p.stats,
          })),
        },
      });
      expect(exactJson(strip(report))).toBe(exactJson(strip(held)));
      held.result.policies.forEach((p, i) => {
        expect(exactJson(trades[i])).toBe(exactJson(tradeColumnsOf(p)!.trades()));
      });
    });
  }

  it('takes built-in rules with the default and custom policies, not trade lists or learned policies', () => {
    expect(canStream({ entries: 'donchian:20' })).toBe(true);
    expect(canStream({ entries: 'time,side\n2020-01-01,long\n' })).toBe(false);
    expect(canStream({ entries: 'donchian:20', policies: 'ml-filter' })).toBe(false);
  });
});
