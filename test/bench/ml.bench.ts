// `npm run bench -- ml`: the reversal model (issue 17) on the first 50,000 bars of BTCUSDT 5m.
// Targets: training under 3 s, scoring under 2 us per bar. Each figure is also given as a ratio
// to the engine's indicator pass over the same bars (atrBatch(14) + rsiBatch(14) +
// bbandsBatch(20, 2) on Float64Array columns, as the other benches use), measured in the same
// rounds, contenders taking turns. Printed, never asserted.
//
// The model is the default one: bar features and the trade-state features of the long side's
// virtual trade (engine/ml/trade-state.ts), 22 features on these bars.
// - features: barFeatures + withTradeState over the 50,000 bars (every feature of every bar, batch).
// - training: trainGbdt with DEFAULT_GBDT on every labelled bar (the rows the final model of
//   `exitplan learn reversal --out` learns from), binning included.
// - scoring: the trained ensemble on one bar's feature row, bar after bar over the series (what
//   a live chart does at each close); per bar.
// - the walk-forward (every model of `exitplan learn reversal` with the intraday default of a
//   retrain every 5,000 bars), once, for scale.
// - scikit-learn's HistGradientBoostingClassifier on the same matrix and settings, via
//   Debian's /usr/bin/python3 (timed inside Python, fit only), where it is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atrBatch, bbandsBatch, rsiBatch } from '../../engine/indicators/index.js';
import { barFeatures } from '../../engine/ml/features.js';
import { DEFAULT_GBDT, trainGbdt } from '../../engine/ml/gbdt.js';
import { tripleBarrierLabels, DEFAULT_BARRIERS } from '../../engine/ml/labels.js';
import { selectRows } from '../../engine/ml/matrix.js';
import { ReversalStream } from '../../engine/ml/stream.js';
import { withTradeState } from '../../engine/ml/trade-state.js';
import { settingsWith, walkForwardReversal } from '../../engine/ml/walk-forward.js';
import { printTable, verdict } from './report.js';
import { BTC_5M, collectGarbage, columnsToBars, cpuMs, median, readColumns } from './series.js';

const N = 50_000;
const rounds = Number(process.env.BENCH_REPS ?? 3);
const all = readColumns(BTC_5M);
const cols = {
  time: all.time.slice(0, N),
  open: all.open.slice(0, N),
  high: all.high.slice(0, N),
  low: all.low.slice(0, N),
  close: all.close.slice(0, N),
  volume: all.volume.slice(0, N),
};
const bars = columnsToBars(cols);

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

const allFeatures = () => withTradeState(barFeatures(bars), bars, 'long');
const features = allFeatures();
const labels = tripleBarrierLabels(
  cols.high,
  cols.low,
  cols.close,
  features.atr,
  features.valid,
  DEFAULT_BARRIERS,
);
const rows: number[] = [];
for (let t = features.warmup; t < N; t++) if (features.valid[t] === 1 && labels.end[t] >= 0) rows.push(t);
const x = selectRows(features.matrix, rows);
const y = Float64Array.from(rows, (t) => labels.label[t]);
let model = trainGbdt(x, y);
const { values, width } = features.matrix;
let sink = 0;
const score = (): void => {
  let s = 0;
  for (let i = features.warmup; i < N; i++) s += model.predict(values, i * width);
  sink += s;
};
const scored = N - features.warmup;
// Streaming: every bar through ReversalStream (the streaming indicators, the features, the
// virtual trade, the trees).
const stream = (): void => {
  const s = ReversalStream.forHistory(model, features.matrix.names, features.groups, bars, 'long');
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const p = s.add(bars[i]);
    if (p === p) sum += p;
  }
  sink += sum;
};

const times = {
  ref: [] as number[],
  features: [] as number[],
  train: [] as number[],
  score: [] as number[],
  stream: [] as number[],
  streamCold: [] as number[],
};
for (const fn of [reference, score, stream]) fn();
for (let r = 0; r < rounds; r++) {
  collectGarbage();
  const ref: number[] = [];
  for (let k = 0; k < 5; k++) ref.push(cpuMs(reference));
  times.ref.push(median(ref));
  collectGarbage();
  times.features.push(cpuMs(allFeatures));
  collectGarbage();
  times.train.push(cpuMs(() => (model = trainGbdt(x, y))));
  collectGarbage();
  times.score.push(cpuMs(score));
  collectGarbage();
  // Two passes: the first right after training and a full GC, which V8 lets age the stream's
  // compiled code (a cold start, as after a chart's idle spell), then the same pass again: the
  // steady state a chart replaying or catching up on bars runs at. Both are printed.
  times.streamCold.push(cpuMs(stream));
  times.stream.push(cpuMs(stream));
}
collectGarbage();
const walkMs = cpuMs(() => walkForwardReversal(bars, settingsWith({ retrainEvery: 5000 })));

const ref = median(times.ref);
const trainMs = median(times.train);
const scoreNs = (median(times.score) * 1e6) / scored;
const refNsPerBar = (ref * 1e6) / N;
printTable(
  `reversal model, ${N} bars of BTCUSDT 5m, ${x.rows} labelled rows x ${x.width} features, median of ${rounds} rounds (CPU ms)`,
  [
    { name: 'indicator pass (ATR14+RSI14+BB20x2)', ms: ref },
    { name: 'features (barFeatures + withTradeState)', ms: median(times.features) },
    { name: `training (${DEFAULT_GBDT.iterations} trees, ${DEFAULT_GBDT.maxLeaves} leaves)`, ms: trainMs },
    { name: `scoring ${scored} bars one by one`, ms: median(times.score) },
    { name: `streaming ${N} bars (indicators + features + trees)`, ms: median(times.stream) },
    { name: `  the same, first pass after training and a GC`, ms: median(times.streamCold) },
    { name: `walk-forward (${Math.ceil((N - 2303) / 5000)} models, baselines included), once`, ms: walkMs },
  ],
);
console.log(
  `  per bar: indicator pass ${refNsPerBar.toFixed(0)} ns, scoring ${scoreNs.toFixed(0)} ns (${(scoreNs / refNsPerBar).toFixed(1)}x the indicator pass)`,
);
verdict(
  'training on 50,000 bars < 3 s',
  trainMs < 3000,
  `${(trainMs / 1000).toFixed(2)} s (${(trainMs / ref).toFixed(0)}x the indicator pass)`,
);
verdict('scoring < 2 us per bar', scoreNs < 2000, `${(scoreNs / 1000).toFixed(2)} us per bar`);
const streamNs = (median(times.stream) * 1e6) / N;
const coldNs = (median(times.streamCold) * 1e6) / N;
verdict(
  'streaming (features + scoring) < 2 us per bar',
  streamNs < 2000,
  `${(streamNs / 1000).toFixed(2)} us per bar (${(streamNs / refNsPerBar).toFixed(0)}x the batch indicator pass per bar); first pass after training and a GC ${(coldNs / 1000).toFixed(2)} us (${(coldNs / refNsPerBar).toFixed(0)}x)`,
);

const python = '/usr/bin/python3';
if (fs.existsSync(python)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-ml-bench-'));
  const csv = path.join(dir, 'matrix.csv');
  const lines: string[] = [];
  for (let r = 0; r < x.rows; r++)
    lines.push(`${y[r]},${Array.from(x.values.subarray(r * width, (r + 1) * width)).join(',')}`);
  fs.writeFileSync(csv, lines.join('\n') + '\n');
  const script = `
import sys, time, numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
d = np.loadtxt(sys.argv[1], delimiter=',')
y, x = d[:, 0], d[:, 1:]
ts = []
for _ in range(${rounds}):
    m = HistGradientBoostingClassifier(max_iter=${DEFAULT_GBDT.iterations}, learning_rate=${DEFAULT_GBDT.learningRate}, max_leaf_nodes=${DEFAULT_GBDT.maxLeaves}, max_depth=${DEFAULT_GBDT.maxDepth}, min_samples_leaf=${DEFAULT_GBDT.minSamplesLeaf}, l2_regularization=${DEFAULT_GBDT.l2}, max_bins=${DEFAULT_GBDT.maxBins}, early_stopping=False)
    t = time.process_time(); w = time.perf_counter(); m.fit(x, y); ts.append((time.process_time() - t, time.perf_counter() - w))
ts.sort()
print('%.1f %.1f' % (ts[len(ts) // 2][0] * 1000, ts[len(ts) // 2][1] * 1000))
`;
  const result = spawnSync(python, ['-c', script, csv], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (result.status === 0) {
    const [cpu, wall] = result.stdout.trim().split(' ').map(Number);
    console.log(
      `  scikit-learn ${'HistGradientBoostingClassifier'} fit, same matrix and settings, one thread: ${cpu} ms CPU (${wall} ms wall); ours ${trainMs.toFixed(0)} ms = ${(trainMs / cpu).toFixed(2)}x`,
    );
  } else console.log(`  scikit-learn: ${python} failed: ${result.stderr.trim().split('\n').pop()}`);
} else console.log(`  scikit-learn: ${python} is not installed here; no reference timing`);
console.log('  LightGBM: not installable on this machine (no network but npm); not timed');
if (sink === 0) console.log('');
