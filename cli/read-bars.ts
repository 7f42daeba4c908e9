import { BarsError, CsvBarReader, parseBarsJson, type BarColumns } from '../engine/index.js';
import { barsFromColumns, barsToColumns, type Bar } from '../engine/index.js';
import { UsageError, type CliIo } from './io.js';

/**
 * A bars file read as a stream: CSV bytes straight into the engine's CsvBarReader, handed on
 * piece by piece (`onBars`), so a file of any size is read in bounded memory; a JSON array
 * (text starting with '[') is parsed whole, as JSON cannot be read in pieces by JSON.parse.
 * Errors carry the file name ("bars.csv: row 41: ..."), the same form in every command. What
 * the reader inferred (decimal commas, times in milliseconds) is said on stderr, and on a
 * terminal a progress line counts the bytes read.
 */
export function streamBars(
  io: CliIo,
  command: string,
  path: string | undefined,
  onBars: (columns: BarColumns) => void,
  /** Whether to say what the reader inferred (a second pass over the same file need not). */
  sayNotes = true,
  /** Which of several reads this is, for the progress line ("pass 1 of 2"). */
  pass = '',
): void {
  if (!path)
    throw new UsageError('give the bars file: a CSV (time,open,high,low,close[,volume]) or a JSON array');
  const progress = new Progress(io, path, pass);
  const reader = new CsvBarReader();
  let json: string[] | null = null;
  let first = true;
  try {
    io.readChunks(path, (chunk) => {
      if (first) {
        first = false;
        if (/^(\uFEFF)?\s*\[/.test(new TextDecoder().decode(chunk.subarray(0, 64)))) json = [];
      }
      progress.advance(chunk.length);
      if (json) json.push(new TextDecoder().decode(chunk));
      else {
        reader.pushBytes(chunk);
        const columns = reader.takeColumns();
        if (columns.time.length > 0) onBars(columns);
      }
    });
    if (json) onBars(barsToColumns(parseBarsJson((json as string[]).join(''))));
    else {
      const last = reader.end();
      if (last.time.length > 0) onBars(last);
    }
  } catch (error) {
    if (error instanceof BarsError) error.message = `${path}: ${error.message}`;
    throw error;
  } finally {
    progress.done();
  }
  if (sayNotes) for (const note of reader.notes()) io.stderr(`exitplan ${command}: ${path}: ${note}\n`);
}

/**
 * The whole file's bars as one set of columns (plan and backtest need them all), joined column
 * by column from the pieces the reader handed on, each piece's column let go once copied: the
 * join holds the bars 7/6 times at its peak, not twice.
 */
export function readBarColumns(io: CliIo, command: string, path: string | undefined): BarColumns {
  const pieces: Partial<BarColumns>[] = [];
  streamBars(io, command, path, (columns) => pieces.push(columns));
  if (pieces.length === 1) return pieces[0] as BarColumns;
  const total = pieces.reduce((sum, p) => sum + p.time!.length, 0);
  const out = {} as BarColumns;
  for (const key of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    const column = new Float64Array(total);
    let at = 0;
    for (const piece of pieces) {
      column.set(piece[key]!, at);
      at += piece[key]!.length;
      delete piece[key];
    }
    out[key] = column;
  }
  return out;
}

/** "reading bars.csv: 45% of 1.0 GB" on stderr, redrawn in place, only on a terminal. */
class Progress {
  private read = 0;
  private shown = -1;
  private readonly total: number;

  constructor(
    private readonly io: CliIo,
    private readonly path: string,
    private readonly pass: string,
  ) {
    // Small files finish before a person could read the line.
    this.total = io.interactive ? io.fileSize(path) : 0;
  }

  advance(bytes: number): void {
    if (this.total < 32 << 20) return;
    this.read += bytes;
    const percent = Math.floor((100 * this.read) / this.total);
    if (percent === this.shown) return;
    this.shown = percent;
    const pass = this.pass !== '' ? ` (${this.pass})` : '';
    this.io.stderr(`\rreading ${this.path}${pass}: ${percent}% of ${(this.total / 2 ** 30).toFixed(2)} GB`);
  }

  done(): void {
    if (this.shown >= 0) this.io.stderr('\r\x1b[2K');
  }
}

/** A bars file as Bar objects, for the commands that need every bar at once (learn, regimes, journal, shield). */
export function readBars(io: CliIo, command: string, path: string | undefined): Bar[] {
  return barsFromColumns(readBarColumns(io, command, path));
}
