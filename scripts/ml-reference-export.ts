// Writes test/fixtures/ml/reversal-reference.csv: the reversal model's features and labels
// on a slice of real bars, the same matrix both learners are fed in the reference check
// (test/fixtures/ml/README.md has the commands). Run from the project root:
//   npx tsx scripts/ml-reference-export.ts
import fs from 'node:fs';
import path from 'node:path';
import { parseBarsCsv } from '../engine/index.js';
import { barFeatures } from '../engine/ml/features.js';
import { tripleBarrierLabels } from '../engine/ml/labels.js';

const SOURCE = 'btcusdt_binance_5m_2020-12_2021-07.csv';
/** Barriers of the fixture: the default 2/1 x ATR, over a short window (see the README). */
const BARRIERS = { side: 'long', horizon: 6, up: 2, down: 1 } as const;
const TRAIN = 3000;
const TEST = 1500;
/** Bars between the last training row and the first test row: the label window, purged. */
const GAP = BARRIERS.horizon;
/** Significant digits written: the file is the matrix, so both learners see these values. */
const DIGITS = 5;

const bars = parseBarsCsv(fs.readFileSync(path.resolve('../shared/data', SOURCE), 'utf8'));
const features = barFeatures(bars);
const { matrix: x, atr, valid, warmup } = features;
const col = (k: 'high' | 'low' | 'close'): Float64Array => Float64Array.from(bars, (b) => b[k]);
const labels = tripleBarrierLabels(col('high'), col('low'), col('close'), atr, valid, BARRIERS);
const lines = [['time', 'set', 'label', ...x.names].join(',')];
let train = 0;
let test = 0;
let gapLeft = GAP;
for (let i = warmup; i < bars.length && test < TEST; i++) {
  if (valid[i] !== 1 || labels.end[i] < 0) continue;
  let set: string;
  if (train < TRAIN) {
    set = 'train';
    train++;
  } else if (gapLeft > 0) {
    gapLeft--;
    continue;
  } else {
    set = 'test';
    test++;
  }
  const row = x.names.map((_, f) => Number(x.values[i * x.width + f].toPrecision(DIGITS)));
  lines.push([bars[i].time, set, labels.label[i], ...row].join(','));
}
const out = path.resolve('test/fixtures/ml/reversal-reference.csv');
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`${out}: ${train} train + ${test} test rows, ${x.width} features`);
