// `backtest --json` is written in pieces (cli/backtest-json.ts): on a big file the whole text is
// gigabytes, past the longest string V8 can make. The pieces must join into exactly the text
// JSON.stringify gives for the whole report object, built here the way the command built it
// before (every trade object, every [time, equity] pair), on real SPY bars with costs.
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../../cli/backtest-json.js';
import { runLab, type LabReport } from '../../../engine/backtest/index.js';
import { barsToColumns } from '../../../engine/index.js';
import { loadBars, SPY_DAILY } from '../support/data.js';

function wholeJson(report: LabReport, times: ArrayLike<number>): string {
  const r = report.result;
  return JSON.stringify(
    {
      request: report.request,
      options: report.options,
      bars: r.bars,
      firstTime: r.firstTime,
      lastTime: r.lastTime,
      barsPerYear: r.barsPerYear,
      entries: r.entries,
      walkForward: report.walkForward,
      policies: r.policies.map((p, i) => ({
        id: p.policy.id,
        label: p.policy.label,
        plan: p.policy,
        stats: p.stats,
        bootstrap: report.bootstrap[i],
        skippedEntries: p.skippedEntries,
        resizedTrades: p.resizedTrades,
        trades: p.trades,
        equity: Array.from(p.equity, (e, k) => [times[k], e]),
      })),
    },
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
  );
}

describe('backtest --json', () => {
  it('is written in pieces that join into the JSON of the whole report', () => {
    const columns = barsToColumns(loadBars(SPY_DAILY));
    const report = runLab(columns, { entries: 'donchian:20', costs: 'bps2,fill1,slipbps1', bootstrap: 100 });
    const pieces: string[] = [];
    writeJson(report, columns.time, (s) => void pieces.push(s));
    expect(pieces.join('')).toBe(wholeJson(report, columns.time) + '\n');
    // SPY daily, 5,241 bars (../shared/data/README.md): each policy's equity comes in one
    // piece of 10,000 points or fewer, its trades in pieces of 500; none holds the whole.
    expect(pieces.length).toBeGreaterThan(3 * report.result.policies.length);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(pieces.join('').length / 5);
  });
});
