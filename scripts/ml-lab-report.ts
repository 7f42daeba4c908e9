// Regenerates the results section of docs/reversal-model.md (between its results markers)
// from ../shared/data: the reversal model's walk-forward scores per market and side, and the
// lab's ML policies beside their static twins. Run from the project root:
//   npx tsx scripts/ml-lab-report.ts            (writes the section)
//   npx tsx scripts/ml-lab-report.ts --stdout   (prints it)
import fs from 'node:fs';
import path from 'node:path';
import { parseBarsCsv, type Bar } from '../engine/index.js';
import { bootstrapTrades, runLab, type Trade } from '../engine/backtest/index.js';
import { barFeatures } from '../engine/ml/features.js';
import { labSettings, reversalGates } from '../engine/ml/lab-policies.js';
import { CONTENDERS, validationReport } from '../engine/ml/report.js';
import { barsNeeded, walkForwardReversal } from '../engine/ml/walk-forward.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const DOC = path.resolve(process.cwd(), 'docs/reversal-model.md');
const START = '<!-- results:start (npx tsx scripts/ml-lab-report.ts) -->';
const END = '<!-- results:end -->';

const MARKETS = [
  { name: 'BTCUSDT 5m (Binance)', file: 'btcusdt_binance_5m_2020-12_2021-07.csv', costs: 'bps7.5,slipbps2' },
  { name: 'ETHUSDT 5m (Binance)', file: 'ethusdt_binance_5m_2020-12_2021-07.csv', costs: 'bps7.5,slipbps2' },
  { name: 'SPY daily', file: 'spy_daily_1999-2020.csv', costs: 'unit0.005,fill1,slipbps2' },
];
const PAIRS = [
  ['aioo-2r', 'ml-2r'],
  ['ladder', 'ml-filter'],
  ['exhaustion', 'exhaustion+ml'],
] as const;
const ENTRIES = 'donchian:20';
const SAMPLES = 1000;
const SEED = 1;

const names: Record<string, string> = {
  model: 'GBDT',
  logistic: 'logistic',
  baseRate: 'base rate',
  exhaustion: 'exhaustion rule',
};
const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

function modelSection(bars: Bar[], out: string[]): void {
  const times = bars.map((b) => b.time);
  out.push(
    '| side | features | bars scored | reversal rate | ' +
      CONTENDERS.map((c) => `${names[c]} AUC / Brier`).join(' | ') +
      ' |',
  );
  out.push('|---|---|---|---|' + CONTENDERS.map(() => '---').join('|') + '|');
  const verdicts: string[] = [];
  for (const side of ['long', 'short'] as const) {
    // With the trade-state features (the default) and without them, on the same bars and labels.
    for (const tradeState of [true, false]) {
      const run = walkForwardReversal(bars, { ...labSettings(bars, side), tradeState });
      const report = validationReport(run, times);
      const o = report.overall;
      out.push(
        `| ${side} | ${tradeState ? 'bar + trade state' : 'bar only'} | ${o.model.samples} | ${(o.model.baseRate * 100).toFixed(1)}% | ` +
          CONTENDERS.map((c) => `${f3(o[c].auc)} / ${o[c].brier.toFixed(4)}`).join(' | ') +
          ' |',
      );
      verdicts.push(`${side}, ${tradeState ? 'bar + trade state' : 'bar only'}: ${report.verdict}`);
    }
  }
  out.push('', ...verdicts.map((v) => `- ${v}`), '');
}

function labSection(bars: Bar[], costs: string, out: string[]): void {
  const first = barsNeeded(labSettings(bars, 'long'), barFeatures(bars).warmup) - 1;
  const report = runLab(
    bars,
    {
      entries: ENTRIES,
      policies: PAIRS.flat().join(','),
      costs,
      sizing: 'risk1%',
      split: 0,
      bootstrap: 0,
    },
    { gates: reversalGates },
  );
  out.push(
    `Entries ${ENTRIES} (both sides), costs \`${costs}\`, risk 1% per trade. Trades entered from ${iso(bars[first].time)} on (the first bar a model scores; before it the ML policies have no signal and trade as their twins), expectancy in R per trade with a ${SAMPLES}-sample bootstrap 95% interval (seed ${SEED}):`,
    '',
    '| static policy | trades | expectancy R [95% CI] | with the model | trades | expectancy R [95% CI] | model slices |',
    '|---|---|---|---|---|---|---|',
  );
  const byId = new Map(report.result.policies.map((p) => [p.policy.id, p]));
  const scored = (id: string): Trade[] => byId.get(id)!.trades.filter((t) => t.entryIndex >= first);
  const cell = (trades: Trade[]): string => {
    const b = bootstrapTrades(trades, SAMPLES, SEED);
    return `${b.expectancyR.point.toFixed(3)} [${b.expectancyR.low.toFixed(3)}, ${b.expectancyR.high.toFixed(3)}]`;
  };
  for (const [plain, ml] of PAIRS) {
    const a = scored(plain);
    const b = scored(ml);
    const slices = b.reduce((s, t) => s + t.fills.filter((f) => f.reason === 'exhaustion').length, 0);
    out.push(`| ${plain} | ${a.length} | ${cell(a)} | ${ml} | ${b.length} | ${cell(b)} | ${slices} |`);
  }
  out.push('');
}

const out: string[] = [START, ''];
for (const m of MARKETS) {
  const bars = parseBarsCsv(fs.readFileSync(path.join(DATA, m.file), 'utf8'));
  const s = labSettings(bars, 'long');
  out.push(
    `### ${m.name}`,
    '',
    `${bars.length} bars, ${iso(bars[0].time)} to ${iso(bars[bars.length - 1].time)}; barriers up ${s.up} / down ${s.down} x ATR(14), horizon ${s.horizon}; retrain every ${s.retrainEvery} bars, first model after ${s.minTrain} labelled bars, embargo ${s.embargo}. Out-of-sample scores (AUC: 0.5 is no skill; Brier: lower is better):`,
    '',
  );
  modelSection(bars, out);
  labSection(bars, m.costs, out);
  console.error(`${m.name}: done`);
}
out.push(END);
const section = out.join('\n');
if (process.argv.includes('--stdout')) console.log(section);
else {
  const doc = fs.readFileSync(DOC, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`${DOC} has no results markers`);
  fs.writeFileSync(DOC, doc.slice(0, a) + section + doc.slice(b + END.length));
  console.error(`${DOC}: results written`);
}
