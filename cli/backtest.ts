import { parseEntryRule, runLab, type LabRequest } from '../engine/backtest/index.js';
import { labDirectors, policyFilesNamed, reversalGates } from '../engine/index.js';
import { BACKTEST_USAGE, parseBacktestArgs } from './backtest-args.js';
import { formatCsv, formatTable } from './backtest-format.js';
import { writeJson } from './backtest-json.js';
import { readText, type CliIo } from './io.js';
import { readBarColumns } from './read-bars.js';

/**
 * `exitplan backtest <bars.csv> --entries <rule|trades.csv> ...`. Returns the exit code (0);
 * its errors end the command as every command's do (cli/io.ts: 1 wrong flags, 2 bad input).
 * The bars file is read as a stream into columns (no text of the whole file), and the lab
 * runs over those columns (no object per bar), as it runs every policy over all of them: its
 * memory is the columns, the lab's per-bar columns (indicators, one equity curve a policy)
 * and the trades (test/bench/bars-stream.bench.ts measures it on a 1 GiB file).
 */
export function runBacktestCommand(argv: string[], io: CliIo): number {
  const args = parseBacktestArgs(argv);
  if (args.help) {
    io.stdout(BACKTEST_USAGE);
    return 0;
  }
  const columns = readBarColumns(io, 'backtest', args.bars);
  const entries = parseEntryRule(args.entries) !== null ? args.entries : readText(io, args.entries);
  const request: LabRequest = {
    entries,
    policies: args.policies,
    custom: args.custom,
    costs: args.costs,
    sizing: args.sizing,
    equity: args.equity,
    stress: args.stress,
    split: args.split,
    bootstrap: args.bootstrap,
    seed: args.seed,
    reentry: args.reentry,
  };
  // A custom plan's policy=learned:<file> reads the saved policy from that path.
  const policyFiles: Record<string, string> = {};
  for (const file of policyFilesNamed(args.custom ?? [])) policyFiles[file] = readText(io, file);
  request.policyFiles = policyFiles;
  const report = runLab(columns, request, { gates: reversalGates, directors: labDirectors(policyFiles) });
  if (args.format === 'json') writeJson(report, columns.time, io.stdout);
  else if (args.format === 'csv') io.stdout(formatCsv(report));
  else io.stdout(formatTable(report, args.wide));
  return 0;
}
