import { canStream, parseEntryRule, runLab, type LabRequest } from '../engine/backtest/index.js';
import { labDirectors, policyFilesNamed, reversalGates } from '../engine/index.js';
import { BACKTEST_USAGE, parseBacktestArgs } from './backtest-args.js';
import { formatCsv, formatTable } from './backtest-format.js';
import { json, writeJson } from './backtest-json.js';
import { runStreamedBacktest, STREAM_FROM_BYTES } from './backtest-stream.js';
import { readText, type CliIo } from './io.js';
import { readBarColumns } from './read-bars.js';

/**
 * `exitplan backtest <bars.csv> --entries <rule|trades.csv> ...`. Returns the exit code (0);
 * its errors end the command as every command's do (cli/io.ts: 1 wrong flags, 2 bad input).
 *
 * A file from `streamFrom` bytes up (STREAM_FROM_BYTES), with a built-in entry rule and no
 * learned policy, is run as it streams past (cli/backtest-stream.ts): memory stays bounded
 * whatever its size (test/bench/bars-stream.bench.ts measures it on a 1 GiB file). Otherwise
 * the bars are read as a stream into columns and the lab runs over those columns (no object
 * per bar); memory then grows with the bars: a trade list or a learned policy on a file of
 * gigabytes needs gigabytes, and so does a pipe (/dev/stdin), which cannot be read twice.
 * Both ways give the same report (test/unit/cli/backtest-stream.test.ts).
 */
export function runBacktestCommand(argv: string[], io: CliIo, streamFrom = STREAM_FROM_BYTES): number {
  const args = parseBacktestArgs(argv);
  if (args.help) {
    io.stdout(BACKTEST_USAGE);
    return 0;
  }
  const rule = parseEntryRule(args.entries) !== null;
  const request: LabRequest = {
    entries: args.entries,
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
  if (rule && args.bars && io.fileSize(args.bars) >= streamFrom && streams(request)) {
    const run = runStreamedBacktest(io, args.bars, request, json, args.format === 'json');
    try {
      if (args.format === 'json') writeJson(run.report, run.pointTimes, io.stdout, run.trades ?? undefined);
      else if (args.format === 'csv') io.stdout(formatCsv(run.report));
      else io.stdout(formatTable(run.report, args.wide));
    } finally {
      run.cleanUp();
    }
    return 0;
  }
  const columns = readBarColumns(io, 'backtest', args.bars);
  request.entries = rule ? args.entries : readText(io, args.entries);
  const report = runLab(columns, request, { gates: reversalGates, directors: labDirectors(policyFiles) });
  if (args.format === 'json') writeJson(report, columns.time, io.stdout);
  else if (args.format === 'csv') io.stdout(formatCsv(report));
  else io.stdout(formatTable(report, args.wide));
  return 0;
}

/** canStream, with a request it cannot read left to the held run (which reports its errors in their usual order). */
function streams(request: LabRequest): boolean {
  try {
    return canStream(request);
  } catch {
    return false;
  }
}
