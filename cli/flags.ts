import { UsageError } from './io.js';

/** A flag's kind: a value (`--stop 2%`, `--stop=2%`), a switch (`--json`), a repeatable value. */
export type FlagKind = 'value' | 'switch' | 'list';

export interface Flags {
  positionals: string[];
  help: boolean;
  /** The value of a value flag (the last one given), or undefined. */
  value(name: string): string | undefined;
  /** Whether a switch was given. */
  on(name: string): boolean;
  /** Every value of a repeatable flag, in order. */
  list(name: string): string[];
}

/**
 * One command's flags. `--help`/`-h` anywhere asks for the command's help. A value flag takes
 * the next argument whatever it starts with, so `--entry -5` reaches the check of its value
 * (a parser that guessed "-5" was a flag answered with jargon). An unknown flag lists the
 * command's flags. Everything wrong here is a UsageError (exit 1).
 */
export function parseFlags(command: string, argv: readonly string[], spec: Record<string, FlagKind>): Flags {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let help = false;
  const known = Object.keys(spec)
    .map((name) => `--${name}`)
    .join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d|^-\.\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const body = arg.startsWith('--') ? arg.slice(2) : '';
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) {
      const given = eq >= 0 ? arg.slice(0, eq + 2) : arg;
      throw new UsageError(`unknown option ${given}; exitplan ${command} takes ${known}`);
    }
    let value: string;
    if (kind === 'switch') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value (got "${inline}")`);
      value = '';
    } else if (inline !== undefined) value = inline;
    else if (i + 1 < argv.length && !/^--[a-z]/i.test(argv[i + 1])) value = argv[++i];
    else throw new UsageError(`--${name} needs a value, e.g. --${name} ${example(name)}`);
    const list = values.get(name) ?? [];
    list.push(value);
    values.set(name, list);
  }
  return {
    positionals,
    help,
    value: (name) => values.get(name)?.at(-1),
    on: (name) => values.has(name),
    list: (name) => values.get(name) ?? [],
  };
}

const EXAMPLES: Record<string, string> = {
  side: 'long',
  stop: '2%',
  entry: '101.5',
  at: '2021-01-04T10:00Z',
  ladder: '1R:50,2R:50',
  trail: 'atr14x2.5',
  entries: 'donchian:20',
  size: '10',
  out: 'indicators.csv',
};

function example(name: string): string {
  return EXAMPLES[name] ?? '<value>';
}
