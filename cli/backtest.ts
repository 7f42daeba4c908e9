import { BacktestError, parseEntryRule, runLab, type LabRequest } from '../engine/backtest/index.js';
import { BarsError, PlanError, parseBarsCsv, policyDirectors, reversalGates } from '../engine/index.js';
import { BACKTEST_USAGE, parseBacktestArgs, UsageError } from './backtest-args.js';
import { formatCsv, formatJson, formatTable } from './backtest-format.js';

export interface CliIo {
  readFile(path: string): string;
  stdout(s: string): void;
  stderr(s: string): void;
}

/**
 * `exitplan backtest <bars.csv> --entries <rule|trades.csv> ...`. Returns the exit code:
 * 0 done, 2 bad usage or bad input (the message names the field or row), 1 anything else.
 */
export function runBacktestCommand(argv: string[], io: CliIo): number {
  try {
    const args = parseBacktestArgs(argv);
    if (args.help) {
      io.stdout(BACKTEST_USAGE);
      return 0;
    }
    const bars = parseBarsCsv(read(io, args.bars, 'bars file'));
    const entries =
      parseEntryRule(args.entries) !== null ? args.entries : read(io, args.entries, 'trade list');
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
    };
    const report = runLab(bars, request, { gates: reversalGates, directors: policyDirectors(null) });
    if (args.format === 'json')
      io.stdout(
        formatJson(
          report,
          Float64Array.from(bars, (b) => b.time),
        ) + '\n',
      );
    else if (args.format === 'csv') io.stdout(formatCsv(report));
    else io.stdout(formatTable(report));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`exitplan backtest: ${e.message}\n\n${BACKTEST_USAGE}`);
      return 2;
    }
    if (e instanceof BacktestError || e instanceof BarsError || e instanceof PlanError) {
      const where = e instanceof BarsError ? ` (bars file row ${e.row}${e.field ? `, ${e.field}` : ''})` : '';
      io.stderr(`exitplan backtest: ${e.message}${where}\n`);
      return 2;
    }
    if (e instanceof ReadError) {
      io.stderr(`exitplan backtest: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

class ReadError extends Error {}

function read(io: CliIo, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ReadError(`cannot read the ${what} "${path}": ${reason}`);
  }
}
