// `npm run bench -- policy`: the learned exit policy (issue 20) and the regimes.
// - training: trainPolicy on BTCUSDT 5m with donchian:20 entries, learning on the first 90% of
//   the bars: the behaviour policy's episodes (4 passes of the lab over the training entries,
//   the Position stepping every bar) plus fitted Q-iteration. Reported per 1,000 trades.
// - fitted Q-iteration alone on the same transitions.
// - regimes: regimesBatch over all bars, and RegimeStream bar by bar (per bar), beside the
//   engine's indicator pass (ATR14 + RSI14 + BB20x2) over the same bars, in the same rounds.
// Printed, never asserted.
import { labOptions, resolveEntries } from '../../engine/backtest/lab.js';
import { atrBatch, bbandsBatch, rsiBatch } from '../../engine/indicators/index.js';
import { RegimeStream, regimesBatch } from '../../engine/ml/regimes.js';
import { collectEpisodes } from '../../engine/ml/policy/episodes.js';
import { fitQ } from '../../engine/ml/policy/fqi.js';
import { DEFAULT_POLICY_SETTINGS, trainPolicy } from '../../engine/ml/policy/learn.js';
import { printTable } from './report.js';
import { BTC_5M, collectGarbage, columnsToBars, cpuMs, median, readColumns } from './series.js';

const rounds = Number(process.env.BENCH_REPS ?? 3);
const cols = readColumns(BTC_5M);
const bars = columnsToBars(cols);
const N = bars.length;
const RULE = 'donchian:20';
const entries = resolveEntries(bars, RULE);
const options = labOptions({ entries: RULE, costs: 'bps5,slipbps2' });
const settings = { ...DEFAULT_POLICY_SETTINGS, split: 0.9 };
const splitIndex = Math.floor(N * settings.split);
const set = collectEpisodes(bars, entries, splitIndex, options, settings.seed, settings.passes);
const trades = set.episodes / settings.passes;

const out = {
  atr: new Float64Array(N),
  rsi: new Float64Array(N),
  bands: { upper: new Float64Array(N), middle: new Float64Array(N), lower: new Float64Array(N) },
};
const reference = (): void => {
  atrBatch(cols.high, cols.low, cols.close, 14, out.atr);
  rsiBatch(cols.close, 14, out.rsi);
  bbandsBatch(cols.close, 20, 2, out.bands);
};
let sink = 0;
const stream = (): void => {
  const s = new RegimeStream();
  for (let i = 0; i < N; i++) sink += s.add(bars[i]);
};

const t = {
  ref: [] as number[],
  train: [] as number[],
  fqi: [] as number[],
  batch: [] as number[],
  stream: [] as number[],
};
trainPolicy(bars, entries, options, settings);
for (let r = 0; r < rounds; r++) {
  collectGarbage();
  t.ref.push(cpuMs(reference));
  collectGarbage();
  t.train.push(cpuMs(() => trainPolicy(bars, entries, options, settings)));
  collectGarbage();
  t.fqi.push(cpuMs(() => fitQ(set.transitions)));
  collectGarbage();
  t.batch.push(cpuMs(() => regimesBatch(bars)));
  collectGarbage();
  t.stream.push(cpuMs(stream));
}
const train = median(t.train);
printTable(
  `exit policy on ${N} bars of BTCUSDT 5m, ${trades} training trades, ${set.transitions.action.length} transitions, median of ${rounds} rounds (CPU ms)`,
  [
    { name: 'indicator pass (ATR14+RSI14+BB20x2)', ms: median(t.ref) },
    { name: `trainPolicy (${settings.passes} behaviour passes + fitted Q)`, ms: train },
    { name: 'fitted Q-iteration alone', ms: median(t.fqi) },
    { name: 'regimesBatch', ms: median(t.batch) },
    { name: 'RegimeStream, bar by bar', ms: median(t.stream) },
  ],
);
console.log(`  training per 1,000 trades: ${((train * 1000) / trades).toFixed(0)} ms`);
console.log(
  `  RegimeStream per bar: ${((median(t.stream) * 1e6) / N).toFixed(0)} ns (${(median(t.stream) / median(t.ref)).toFixed(1)}x the indicator pass)`,
);
if (sink === -1) console.log('');
