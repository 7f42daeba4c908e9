// ATR(14) + RSI(14) + BBANDS(20, 2) over the 1,000,000-bar series, batch, side by side in one
// run: this engine, @ixjb94/indicators, trading-signals (per-bar add(): it has no batch path),
// technicalindicators and TA-Lib (native binding). Each library gets its natural input format,
// built just before its turn (untimed) and dropped after it, so no library's timing pays for
// collecting another's million objects. Medians of several repetitions after a warm-up run.
// Targets (issue 2): >= 3x faster than @ixjb94/indicators, >= 20x faster than trading-signals.
import { createRequire } from 'node:module';
import { IndicatorsSync } from '@ixjb94/indicators';
import * as ti from 'technicalindicators';
import { ATR as TsATR, BollingerBands as TsBB, RSI as TsRSI } from 'trading-signals';
import { atrBatch, bbandsBatch, rsiBatch } from '../../engine/indicators/index.js';
import { printTable, verdict, type Row } from './report.js';
import { collectGarbage, loadMillionBarSeries, median, timeMedian, timeRounds, toArray } from './series.js';

interface TalibResult {
  result: Record<string, number[]>;
}
const talib = createRequire(import.meta.url)('talib') as { execute(p: Record<string, unknown>): TalibResult };

const c = loadMillionBarSeries();
const n = c.close.length;

/** Last ATR, RSI and upper band of a run: every library must agree with ours. */
type Last = [number, number, number];
const last = (xs: ArrayLike<number>): number => xs[xs.length - 1];

const plainArrays = () => ({ high: toArray(c.high), low: toArray(c.low), close: toArray(c.close) });

const impls: { name: string; reps: number; prepare: () => () => Last }[] = [
  {
    name: 'exitplan (Float64Array batch)',
    reps: 21,
    prepare: () => () => {
      const atr = atrBatch(c.high, c.low, c.close, 14);
      const rsi = rsiBatch(c.close, 14);
      const bb = bbandsBatch(c.close, 20, 2);
      return [last(atr), last(rsi), last(bb.upper)];
    },
  },
  {
    name: '@ixjb94/indicators 1.2 (IndicatorsSync)',
    reps: 15,
    prepare: () => {
      const a = plainArrays();
      const ta = new IndicatorsSync();
      return () => [
        last(ta.atr(a.high, a.low, a.close, 14)),
        last(ta.rsi(a.close, 14)),
        last(ta.bbands(a.close, 20, 2)[2]),
      ];
    },
  },
  {
    name: 'trading-signals 8.3 (add per bar)',
    reps: 7,
    prepare: () => {
      const a = plainArrays();
      const candles = a.close.map((close, i) => ({ high: a.high[i], low: a.low[i], close }));
      return () => {
        const atr = new TsATR(14);
        const rsi = new TsRSI(14);
        const bb = new TsBB(20, 2);
        for (let i = 0; i < n; i++) {
          atr.add(candles[i]);
          rsi.add(a.close[i]);
          bb.add(a.close[i]);
        }
        return [Number(atr.getResult()), Number(rsi.getResult()), Number(bb.getResult()?.upper)];
      };
    },
  },
  {
    name: 'technicalindicators 3.1 (calculate)',
    reps: 5,
    prepare: () => {
      const a = plainArrays();
      return () => [
        last(ti.ATR.calculate({ high: a.high, low: a.low, close: a.close, period: 14 })),
        last(ti.RSI.calculate({ values: a.close, period: 14 })),
        ti.BollingerBands.calculate({ values: a.close, period: 20, stdDev: 2 })[n - 20].upper,
      ];
    },
  },
  {
    name: 'talib 1.1.6 (native TA-Lib)',
    reps: 3,
    prepare: () => {
      const a = plainArrays();
      const span = { startIdx: 0, endIdx: n - 1 };
      return () => [
        last(talib.execute({ name: 'ATR', ...span, ...a, optInTimePeriod: 14 }).result.outReal),
        last(talib.execute({ name: 'RSI', ...span, inReal: a.close, optInTimePeriod: 14 }).result.outReal),
        last(
          talib.execute({
            name: 'BBANDS',
            ...span,
            inReal: a.close,
            optInTimePeriod: 20,
            optInNbDevUp: 2,
            optInNbDevDn: 2,
            optInMAType: 0,
          }).result.outRealUpperBand,
        ),
      ];
    },
  },
];

console.log(`\nATR(14) + RSI(14) + BBANDS(20,2), batch, ${n.toLocaleString('en')} bars (median ms)`);
console.log('Each library runs in alternation with exitplan (paired rounds), so load swings on a shared');
console.log('machine hit both sides of each ratio alike.');
const [ours, ...others] = impls;
const oursRun = ours.prepare();
const reference = oursRun();
const rows: Row[] = [];
const oursTimes: number[] = [];
for (const impl of others) {
  let run: (() => Last) | null = impl.prepare();
  const got = run();
  // technicalindicators rounds RSI to 2 decimals; the rest agree to rounding.
  const diffs = got.map((v, i) => Math.abs(v - reference[i]) / Math.abs(reference[i]));
  const [mine, theirs] = timeRounds([oursRun, run], impl.reps);
  oursTimes.push(mine);
  rows.push({
    name: impl.name,
    ms: theirs,
    note: `${(theirs / mine).toFixed(1)}x exitplan's ${mine.toFixed(1)} ms in the same rounds; last ATR/RSI/upper vs ours ${diffs.map((d) => d.toExponential(0)).join(' ')}`,
  });
  run = null;
  collectGarbage();
}
const oursMs = median(oursTimes);
printTable('', [{ name: ours.name, ms: oursMs, note: 'median of its paired runs' }, ...rows]);
const ratio = (i: number): number => rows[i].ms / oursTimes[i];
verdict('>= 3x faster than @ixjb94/indicators', ratio(0) >= 3, `${ratio(0).toFixed(1)}x`);
verdict('>= 20x faster than trading-signals', ratio(1) >= 20, `${ratio(1).toFixed(1)}x`);

printTable('exitplan batch functions one by one (median ms)', [
  { name: 'atrBatch(14)', ms: timeMedian(() => atrBatch(c.high, c.low, c.close, 14), 21) },
  { name: 'rsiBatch(14)', ms: timeMedian(() => rsiBatch(c.close, 14), 21) },
  { name: 'bbandsBatch(20, 2), 5 outputs', ms: timeMedian(() => bbandsBatch(c.close, 20, 2), 21) },
]);
