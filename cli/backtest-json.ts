import {
  equityStep,
  tradeColumnsOf,
  type LabReport,
  type PolicyResult,
  type Trade,
} from '../engine/backtest/index.js';

/** Non-finite numbers (an undefined ratio) are written as null, as JSON has no NaN. */
const finite = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value) ? null : value;
export const json = (value: unknown): string => JSON.stringify(value, finite);

/** Trades and equity points per write: pieces of a few hundred kB. */
const TRADES_PER_WRITE = 500;
const POINTS_PER_WRITE = 10_000;

/** Trade k of a policy: made from the run's trade columns one at a time when it has them. */
function tradeReader(p: PolicyResult): { count: number; at(k: number): Trade } {
  const columns = tradeColumnsOf(p);
  if (columns !== undefined) return { count: columns.length, at: (k) => columns.trade(k) };
  const trades = p.trades;
  return { count: trades.length, at: (k) => trades[k] };
}

/**
 * `backtest --json`: everything, so any total can be recomputed: per policy its statistics,
 * bootstrap intervals, every trade with every fill, and the mark-to-market equity as
 * [time, equity] pairs (every bar's up to MAX_EQUITY_POINTS bars, beyond that every k-th
 * bar's and the last: engine/backtest/stream-lab.ts equityStep). Written in pieces (`write` is called many times): on a big file the
 * whole text is gigabytes, more than the longest string V8 can make, and the trades are
 * millions of objects; each trade is made from the run's columns as it is written. The text
 * is what JSON.stringify gives for the same object (test/unit/cli/backtest-json.test.ts).
 */
export function writeJson(
  report: LabReport,
  times: ArrayLike<number>,
  write: (s: string) => void,
  /** Writes policy i's trades as comma-joined JSON text (a streamed run's spill), instead of its columns. */
  tradeText?: (policy: number, write: (s: string) => void) => void,
): void {
  const r = report.result;
  const head = json({
    request: report.request,
    options: report.options,
    bars: r.bars,
    firstTime: r.firstTime,
    lastTime: r.lastTime,
    barsPerYear: r.barsPerYear,
    entries: r.entries,
    walkForward: report.walkForward,
  });
  write(`${head.slice(0, -1)},"policies":[`);
  r.policies.forEach((p, i) => {
    const meta = json({
      id: p.policy.id,
      label: p.policy.label,
      plan: p.policy,
      stats: p.stats,
      bootstrap: report.bootstrap[i],
      skippedEntries: p.skippedEntries,
      resizedTrades: p.resizedTrades,
    });
    write(`${i > 0 ? ',' : ''}${meta.slice(0, -1)},"trades":[`);
    if (tradeText !== undefined) tradeText(i, write);
    else {
      const trades = tradeReader(p);
      for (let from = 0; from < trades.count; from += TRADES_PER_WRITE) {
        const to = Math.min(trades.count, from + TRADES_PER_WRITE);
        const pieces: string[] = [];
        for (let k = from; k < to; k++) pieces.push(json(trades.at(k)));
        write((from > 0 ? ',' : '') + pieces.join(','));
      }
    }
    write('],"equity":[');
    const equity = p.equity;
    const n = equity.length;
    const step = equityStep(n);
    let pieces: string[] = [];
    let first = true;
    // Bars 0, step, 2 x step, ... and the last (every bar when step is 1).
    const next = (k: number): number => (k === n - 1 ? n : Math.min(k + step, n - 1));
    for (let k = 0; k < n; k = next(k)) {
      pieces.push(`[${json(times[k])},${json(equity[k])}]`);
      if (pieces.length === POINTS_PER_WRITE || k === n - 1) {
        write((first ? '' : ',') + pieces.join(','));
        first = false;
        pieces = [];
      }
    }
    write(']}');
  });
  write(']}\n');
}
