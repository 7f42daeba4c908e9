import { parseFlags } from './flags.js';
import { InputError, UsageError } from './io.js';
import { numberFlag, type NumberRule } from './numbers.js';

/** The parsed command line of `exitplan backtest`. */
export interface BacktestArgs {
  bars: string;
  entries: string;
  policies: string;
  custom: string[];
  costs: string;
  sizing: string;
  equity: number;
  stress: string;
  split: number;
  bootstrap: number;
  seed: number;
  format: 'table' | 'json' | 'csv';
  wide: boolean;
  reentry: 'next-bar' | 'same-bar';
  help: boolean;
}

export const BACKTEST_USAGE = `usage: exitplan backtest <bars.csv> --entries <rule|trades.csv> [options]

Runs the same entries through several exit policies and prints a comparison.

  --entries <x>     donchian:N | sma:FAST:SLOW | random:SEED[:RATE[:both|long|short]]
                    or a trade list CSV file: time,side[,price]
  --policies <ids>  comma-joined: aioo-2r, aioo-trail, ladder, ladder-be-trail, fib,
                    exhaustion, decay, or all (default all); with the reversal model,
                    trained walk-forward in the run: ml-filter, exhaustion+ml, ml-2r
  --policy <p>      add a custom plan, repeatable: name:stop=atr14x2;ladder=1R:50,2R:50;trail=atr14x3
  --costs <c>       unit0.01,fill1,bps5 (commission), slipbps2, slipatr0.1 (slippage); default none
  --sizing <s>      units10, or risk1% with a notional cap of 1x equity (risk1%,lev2: 2x;
                    risk1%,levnone: uncapped) (default risk1%)
  --equity <n>      initial equity (default 100000)
  --stress <s>      adverse gaps: gap1.5,p0.02,seed7 (k x ATR on a share of trade bars)
  --split <f>       in-sample fraction for the walk-forward split (default 0.7, 0 = off)
  --bootstrap <n>   bootstrap samples for confidence intervals (default 1000, 0 = off)
  --seed <n>        bootstrap seed (default 1)
  --reentry <r>     next-bar (default): a policy takes no entry on the bar where its previous
                    position closed; same-bar: it may re-enter at that bar's close
  --wide            every column of the table (the default fits 100 columns)
  --json | --csv    machine-readable output (JSON carries every trade and the equity curves)
`;

const SPLIT: NumberRule = { min: 0, max: 0.99, what: 'a fraction', example: '0.7' };
const EQUITY: NumberRule = { min: 0, aboveMin: true, max: 1e15, what: 'an amount', example: '100000' };
const BOOTSTRAP: NumberRule = {
  min: 0,
  max: 1_000_000,
  integer: true,
  what: 'a whole number of samples',
  example: '1000',
};
const SEED: NumberRule = { min: 0, max: 2 ** 32 - 1, integer: true, what: 'a whole number', example: '1' };

export function parseBacktestArgs(argv: readonly string[]): BacktestArgs {
  const flags = parseFlags('backtest', argv, {
    entries: 'value',
    policies: 'value',
    policy: 'list',
    costs: 'value',
    sizing: 'value',
    equity: 'value',
    stress: 'value',
    split: 'value',
    bootstrap: 'value',
    seed: 'value',
    json: 'switch',
    csv: 'switch',
    wide: 'switch',
    reentry: 'value',
  });
  const v = (name: string) => flags.value(name);
  const num = (name: string, rule: NumberRule, fallback: number): number => {
    const text = v(name);
    return text === undefined ? fallback : numberFlag(name, text, rule);
  };
  if (flags.on('json') && flags.on('csv')) throw new UsageError('choose one of --json and --csv');
  const args: BacktestArgs = {
    bars: '',
    entries: v('entries') ?? '',
    policies: v('policies') ?? 'all',
    custom: flags.list('policy'),
    costs: v('costs') ?? '',
    sizing: v('sizing') ?? 'risk1%',
    equity: 100_000,
    stress: v('stress') ?? '',
    split: 0.7,
    bootstrap: 1000,
    seed: 1,
    format: flags.on('json') ? 'json' : flags.on('csv') ? 'csv' : 'table',
    help: flags.help,
    wide: flags.on('wide'),
    reentry: 'next-bar',
  };
  if (args.help) return args;
  const reentry = v('reentry');
  if (reentry !== undefined) {
    if (reentry !== 'next-bar' && reentry !== 'same-bar')
      throw new InputError(`--reentry must be next-bar or same-bar, got "${reentry}"`);
    args.reentry = reentry;
  }
  args.equity = num('equity', EQUITY, 100_000);
  args.split = num('split', SPLIT, 0.7);
  args.bootstrap = num('bootstrap', BOOTSTRAP, 1000);
  args.seed = num('seed', SEED, 1);
  const positional = flags.positionals;
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0 ? 'give the bars CSV file' : `one bars file only, got ${positional.join(' ')}`,
    );
  }
  args.bars = positional[0];
  if (args.entries === '')
    throw new UsageError('--entries is required: a rule such as donchian:20 or a trade list CSV');
  return args;
}
