/**
 * What every command needs from the outside world, and how it ends. Tests pass an io that
 * records the output (test/unit/cli); the bin passes nodeIo (cli/node-io.ts).
 *
 * Exit codes, the same for every command (the README says them too):
 *   0  done;
 *   1  the command line's shape is wrong (UsageError): an unknown flag, a required flag or
 *      the bars file missing, a flag without its value, an unknown command;
 *   2  a value is wrong (InputError, BarsError, PlanError, BacktestError, IndicatorError): a
 *      flag's value that is not a sensible number, time or spec, a file that cannot be read
 *      or is not bars, a plan that cannot be placed; the message names the file, the row or
 *      the field, and the fix.
 */
export interface CliIo {
  /** The file's bytes, piece by piece in order; throws InputError when it cannot be read. */
  readChunks(path: string, onChunk: (chunk: Uint8Array) => void): void;
  /** The file's size in bytes (for the progress line), 0 when unknown. */
  fileSize(path: string): number;
  /** A file to write text to, piece by piece. */
  openOutput(path: string): { write(text: string): void; close(): void };
  stdout(s: string): void;
  stderr(s: string): void;
  /** Whether stderr is a terminal: only then is a progress line drawn on it. */
  readonly interactive: boolean;
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_BAD_INPUT = 2;

/** Wrong flags or arguments: exit code 1 with the message and where to find the command's help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A value that is wrong: a flag's number, a file that cannot be read (missing, a folder). Exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The whole of a small file (a trade list) as text. */
export function readText(io: CliIo, path: string): string {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  io.readChunks(path, (chunk) => (text += decoder.decode(chunk, { stream: true })));
  return text + decoder.decode();
}

/** A small text output (a model file, a predictions CSV) written whole. */
export function writeText(io: CliIo, path: string, text: string): void {
  const out = io.openOutput(path);
  out.write(text);
  out.close();
}
