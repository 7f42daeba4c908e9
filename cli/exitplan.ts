#!/usr/bin/env node
// The `exitplan` command line: indicators, plan levels and backtests on CSV/JSON bar files.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBacktestCommand } from './backtest.js';
import { runBookCommand } from './book.js';
import { runShieldCommand } from './shield.js';
import { runIndicatorsCommand } from './indicators.js';
import { runLearnCommand } from './learn.js';
import { JOURNAL_HELP, runJournalCommand } from './journal.js';
import { runPlanCommand } from './plan.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.js';
import { nodeIo } from './node-io.js';
import { runRegimesCommand } from './regimes.js';

const HELP = `exitplan - a disciplined exit plan for a discretionary trade

Usage:
  exitplan indicators <bars.csv> [--out file.csv] [--atr 14] [--rsi 14] [--bb 20] [--bb-k 2]
                      [--sma 20] [--ema 20] [--stddev 20]
      One row per bar: time,tr,atr14,rsi14,bb_upper,bb_middle,bb_lower,sma20,ema20,stddev20
      (an empty cell while an indicator warms up).

  exitplan plan <bars.csv> --side long|short --stop <spec> [--entry <price>] [--ladder <spec>]
                [--trail <spec>] [--breakeven <leg>] [--at <time>] [--size <units>]
                [--exhaustion <spec>] [--decay <spec>] [--fees <spec>] [--swing low:high] [--json]
      Prints the plan's levels and, from the entry time on, how the trade played out leg by leg.
      Without --at the trade is entered on the last bar; without --entry at that bar's close.

  exitplan backtest <bars.csv> --entries <rule|trades.csv> [--policies ...] [--costs ...] [--json|--csv]
      Runs the same entries through several exit policies and compares them (exitplan backtest --help).

  exitplan learn reversal <bars.csv> [--horizon N] [--up K] [--down K] [--folds N] [--retrain-every N]
                         [--out model.json] [--predictions preds.csv] [--json]
      Trains the reversal model walk-forward and scores it out of sample (exitplan learn --help).
  exitplan book <message.csv> <orderbook.csv> --side long --entry touch --stop 0.5% ...   (exitplan book --help)
  exitplan shield <bars.csv> --benchmark <bars.csv> [--corr ...] [--entropy ...]   (exitplan shield --help)

${JOURNAL_HELP}

  exitplan learn policy <bars.csv> --entries <rule|trades.csv> [--split 0.7] [--costs ...] [--out policy.json] [--json]
      Learns an exit policy (Hold / Sell 25% / Liquidate) on the first part, judges it on the rest.

  exitplan regimes <bars.csv> [--out regimes.csv] [--json]
      The market regime of every bar, causal: trending, resistance, shift, quiet (exitplan regimes --help).

Plan specs (the same text form the widget and the extension use):
  --stop     95 (a price) | 2% (from the entry) | atr14x1.5 (1.5 x ATR(14))
  --ladder   1R:25,2R:25,fib1.618:50   legs as target:share%; targets 1R (R multiple),
             fib1.618 (extension of the last swing), atr3 (3 x ATR), 5% (from entry), @43210 (a price)
  --trail    none | atr14x2.5 | chandelier22x3, add @1 to start trailing after leg 1
  --breakeven 1 | 1+fees | 1+0.5   move the stop to entry (+ offset) once leg 1 fills
  --exhaustion rsi14>70<30,bb20x2,take25[,act] | none   (on by default, markers only)
  --decay    bars20,min0.5R[,act]   flag a trade without progress after 20 bars
  --fees     bps10,unit0.01,fill1   commission in basis points, per unit, per fill
  --at       UNIX seconds or an ISO date (2021-01-04T10:00Z); the first bar at or after it is the entry bar

Bars: CSV with or without a header (time,open,high,low,close[,volume]; UNIX seconds,
milliseconds, microseconds or nanoseconds, or ISO times; decimal commas where the cells show
them) or a JSON array, read as a stream. "exitplan <command> --help" gives each command's flags.
Exit codes: 0 ok; 1 wrong flags (unknown, missing, without a value); 2 bad input (a flag's value,
a file that cannot be read or is not bars; the message names the file, row or field and the fix).

Examples:
  exitplan indicators ../shared/data/spy_daily_1999-2020.csv --out spy-indicators.csv
  exitplan plan ../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv --side long \\
      --at 2021-01-04T10:00Z --stop atr14x1.5 --ladder 1R:25,2R:25,fib1.618:50 --trail atr14x2.5 --breakeven 1
`;

/** Errors that mean "a value is wrong" (exit 2); each message names the field or row and the fix. */
const BAD_INPUT = new Set(['BarsError', 'PlanError', 'BacktestError', 'IndicatorError', 'InputError']);
const COMMANDS = ['indicators', 'plan', 'backtest', 'learn', 'regimes', 'book', 'shield', 'journal'];

export function main(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'indicators':
        return runIndicatorsCommand(rest, io);
      case 'plan':
        return runPlanCommand(rest, io);
      case 'backtest':
        return runBacktestCommand(rest, io);
      case 'learn':
        return runLearnCommand(rest, io);
      case 'book':
        return runBookCommand(rest, io);
      case 'shield':
        return runShieldCommand(rest, io);
      case 'journal':
        return runJournalCommand(rest, io);
      case 'regimes':
        return runRegimesCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        if (command === 'help' && rest[0] !== undefined && COMMANDS.includes(rest[0]))
          return main([rest[0], '--help'], io);
        io.stdout(HELP);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      case '--version':
        io.stdout('exitplan 0.1.0\n');
        return EXIT_OK;
      default:
        io.stderr(
          `exitplan: unknown command "${command}"; the commands are ${COMMANDS.join(', ')} (exitplan --help)\n`,
        );
        return EXIT_USAGE;
    }
  } catch (error) {
    const e = error as Error;
    if (e instanceof UsageError) {
      io.stderr(`exitplan ${command}: ${e.message}\n(exitplan ${command} --help lists the flags)\n`);
      return EXIT_USAGE;
    }
    if (BAD_INPUT.has(e.name)) {
      io.stderr(`exitplan ${command}: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// Run when executed (the bin, possibly through a symlink), not when imported by tests.
if (isEntryPoint()) {
  // `exitplan indicators big.csv | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const io = nodeIo(
    (s) => writeAll(1, s),
    (s) => writeAll(2, s),
    process.stderr.isTTY === true,
  );
  process.exitCode = main(process.argv.slice(2), io);
}

/**
 * Synchronous writes to stdout/stderr: a stream's write() would queue every row of a large
 * output in memory until the command returns. A closed pipe ends the command quietly.
 */
function writeAll(fd: number, text: string): void {
  try {
    fs.writeSync(fd, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(0);
    if (code !== 'EAGAIN') throw error;
    // A non-blocking pipe that is full: wait for room (rare; a terminal or a file never is).
    let rest = Buffer.from(text);
    while (rest.length > 0) {
      try {
        rest = rest.subarray(fs.writeSync(fd, rest));
      } catch (again) {
        if ((again as NodeJS.ErrnoException).code !== 'EAGAIN') throw again;
      }
    }
  }
}
