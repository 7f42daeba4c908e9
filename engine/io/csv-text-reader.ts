import { BarsError } from '../errors.js';
import type { BarColumns } from '../indicators/inputs.js';
import { cellList, cellText, COLUMN_NAMES, FIELDS } from './bar-fields.js';
import { DecimalMarks, numberCell, plainInteger, RETURN } from './csv-numbers.js';
import { parseTimeCell, readTime, TimeUnitTracker } from './time.js';
import { checkValues, orderError } from './validate.js';

/** The text half of the CSV bar reader: the header, the layout, and every line read as text. */

function splitLine(line: string, separator: string): string[] {
  if (!line.includes('"')) return line.split(separator);
  // Quoted cells (some exports quote every field, or use thousands separators inside quotes).
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === separator && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function detectSeparator(line: string): string {
  const counts = [',', ';', '\t'].map((s) => [s, line.split(s).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

/** Growable columns for the CSV reader, trimmed to length when taken. */
class ColumnBuilder {
  length = 0;
  private capacity: number;
  private columns: Float64Array[];

  constructor(expectedRows: number) {
    this.capacity = Math.max(16, expectedRows);
    this.columns = FIELDS.map(() => new Float64Array(this.capacity));
  }

  push(values: Float64Array): void {
    if (this.length === this.capacity) {
      this.capacity *= 2;
      this.columns = this.columns.map((old) => {
        const grown = new Float64Array(this.capacity);
        grown.set(old);
        return grown;
      });
    }
    const [time, open, high, low, close, volume] = this.columns;
    const i = this.length++;
    time[i] = values[0];
    open[i] = values[1];
    high[i] = values[2];
    low[i] = values[3];
    close[i] = values[4];
    volume[i] = values[5];
  }

  /** The rows so far; `reset` starts again from none, keeping the buffers (a stream's next piece). */
  take(reset: boolean): BarColumns {
    const [time, open, high, low, close, volume] = this.columns.map((c) => c.slice(0, this.length));
    if (reset) this.length = 0;
    return { time, open, high, low, close, volume };
  }
}

/** What the first line said: where each field is, and how many cells a row needs. */
export interface CsvLayout {
  separator: string;
  /** The cell index of each field, in FIELDS order (-1: no volume column). */
  index: number[];
  required: number;
  cellsToRead: number;
}

/**
 * CSV text in pieces into validated columns (CsvBarReader adds the byte path). Each complete
 * line is read as soon as it arrives. Plain rows are read from char codes; a row with quotes
 * or too few cells takes the general path, which also words its errors. Every problem is a
 * BarsError naming the file row.
 */
export class CsvTextReader {
  /** The last line pushed so far, not yet ended by a newline. */
  private carry = '';
  protected started = false;
  /** File lines read so far (1-based row of the last one). */
  protected row = 0;
  protected headerRow = 0;
  protected layout: CsvLayout | null = null;
  private readonly columns: ColumnBuilder;
  /** Bars taken by takeColumns() before the ones held now. */
  private taken = 0;
  private cellStart = new Int32Array(0);
  private cellEnd = new Int32Array(0);
  protected readonly values = new Float64Array(FIELDS.length);
  private lastTime = -Infinity;
  /** The first bar out of time order: reported by finish() unless a bad row comes first. */
  private disorder: BarsError | null = null;
  /** The file's time unit and decimal mark, held for every row once its cells showed them. */
  protected readonly units = new TimeUnitTracker();
  private readonly marks = new DecimalMarks();

  /** `expectedChars`: the file's length if known (sizes the columns once). */
  constructor(expectedChars = 0) {
    // 45 characters per row or more in typical exports (57 in BTC 5m): room for them all at
    // once, the columns grow if there are more rows.
    this.columns = new ColumnBuilder(Math.ceil(expectedChars / 45) + 1);
  }

  push(text: string): void {
    let body = this.carry + text;
    if (!this.started && body !== '') {
      this.started = true;
      if (body.charCodeAt(0) === 0xfeff) body = body.slice(1);
    }
    const end = body.lastIndexOf('\n');
    if (end < 0) {
      this.carry = body;
      return;
    }
    this.carry = body.slice(end + 1);
    this.readLines(end === body.length - 1 ? body : body.slice(0, end + 1));
  }

  /** The columns of every row pushed; the file's last line needs no newline. */
  finish(): BarColumns {
    this.finishLines();
    if (this.disorder) throw this.disorder;
    return this.columns.take(false);
  }

  /**
   * The bars read since the last call, handed over and forgotten (a reader of a file of any
   * size keeps only one piece's bars): push a piece, take its columns, push the next. The
   * rows are checked as finish() checks them; a disorder is thrown here.
   */
  takeColumns(): BarColumns {
    if (this.disorder) throw this.disorder;
    this.taken += this.columns.length;
    return this.columns.take(true);
  }

  /** Bars read so far (taken or held). */
  get barCount(): number {
    return this.taken + this.columns.length;
  }

  /** What the reader read that a person should know (a decimal comma, times in milliseconds or finer). */
  notes(): string[] {
    return [this.marks.note(), this.units.note()].filter((n): n is string => n !== null);
  }

  /** The last line's text, and the checks of the file as a whole (CsvBarReader ends its bytes first). */
  protected finishLines(): void {
    if (this.carry !== '') this.readLines(this.carry);
    this.carry = '';
    if (!this.layout) {
      throw new BarsError(0, '', 'the file is empty: expected CSV rows of time,open,high,low,close[,volume]');
    }
    if (this.barCount === 0) throw new BarsError(this.headerRow, '', 'the file has a header but no bars');
  }

  /** Complete lines (the last one may lack its newline only at the end of the file). */
  protected readLines(body: string): void {
    let pos = 0;
    if (!this.layout) {
      pos = this.readFirstLine(body);
      if (pos < 0) return;
    }
    const layout = this.layout!;
    const { separator, index, required, cellsToRead } = layout;
    const [timeAt, openAt, highAt, lowAt, closeAt, volumeAt] = index;
    const { cellStart, cellEnd, values, marks } = this;
    let row = this.row;
    let nextQuote = body.indexOf('"', pos);
    try {
      while (pos >= 0 && pos < body.length) {
        const lineStart = pos;
        const newline = body.indexOf('\n', pos);
        const lineEnd = newline < 0 ? body.length : newline;
        const contentEnd =
          lineEnd > lineStart && body.charCodeAt(lineEnd - 1) === RETURN ? lineEnd - 1 : lineEnd;
        pos = newline < 0 ? -1 : newline + 1;
        row++;
        if (contentEnd === lineStart) continue;
        // A quote anywhere in the line changes where cells end: the general path reads it.
        if (nextQuote >= 0 && nextQuote < lineStart) nextQuote = body.indexOf('"', lineStart);
        const quoted = nextQuote >= 0 && nextQuote < contentEnd;
        // The cells this reader needs, found with indexOf (native, much faster than a char loop).
        let cells = 0;
        for (let from = lineStart; !quoted && cells < cellsToRead;) {
          const at = body.indexOf(separator, from);
          const to = at < 0 || at > contentEnd ? contentEnd : at;
          cellStart[cells] = from;
          cellEnd[cells++] = to;
          if (to === contentEnd) break;
          from = to + 1;
        }
        if (quoted || cells < required) {
          if (!this.readRowSlowly(body.slice(lineStart, contentEnd), separator, index, row)) continue;
        } else {
          values[0] = this.timeCell(body, cellStart[timeAt], cellEnd[timeAt], row);
          values[1] = numberCell(body, cellStart[openAt], cellEnd[openAt], 'open', row, marks);
          values[2] = numberCell(body, cellStart[highAt], cellEnd[highAt], 'high', row, marks);
          values[3] = numberCell(body, cellStart[lowAt], cellEnd[lowAt], 'low', row, marks);
          values[4] = numberCell(body, cellStart[closeAt], cellEnd[closeAt], 'close', row, marks);
          values[5] =
            volumeAt >= 0 && volumeAt < cells
              ? numberCell(body, cellStart[volumeAt], cellEnd[volumeAt], 'volume', row, marks)
              : NaN;
        }
        this.takeRow(row);
      }
    } finally {
      this.row = row;
    }
  }

  /** A time cell: whole numbers read directly (in the file's unit), anything else by readTime. */
  private timeCell(text: string, start: number, end: number, row: number): number {
    const n = plainInteger(text, start, end);
    if (!Number.isNaN(n)) return this.units.seconds(n, row, 'row');
    const cell = text.slice(start, end).trim();
    if (cell === '') return NaN;
    const reading = readTime(cell);
    if (typeof reading === 'string')
      throw new BarsError(row, 'time', `row ${row}: time "${cellText(cell)}" ${reading}`);
    return this.units.check(reading, Number(cell), row, 'row');
  }

  /** The row in `values`, checked, into the columns (its order checked against the last). */
  protected takeRow(row: number): void {
    const values = this.values;
    checkValues(values[0], values[1], values[2], values[3], values[4], values[5], row, 'row');
    if (!(values[0] > this.lastTime) && !this.disorder) {
      this.disorder = orderError(`row ${row}`, row, values[0], this.lastTime);
    }
    this.lastTime = values[0];
    this.columns.push(values);
  }

  /**
   * One row the general way, into `values` (FIELDS order): quoted cells, rows too short (and
   * their error), lines of spaces (false: skip them).
   */
  private readRowSlowly(line: string, separator: string, index: number[], row: number): boolean {
    if (line.trim() === '') return false;
    const cells = splitLine(line, separator);
    const values = this.values;
    for (let f = 0; f < FIELDS.length; f++) {
      const at = index[f];
      const cell = at >= 0 ? cells[at] : undefined;
      if (cell === undefined) {
        if (f === 5) {
          values[f] = NaN;
          continue;
        }
        throw new BarsError(
          row,
          FIELDS[f],
          `row ${row}: missing the ${FIELDS[f]} cell (expected ${at + 1} or more cells, got ${cells.length})`,
        );
      }
      values[f] =
        f === 0
          ? this.timeCell(cell, 0, cell.length, row)
          : numberCell(cell, 0, cell.length, FIELDS[f], row, this.marks);
    }
    return true;
  }

  /**
   * Reads the first non-blank line into the layout and returns where the bars start in `body`
   * (-1: only blank lines so far). Throws when a header lacks a required column.
   */
  private readFirstLine(body: string): number {
    let pos = 0;
    while (pos >= 0 && pos < body.length) {
      const lineStart = pos;
      const newline = body.indexOf('\n', pos);
      const line = body.slice(pos, newline < 0 ? body.length : newline).replace(/\r$/, '');
      pos = newline < 0 ? -1 : newline + 1;
      this.row++;
      if (line.trim() === '') continue;
      this.headerRow = this.row;
      const header = this.readLayout(line);
      if (header) return pos;
      // The first line is a bar: read it again.
      this.row--;
      return lineStart;
    }
    return -1;
  }

  /** The separator and each field's cell from the first line; whether it is a header. */
  private readLayout(firstLine: string): boolean {
    const row = this.headerRow;
    const separator = detectSeparator(firstLine);
    const headerCells = splitLine(firstLine, separator).map((c) =>
      c.trim().toLowerCase().replace(/^"|"$/g, ''),
    );
    const hasHeader = headerCells.some(
      (c) => c !== '' && !/^[-+]?[\d.,]+(e[-+]?\d+)?$/i.test(c) && Number.isNaN(parseTimeCell(c)),
    );
    const index = hasHeader
      ? FIELDS.map((field) => headerCells.findIndex((c) => COLUMN_NAMES[field].includes(c)))
      : [0, 1, 2, 3, 4, 5];
    for (let f = 0; hasHeader && f < 5; f++) {
      if (index[f] < 0) {
        const field = FIELDS[f];
        throw new BarsError(
          row,
          field,
          `row ${row}: the header has no "${field}" column (found: ${cellList(headerCells)}); name the columns time,open,high,low,close[,volume]`,
        );
      }
    }
    const required = Math.max(index[0], index[1], index[2], index[3], index[4]) + 1;
    const cellsToRead = Math.max(required, index[5] + 1);
    this.layout = { separator, index, required, cellsToRead };
    this.cellStart = new Int32Array(cellsToRead);
    this.cellEnd = new Int32Array(cellsToRead);
    this.layoutChanged(cellsToRead, index);
    return hasHeader;
  }

  /** For the byte path's own per-cell buffers. */
  protected layoutChanged(_cellsToRead: number, _index: number[]): void {}
}
