import {
  buildModelFile,
  CONTENDERS,
  defaultRetrainEvery,
  MlError,
  settingsWith,
  validationReport,
  walkForwardReversal,
  type Contender,
  type ReversalRun,
  type Scores,
  type ValidationReport,
} from '../engine/index.js';
import { parseFlags, type FlagKind } from './flags.js';
import { InputError, UsageError, writeText, type CliIo } from './io.js';
import { runLearnPolicy } from './learn-policy.js';
import { numberFlag, periodFlag } from './numbers.js';
import { readBars } from './read-bars.js';

export const LEARN_USAGE = `usage: exitplan learn reversal <bars.csv> [options]

Trains the reversal model (gradient-boosted trees on causal bar features) with a purged,
embargoed walk-forward and reports its out-of-sample scores beside the baselines.
"Reversal" at a bar: price moves --down x ATR(14) against the side before --up x ATR(14) in
its favour, within --horizon bars.

  --side long|short     the trade's side (default long)
  --horizon <n>         bars before the time barrier (default 20)
  --up <k>              favourable barrier in ATR (default 2)
  --down <k>            adverse barrier in ATR (default 1)
  --folds <n>           chronological groups the scores are reported in (default 5)
  --retrain-every <n>   bars between retrains on the expanding window (default 500 on daily
                        bars or slower, 5000 on intraday bars)
  --min-train <n>       labelled bars the first model needs (default 2000)
  --embargo <n>         bars between the last label learned and the first bar scored (default 20)
  --seed <n>            seed of the learner (default 1)
  --trade-state on|off  the trade-state features (unrealised R, bars held, stop and next leg
                        in R, MFE; a virtual trade in training, a real one where it exists;
                        default on)
  --out <model.json>    write the model file (final model on every labelled bar)
  --predictions <f.csv> write time,p for every bar with an out-of-sample prediction
  --json                print the report as JSON
`;

const FLAGS: Record<string, FlagKind> = {
  side: 'value',
  horizon: 'value',
  up: 'value',
  down: 'value',
  folds: 'value',
  'retrain-every': 'value',
  'min-train': 'value',
  embargo: 'value',
  seed: 'value',
  'trade-state': 'value',
  out: 'value',
  predictions: 'value',
  json: 'switch',
};

const multiple = (name: string, value: string | undefined, fallback: number): number =>
  value === undefined
    ? fallback
    : numberFlag(name, value, {
        min: 0,
        max: 100,
        aboveMin: true,
        what: 'a multiple of ATR',
        example: String(fallback),
      });

const wholeOrZero = (name: string, value: string | undefined, fallback: number): number =>
  value === undefined
    ? fallback
    : numberFlag(name, value, {
        min: 0,
        max: 1_000_000,
        integer: true,
        what: 'a whole number',
        example: String(fallback),
      });

/** `exitplan learn reversal ...`: 0 done, 1 wrong flags, 2 bad input (named). */
export function runLearnCommand(argv: string[], io: CliIo): number {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h' || what === 'help') {
    io.stdout(LEARN_USAGE);
    return what === undefined ? 1 : 0;
  }
  if (what === 'policy') return runLearnPolicy(rest, io);
  if (what !== 'reversal')
    throw new UsageError(
      `unknown model "${what}"; the ones there are: exitplan learn reversal <bars.csv>, exitplan learn policy <bars.csv>`,
    );
  const flags = parseFlags('learn reversal', rest, FLAGS);
  const positionals = flags.positionals;
  if (flags.help) {
    io.stdout(LEARN_USAGE);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`one bars file, got ${positionals.length}: ${positionals.join(' ')}`);
  const side = flags.value('side') ?? 'long';
  if (side !== 'long' && side !== 'short')
    throw new UsageError(`--side must be long or short, got "${side}"`);
  const tradeState = flags.value('trade-state') ?? 'on';
  if (tradeState !== 'on' && tradeState !== 'off')
    throw new UsageError(`--trade-state must be on or off, got "${tradeState}"`);
  const path = positionals[0];
  const bars = readBars(io, 'learn', path);
  try {
    const settings = settingsWith({
      side,
      horizon: periodFlag('horizon', flags.value('horizon'), 20),
      up: multiple('up', flags.value('up'), 2),
      down: multiple('down', flags.value('down'), 1),
      folds: periodFlag('folds', flags.value('folds'), 5),
      retrainEvery: periodFlag('retrain-every', flags.value('retrain-every'), defaultRetrainEvery(bars)),
      minTrain: periodFlag('min-train', flags.value('min-train'), 2000),
      embargo: wholeOrZero('embargo', flags.value('embargo'), 20),
      tradeState: tradeState === 'on',
      gbdt: { seed: wholeOrZero('seed', flags.value('seed'), 1) },
    });
    const run = walkForwardReversal(bars, settings);
    const times = Float64Array.from(bars, (b) => b.time);
    const report = validationReport(run, times);
    const predictions = flags.value('predictions');
    if (predictions !== undefined) writeText(io, predictions, predictionsCsv(run, times));
    const out = flags.value('out');
    if (out !== undefined) writeText(io, out, JSON.stringify(buildModelFile(bars, run, report)) + '\n');
    if (flags.on('json'))
      io.stdout(JSON.stringify({ file: path, settings, blocks: run.blocks, ...report }, null, 2) + '\n');
    else io.stdout(formatReport(path ?? '', run, report));
    return 0;
  } catch (e) {
    // An MlError is about this file's bars (too few, constant features): bad input, exit 2.
    if (e instanceof MlError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

/** `time,p` for every bar with an out-of-sample prediction (p to 6 decimals). */
export function predictionsCsv(run: ReversalRun, times: ArrayLike<number>): string {
  const lines = ['time,p'];
  for (let i = 0; i < run.p.length; i++)
    if (Number.isFinite(run.p[i])) lines.push(`${times[i]},${run.p[i].toFixed(6)}`);
  return lines.join('\n') + '\n';
}

const LABELS: Record<Contender, string> = {
  model: 'GBDT (this model)',
  logistic: 'logistic regression',
  baseRate: 'base rate',
  exhaustion: 'exhaustion rule',
};

const iso = (t: number): string => new Date(t * 1000).toISOString().replace(':00.000Z', 'Z');

function row(label: string, s: Scores): string {
  return `  ${label.padEnd(22)}${s.auc.toFixed(3).padStart(7)}${s.brier.toFixed(4).padStart(9)}${s.logLoss.toFixed(4).padStart(10)}`;
}

function formatReport(path: string, run: ReversalRun, report: ValidationReport): string {
  const s = run.settings;
  const o = report.overall.model;
  const out = [
    `Reversal model, ${s.side} side: ${s.down} x ATR(14) against before ${s.up} x ATR(14) in favour, within ${s.horizon} bars`,
    `${path}: features ${run.features.matrix.names.join(', ')}`,
    `Walk-forward: first model at bar ${run.firstScored + 1}, retrained every ${s.retrainEvery} bars (${run.blocks.length} models), embargo ${s.embargo} bars`,
    `Out of sample: ${o.samples} bars, reversal rate ${(o.baseRate * 100).toFixed(1)}%`,
    '',
    `  ${''.padEnd(22)}${'AUC'.padStart(7)}${'Brier'.padStart(9)}${'log loss'.padStart(10)}`,
    ...CONTENDERS.map((c) => row(LABELS[c], report.overall[c])),
    `  the model's AUC: 95% block-bootstrap interval [${(report.aucInterval ?? [NaN, NaN]).map((a) => a.toFixed(3)).join(', ')}] (blocks of ${s.horizon} bars); ${(report.aucWithinModels ?? NaN).toFixed(3)} over pairs one model scored`,
    '',
    'Per fold (AUC / Brier of the model | logistic | base rate | exhaustion):',
    ...report.folds.map(
      (f) =>
        `  ${iso(f.firstTime)} .. ${iso(f.lastTime)}  ` +
        CONTENDERS.map((c) => `${f.scores[c].auc.toFixed(3)}/${f.scores[c].brier.toFixed(4)}`).join(' | '),
    ),
    '',
    'Calibration of the model (predicted -> observed, bars):',
    ...report.reliability.map(
      (b) =>
        `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${b.meanP.toFixed(3)} -> ${b.observed.toFixed(3)} (${b.count})`,
    ),
    '',
    report.verdict,
    '',
  ];
  return out.join('\n');
}
