import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseBarsCsv, parseBarsJson, type Bar } from '../engine/index.js';

/** What a command needs from the outside world; tests pass one that records the output. */
export interface CliIo {
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Wrong flags or arguments: exit code 1 with the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads a CSV or JSON bar file (JSON when the text starts with '['). */
export function readBars(io: CliIo, path: string | undefined): Bar[] {
  if (!path)
    throw new UsageError('give the bars file: a CSV (time,open,high,low,close[,volume]) or a JSON array');
  const text = io.readFile(path);
  try {
    return /^\s*\[/.test(text) ? parseBarsJson(text) : parseBarsCsv(text);
  } catch (error) {
    (error as Error).message = `${path}: ${(error as Error).message}`;
    throw error;
  }
}

/** A whole number flag >= 1. */
export function periodFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a whole number of 1 or more, got "${value}"`);
  return n;
}

/** Flags and positionals of one command; an unknown or malformed flag is a UsageError (exit 1). */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
