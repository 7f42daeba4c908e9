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
  help: boolean;
}

/** A usage mistake on the command line; the CLI prints it with the usage and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
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
  --sizing <s>      units10 or risk1% (default risk1%)
  --equity <n>      initial equity (default 100000)
  --stress <s>      adverse gaps: gap1.5,p0.02,seed7 (k x ATR on a share of trade bars)
  --split <f>       in-sample fraction for the walk-forward split (default 0.7, 0 = off)
  --bootstrap <n>   bootstrap samples for confidence intervals (default 1000, 0 = off)
  --seed <n>        bootstrap seed (default 1)
  --json | --csv    machine-readable output (JSON carries every trade and the equity curves)
`;

const VALUE_FLAGS = new Set([
  'entries',
  'policies',
  'policy',
  'costs',
  'sizing',
  'equity',
  'stress',
  'split',
  'bootstrap',
  'seed',
]);

function number(flag: string, text: string, min: number, max: number, integer: boolean): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new UsageError(
      `--${flag}: "${text}" must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
    );
  }
  return v;
}

export function parseBacktestArgs(argv: readonly string[]): BacktestArgs {
  const args: BacktestArgs = {
    bars: '',
    entries: '',
    policies: 'all',
    custom: [],
    costs: '',
    sizing: 'risk1%',
    equity: 100_000,
    stress: '',
    split: 0.7,
    bootstrap: 1000,
    seed: 1,
    format: 'table',
    help: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    if (arg === '--json' || arg === '--csv') {
      const format = arg.slice(2) as 'json' | 'csv';
      if (args.format !== 'table' && args.format !== format)
        throw new UsageError('choose one of --json and --csv');
      args.format = format;
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown option ${arg}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`--${flag} needs a value`);
      value = argv[++i];
    }
    switch (flag) {
      case 'entries':
        args.entries = value;
        break;
      case 'policies':
        args.policies = value;
        break;
      case 'policy':
        args.custom.push(value);
        break;
      case 'costs':
        args.costs = value;
        break;
      case 'sizing':
        args.sizing = value;
        break;
      case 'stress':
        args.stress = value;
        break;
      case 'equity':
        args.equity = number(flag, value, 1e-9, 1e15, false);
        break;
      case 'split':
        args.split = number(flag, value, 0, 0.99, false);
        break;
      case 'bootstrap':
        args.bootstrap = number(flag, value, 0, 1_000_000, true);
        break;
      case 'seed':
        args.seed = number(flag, value, 0, 2 ** 32 - 1, true);
        break;
    }
  }
  if (args.help) return args;
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
