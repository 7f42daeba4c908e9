import {
  CorrelationShield,
  DEFAULT_CORRELATION,
  DEFAULT_ENTROPY,
  EntropyGuard,
  formatCorrelation,
  formatEntropy,
  parseCorrelation,
  parseEntropy,
  type Bar,
} from '../engine/index.js';
import { parseFlags } from './flags.js';
import { UsageError, type CliIo } from './io.js';
import { readBars } from './read-bars.js';

export const SHIELD_USAGE = `exitplan shield <bars.csv> --benchmark <bars.csv> [--corr corr12:0.2>0.9@6|none]
                [--entropy entropy3x48>0.98,close|none] [--json]
  Lists the bar shields' events: the correlation exit (the rolling correlation of the asset's
  log returns with the benchmark's jumps from below the low to above the high within the given
  bars) and the entropy guard (normalised permutation entropy of the last returns rises above
  the threshold), each with its bar time and the values that fired it. Bars are paired by time;
  a bar the other file lacks is skipped (and counted).
`;

export interface ShieldEvent {
  /** UNIX seconds of the bar that fired. */
  time: number;
  shield: 'correlation' | 'entropy';
  close: number;
  /** Correlation: the value now and the lowest in the bars before; entropy: the entropy. */
  correlation?: number;
  lowBefore?: number;
  entropy?: number;
  action?: string;
}

export interface ShieldRun {
  pairs: number;
  unmatched: number;
  events: ShieldEvent[];
}

/** Runs both bar shields over the bars paired by time with the benchmark's. */
export function runBarShields(
  bars: readonly Bar[],
  benchmark: readonly Bar[],
  corr: ReturnType<typeof parseCorrelation>,
  ent: ReturnType<typeof parseEntropy>,
): ShieldRun {
  const byTime = new Map<number, number>();
  for (const b of benchmark) byTime.set(b.time, b.close);
  const correlation = corr ? new CorrelationShield(corr) : null;
  const entropy = ent ? new EntropyGuard(ent) : null;
  const events: ShieldEvent[] = [];
  let pairs = 0;
  for (const bar of bars) {
    const other = byTime.get(bar.time);
    if (other === undefined) continue;
    pairs++;
    if (correlation?.add(bar.close, other)) {
      events.push({
        time: bar.time,
        shield: 'correlation',
        close: bar.close,
        correlation: correlation.correlation,
        lowBefore: correlation.lowBefore,
      });
    }
    if (entropy?.add(bar.close)) {
      events.push({
        time: bar.time,
        shield: 'entropy',
        close: bar.close,
        entropy: entropy.entropy,
        action: entropy.spec.action,
      });
    }
  }
  return { pairs, unmatched: bars.length - pairs, events };
}

const iso = (t: number): string => new Date(t * 1000).toISOString().replace('T', ' ').replace(':00.000Z', '');

/** `exitplan shield <bars.csv> --benchmark <bars.csv>`: exit code 0, 1 usage, 2 bad input. */
export function runShieldCommand(argv: string[], io: CliIo): number {
  const flags = parseFlags('shield', argv, {
    benchmark: 'value',
    corr: 'value',
    entropy: 'value',
    json: 'switch',
  });
  const positionals = flags.positionals;
  const values = {
    benchmark: flags.value('benchmark'),
    corr: flags.value('corr'),
    entropy: flags.value('entropy'),
    json: flags.on('json'),
    help: flags.help,
  };
  if (values.help) {
    io.stdout(SHIELD_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || !values.benchmark)
    throw new UsageError(`give one bars file and --benchmark <bars file>\n${SHIELD_USAGE}`);
  const corr = parseCorrelation(values.corr ?? formatCorrelation(DEFAULT_CORRELATION));
  const ent = parseEntropy(values.entropy ?? formatEntropy(DEFAULT_ENTROPY));
  const run = runBarShields(
    readBars(io, 'shield', positionals[0]),
    readBars(io, 'shield', values.benchmark),
    corr,
    ent,
  );
  if (run.pairs < 2)
    throw new UsageError(
      'the two files share fewer than 2 bar times; give bars of the same interval and period',
    );
  const settings = {
    correlation: corr ? formatCorrelation(corr) : 'none',
    entropy: ent ? formatEntropy(ent) : 'none',
  };
  if (values.json) {
    io.stdout(JSON.stringify({ settings, ...run }, null, 2) + '\n');
    return 0;
  }
  const counts = (s: string): number => run.events.filter((e) => e.shield === s).length;
  io.stdout(
    `${run.pairs} bars paired by time (${run.unmatched} without a benchmark bar); ${settings.correlation}: ${counts('correlation')} events, ${settings.entropy}: ${counts('entropy')} events\n`,
  );
  for (const e of run.events) {
    const values =
      e.shield === 'correlation'
        ? `correlation ${e.correlation!.toFixed(3)}, lowest in the bars before ${e.lowBefore!.toFixed(3)}`
        : `permutation entropy ${e.entropy!.toFixed(4)} -> ${e.action}`;
    io.stdout(`${iso(e.time)}  ${e.shield.padEnd(11)}  close ${e.close}  ${values}\n`);
  }
  return 0;
}
