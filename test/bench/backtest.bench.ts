// `npm run bench` (or `npx tsx test/bench/backtest.bench.ts`): the whole backtest lab (all
// default policies, one position at a time, costs on) over the 1,000,000-bar series, as a
// ratio to one batch indicator pass of the engine (ATR14 + RSI14 + BBANDS20x2) over the same
// bars. Target: within 10x. Printed side by side from one run; no assertion on time.
import { atrBatch, bbandsBatch, rsiBatch } from '../../engine/indicators/index.js';
import { ContextColumns, contextNeeds } from '../../engine/exits/context.js';
import {
  DEFAULT_POLICIES,
  compilePolicy,
  labOptions,
  resolveEntries,
  runBacktest,
} from '../../engine/backtest/index.js';
import { columnsToBars, loadMillionBarSeries, timeMedian } from './series.js';

const cols = loadMillionBarSeries();
const bars = columnsToBars(cols);
const reps = Number(process.env.BENCH_REPS ?? 3);

const indicatorPass = (): void => {
  atrBatch(cols.high, cols.low, cols.close, 14);
  rsiBatch(cols.close, 14);
  bbandsBatch(cols.close, 20, 2);
};
const base = timeMedian(indicatorPass, reps * 2);
const options = labOptions({ entries: '', policies: 'all', costs: 'bps2,fill1,slipbps1,slipatr0.05' });
const context = timeMedian(
  () => new ContextColumns(bars, contextNeeds(compilePolicy(DEFAULT_POLICIES[0]))),
  reps,
);

const rows: [string, number, string][] = [['batch indicator pass (ATR14+RSI14+BB20x2)', base, '']];
rows.push(['shared exit context (the engine streaming context, once)', context, '']);
for (const rule of ['random:1:0.01', 'donchian:20']) {
  const entries = resolveEntries(bars, rule);
  let trades = 0;
  const ms = timeMedian(() => {
    const r = runBacktest(bars, entries, options);
    trades = r.policies.reduce((a, p) => a + p.trades.length, 0);
  }, reps);
  rows.push([
    `whole lab, ${DEFAULT_POLICIES.length} policies, entries ${rule} (${entries.length} entries, ${trades} trades)`,
    ms,
    '',
  ]);
}
console.log(`backtest lab over ${bars.length.toLocaleString('en-US')} bars (median of ${reps} runs)`);
for (const [name, ms] of rows)
  console.log(`${name.padEnd(96)} ${ms.toFixed(1).padStart(9)} ms  ${(ms / base).toFixed(1).padStart(6)}x`);
