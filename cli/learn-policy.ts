import {
  BacktestError,
  buildPolicyFile,
  DEFAULT_POLICY_SETTINGS,
  heatMap,
  judgePolicy,
  labOptions,
  loadModelFile,
  loadPolicyFile,
  MlError,
  parseEntryRule,
  resolveEntries,
  reversalFor,
  scoreWithModel,
  trainPolicy,
  type HeatMap,
  type PolicyComparison,
  type ReversalColumn,
  type TrainedPolicy,
} from '../engine/index.js';
import { parseFlags, type FlagKind } from './flags.js';
import { readText, UsageError, writeText, type CliIo } from './io.js';
import { readBars } from './read-bars.js';

export const LEARN_POLICY_USAGE = `usage: exitplan learn policy <bars.csv> --entries <rule|trades.csv> [options]

Learns an exit policy (Hold / Sell 25% / Liquidate at each close) by fitted Q-iteration on
the trades of the entries before the split, and judges it on the trades after the split beside
the static policies and the adaptive (regime) policy, with bootstrap intervals. Every fill is
the lab's Position with the lab's costs. See docs/exit-policy.md.

  --entries <x>       donchian:N | sma:FAST:SLOW | random:SEED[:RATE[:both|long|short]] | trades.csv
  --split <f>         fraction of the bars learned on (default 0.7); trades open at the split are purged
  --costs <spec>      unit0.01,fill1,bps5,slipbps2,slipatr0.1 (default none)
  --sizing <spec>     units1 | risk1% (default risk1%)
  --seed <n>          seed of the behaviour policy and the bootstrap (default 1)
  --policy <file>     judge a saved policy instead of learning one (its split is used)
  --reversal <m.json> a saved reversal model (exitplan learn reversal --out): its probability at
                      each close joins the state; train it on bars before the split
  --out <policy.json> write the learned policy
  --heatmap <f.csv>   write the heat map (learned action over unrealised R x bars held) as CSV
  --json              print the report as JSON
`;

const FLAGS: Record<string, FlagKind> = {
  entries: 'value',
  split: 'value',
  costs: 'value',
  sizing: 'value',
  seed: 'value',
  policy: 'value',
  reversal: 'value',
  out: 'value',
  heatmap: 'value',
  json: 'switch',
};

/** `exitplan learn policy ...`: 0 done, 1 wrong flags, 2 bad input (named). */
export function runLearnPolicy(argv: string[], io: CliIo): number {
  const parsed = parseFlags('learn policy', argv, FLAGS);
  const positionals = parsed.positionals;
  const flags = {
    entries: parsed.value('entries'),
    split: parsed.value('split'),
    costs: parsed.value('costs'),
    sizing: parsed.value('sizing'),
    seed: parsed.value('seed'),
    policy: parsed.value('policy'),
    reversal: parsed.value('reversal'),
    out: parsed.value('out'),
    heatmap: parsed.value('heatmap'),
    json: parsed.on('json'),
    help: parsed.help,
  };
  if (flags.help) {
    io.stdout(LEARN_POLICY_USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError('give exactly one bars file, e.g. exitplan learn policy bars.csv');
  if (flags.entries === undefined)
    throw new UsageError('--entries is required: a rule (donchian:20) or a trade list (trades.csv)');
  const split = flags.split === undefined ? 0.7 : Number(flags.split);
  if (!(split > 0 && split < 1))
    throw new UsageError(`--split must be between 0 and 1, got "${flags.split}"`);
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a whole number, got "${flags.seed}"`);
  const path = positionals[0];
  const bars = readBars(io, 'learn policy', path);
  try {
    const text = parseEntryRule(flags.entries) !== null ? flags.entries : readText(io, flags.entries);
    const entries = resolveEntries(bars, text);
    const options = labOptions({ entries: text, costs: flags.costs, sizing: flags.sizing });
    const settings = { ...DEFAULT_POLICY_SETTINGS, split, seed };
    let trained: TrainedPolicy;
    let reversal: ReversalColumn | null = null;
    if (flags.reversal !== undefined) {
      const model = loadModelFile(readText(io, flags.reversal));
      reversal = { p: scoreWithModel(bars, model), features: model.file.features };
    }
    const t0 = performance.now();
    if (flags.policy !== undefined) {
      const table = loadPolicyFile(readText(io, flags.policy));
      reversal = reversalFor(table, reversal);
      trained = {
        table,
        settings,
        splitIndex: Math.floor(bars.length * split),
        episodes: 0,
        purged: 0,
        transitions: 0,
      };
    } else trained = trainPolicy(bars, entries, options, settings, reversal);
    const trainMs = performance.now() - t0;
    const comparison = judgePolicy(bars, entries, options, trained, 1000, reversal);
    const heat = heatMap(trained.table);
    if (flags.out !== undefined)
      writeText(io, flags.out, JSON.stringify(buildPolicyFile(bars, trained, options.costs)) + '\n');
    if (flags.heatmap !== undefined) writeText(io, flags.heatmap, heatCsv(heat));
    const splitTime = bars[trained.splitIndex].time;
    if (flags.json) {
      const report = {
        file: path,
        entries: flags.entries,
        split: { fraction: split, index: trained.splitIndex, time: splitTime },
        training: {
          episodes: trained.episodes,
          purged: trained.purged,
          transitions: trained.transitions,
          iterations: trained.table.iterations,
          ms: Math.round(trainMs),
        },
        comparison,
        heatMap: heat,
        reading: reading(comparison),
      };
      io.stdout(
        JSON.stringify(
          report,
          (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
          2,
        ) + '\n',
      );
    } else io.stdout(formatReport(path, trained, splitTime, trainMs, comparison, heat));
    return 0;
  } catch (e) {
    if (e instanceof MlError || e instanceof BacktestError) {
      io.stderr(`exitplan learn policy: ${path}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** The plain reading: does the learned policy's interval clear the best static policy's point, or not. */
export function reading(rows: readonly PolicyComparison[]): string {
  const learned = rows.find((r) => r.id === 'learned')!;
  const statics = rows.filter((r) => r.id !== 'learned' && r.id !== 'adaptive');
  const best = statics.reduce((a, b) => (b.stats.avgR > a.stats.avgR ? b : a));
  const l = learned.bootstrap.expectancyR;
  const fmt = (x: number) => x.toFixed(3);
  if (l.low > best.stats.avgR)
    return `The learned policy helps out of sample: its expectancy interval ${fmt(l.low)}..${fmt(l.high)} R lies above the best static policy (${best.id}, ${fmt(best.stats.avgR)} R).`;
  if (l.high < best.stats.avgR)
    return `The learned policy does worse out of sample than the best static policy (${best.id}, ${fmt(best.stats.avgR)} R): its interval ${fmt(l.low)}..${fmt(l.high)} R lies below it. Do not trade it on this market.`;
  return `No clear difference out of sample: the learned policy's interval ${fmt(l.low)}..${fmt(l.high)} R contains the best static policy's ${fmt(best.stats.avgR)} R (${best.id}); the evidence does not say it helps.`;
}

export function heatCsv(h: HeatMap): string {
  const lines = [['unrealisedR', ...h.columns].join(',')];
  h.cells.forEach((row, i) => lines.push([h.rows[i], ...row.map((c) => c.action)].join(',')));
  return lines.join('\n') + '\n';
}

function formatReport(
  path: string,
  trained: TrainedPolicy,
  splitTime: number,
  ms: number,
  rows: readonly PolicyComparison[],
  heat: HeatMap,
): string {
  const iso = new Date(splitTime * 1000).toISOString().slice(0, 10);
  const out = [
    `Exit policy (Hold / Sell 25% / Liquidate), fitted Q-iteration: ${path}`,
    `Learned on the bars before ${iso} (bar ${trained.splitIndex + 1}): ${trained.episodes} trades, ${trained.purged} purged at the split, ${trained.transitions} transitions, ${trained.table.iterations} iterations, ${Math.round(ms)} ms`,
    'Judged on the entries after the split (95% bootstrap interval of expectancy):',
    '',
    `  ${'policy'.padEnd(16)}${'trades'.padStart(7)}${'avg R'.padStart(8)}${'interval'.padStart(18)}${'fills'.padStart(7)}`,
    ...rows.map((r) => {
      const b = r.bootstrap.expectancyR;
      return `  ${r.id.padEnd(16)}${String(r.stats.trades).padStart(7)}${r.stats.avgR.toFixed(3).padStart(8)}${`${b.low.toFixed(3)}..${b.high.toFixed(3)}`.padStart(18)}${String(r.stats.fills).padStart(7)}`;
    }),
    '',
    reading(rows),
    '',
    'Learned action at full size (rows: unrealised R, columns: bars held; advantage over Hold in R):',
    `  ${''.padEnd(10)}${heat.columns.map((c) => c.padStart(16)).join('')}`,
    ...heat.cells.map(
      (row, i) =>
        `  ${heat.rows[i].padEnd(10)}${row.map((c) => `${c.action}${c.advantage > 0 ? ` +${c.advantage.toFixed(2)}` : ''}`.padStart(16)).join('')}`,
    ),
    '',
  ];
  return out.join('\n');
}
