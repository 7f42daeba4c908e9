// `npm run bench -- backtest`: the whole backtest lab (all default policies, one position at
// a time, costs on) over the 1,000,000-bar series, as a ratio to one batch indicator pass of
// the engine (ATR14 + RSI14 + BBANDS20x2) over the same bars. Target: within 10x. Timed side
// by side in one process; printed, never asserted.
import { atrBatch, bbandsBatch, rsiBatch } from '../../engine/indicators/index.js';
import { ContextColumns, contextNeeds } from '../../engine/exits/context.js';
import {
  DEFAULT_POLICIES,
  compilePolicy,
  labOptions,
  resolveEntries,
  runBacktest,
} from '../../engine/backtest/index.js';
import { printTable, verdict, type Row } from './report.js';
import { columnsToBars, loadMillionBarSeries, timeMedian } from './series.js';

const cols = loadMillionBarSeries();
const bars = columnsToBars(cols);
const reps = Number(process.env.BENCH_REPS ?? 3);

const base = timeMedian(() => {
  atrBatch(cols.high, cols.low, cols.close, 14);
  rsiBatch(cols.close, 14);
  bbandsBatch(cols.close, 20, 2);
}, reps * 2);
// Fixed units: every entry met while flat is traded whatever the P&L, so the work measured
// does not depend on whether the account survives (1% risk sizing on a losing rule over
// 1M bars ends in ruin, after which no trade is taken).
const options = labOptions({
  entries: '',
  policies: 'all',
  costs: 'bps2,fill1,slipbps1,slipatr0.05',
  sizing: 'units1',
});
const needs = contextNeeds(compilePolicy(DEFAULT_POLICIES[0]));
const rows: Row[] = [
  { name: 'batch indicator pass (ATR14 + RSI14 + BB20x2)', ms: base },
  {
    name: 'shared exit context (engine streaming context, once per run)',
    ms: timeMedian(() => new ContextColumns(bars, needs), reps),
  },
];
const lab: { rule: string; ms: number }[] = [];
for (const rule of ['random:1:0.01', 'donchian:20']) {
  const entries = resolveEntries(bars, rule);
  let trades = 0;
  const ms = timeMedian(() => {
    const r = runBacktest(bars, entries, options);
    trades = r.policies.reduce((a, p) => a + p.trades.length, 0);
  }, reps);
  lab.push({ rule, ms });
  rows.push({
    name: `whole lab, ${DEFAULT_POLICIES.length} policies, entries ${rule}`,
    ms,
    note: `${entries.length} entries, ${trades} trades`,
  });
}
printTable(`backtest lab over ${bars.length.toLocaleString('en-US')} bars (median of ${reps})`, rows);
for (const { rule, ms } of lab) {
  verdict(
    `whole lab (${rule}) within 10x of one batch indicator pass`,
    ms <= 10 * base,
    `${(ms / base).toFixed(1)}x`,
  );
}
