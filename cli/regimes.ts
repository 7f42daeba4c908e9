import { REGIME_SETTINGS, REGIMES, regimesBatch, RESPONSE_MATRIX } from '../engine/index.js';
import { parseFlags } from './flags.js';
import { UsageError, writeText, type CliIo } from './io.js';
import { readBars } from './read-bars.js';

export const REGIMES_USAGE = `usage: exitplan regimes <bars.csv> [--out regimes.csv] [--json]

The market regime of every bar, causal (bar t reads bars 0..t only): trending, resistance
(mean-reverting near a swing or band extreme), shift (volume surge or ATR jump), quiet (low ATR
percentile), none (warming up or none of these). Thresholds: docs/exit-policy.md.

  --out <file.csv>  write time,regime per bar to a file instead of standard output
  --json            print a summary (counts per regime, thresholds, the response matrix) as JSON
`;

/** `exitplan regimes <bars>`: time,regime per bar. */
export function runRegimesCommand(argv: string[], io: CliIo): number {
  const flags = parseFlags('regimes', argv, { out: 'value', json: 'switch' });
  const positionals = flags.positionals;
  const values = { out: flags.value('out'), json: flags.on('json'), help: flags.help };
  if (values.help) {
    io.stdout(REGIMES_USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError('give exactly one bars file, e.g. exitplan regimes bars.csv');
  const bars = readBars(io, 'regimes', positionals[0]);
  const codes = regimesBatch(bars);
  const rows = ['time,regime'];
  const counts: Record<string, number> = Object.fromEntries(REGIMES.map((r) => [r, 0]));
  for (let i = 0; i < bars.length; i++) {
    rows.push(`${bars[i].time},${REGIMES[codes[i]]}`);
    counts[REGIMES[codes[i]]]++;
  }
  const csv = rows.join('\n') + '\n';
  if (values.out !== undefined) {
    writeText(io, values.out, csv);
    io.stderr(`wrote ${bars.length} rows to ${values.out}\n`);
  }
  if (values.json) {
    const summary = {
      file: positionals[0],
      bars: bars.length,
      counts,
      settings: REGIME_SETTINGS,
      matrix: RESPONSE_MATRIX,
    };
    io.stdout(JSON.stringify(summary, null, 2) + '\n');
  } else if (values.out === undefined) io.stdout(csv);
  return 0;
}
