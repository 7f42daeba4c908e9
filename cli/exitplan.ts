#!/usr/bin/env node
// The `exitplan` command line: indicators, plan levels and backtests on CSV/JSON bar files.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBacktestCommand } from './backtest.js';
import { runIndicatorsCommand } from './indicators.js';
import { runLearnCommand } from './learn.js';
import { runPlanCommand } from './plan.js';
import { runRegimesCommand } from './regimes.js';
import { UsageError, type CliIo } from './io.js';

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

Bars: CSV with or without a header (time,open,high,low,close[,volume]; seconds, milliseconds or
ISO times) or a JSON array. Exit codes: 0 ok, 1 usage error, 2 bad input (the message names the
row or field and the fix).

Examples:
  exitplan indicators ../shared/data/spy_daily_1999-2020.csv --out spy-indicators.csv
  exitplan plan ../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv --side long \\
      --at 2021-01-04T10:00Z --stop atr14x1.5 --ladder 1R:25,2R:25,fib1.618:50 --trail atr14x2.5 --breakeven 1
`;

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
      case 'regimes':
        return runRegimesCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 1 : 0;
      case '--version':
        io.stdout('exitplan 0.1.0\n');
        return 0;
      default:
        io.stderr(`exitplan: unknown command "${command}"; run "exitplan --help" for the list\n`);
        return 1;
    }
  } catch (error) {
    const e = error as Error;
    if (e instanceof UsageError) {
      io.stderr(`exitplan ${command}: ${e.message}\n`);
      return 1;
    }
    if (
      e.name === 'BarsError' ||
      e.name === 'PlanError' ||
      e.name === 'IndicatorError' ||
      e.name === 'InputError'
    ) {
      io.stderr(`exitplan ${command}: ${e.message}\n`);
      return 2;
    }
    throw error;
  }
}

const nodeIo: CliIo = {
  readFile(path: string): string {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`,
      );
    }
  },
  writeFile(path: string, text: string): void {
    fs.writeFileSync(path, text);
  },
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

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
  process.exitCode = main(process.argv.slice(2), nodeIo);
}
