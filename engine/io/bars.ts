import { BarsError } from '../errors.js';
import type { BarColumns } from '../indicators/inputs.js';
import type { Bar } from '../types.js';

/**
 * Bars in: CSV (with or without a header, comma/semicolon/tab separated, times in seconds,
 * milliseconds or ISO dates, the usual column names) and JSON (arrays of objects or of
 * [time, open, high, low, close, volume] rows, as exchanges send klines). Every problem is a
 * BarsError naming the row and the field; gaps in time (weekends, halts) are data, not errors.
 */

const COLUMN_NAMES: Record<keyof Bar, string[]> = {
  time: [
    'time',
    'timestamp',
    'date',
    'datetime',
    'open_time',
    'opentime',
    'ts',
    'unix',
    'timestamp_utc',
    't',
    'gmt time',
    'local time',
  ],
  open: ['open', 'o', 'open_price', 'openprice'],
  high: ['high', 'h', 'high_price', 'highprice', 'max'],
  low: ['low', 'l', 'low_price', 'lowprice', 'min'],
  close: ['close', 'c', 'close_price', 'closeprice', 'last', 'adj close', 'price'],
  volume: ['volume', 'v', 'vol', 'volume_btc', 'base_volume', 'qty', 'quantity'],
};

type Field = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** UNIX seconds from a cell: seconds, milliseconds (> 1e11), or a date/time string (UTC unless it says otherwise). */
export function parseTimeCell(cell: string): number {
  const text = cell.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n > 1e11 ? n / 1000 : n;
  }
  if (text === '') return NaN;
  const iso =
    /^\d{4}-\d{2}-\d{2}[ T]\d/.test(text) && !/[zZ]|[+-]\d\d:?\d\d$/.test(text)
      ? `${text.replace(' ', 'T')}Z`
      : text;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : iso;
  const ms = Date.parse(dateOnly);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}

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

/** Exact powers of ten: an integer below 2^53 divided by one is the correctly rounded decimal. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_EXACT = 2 ** 53;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const RETURN = 13;
const NEWLINE = 10;
const QUOTE = 34;

/**
 * A plain decimal cell (`-12.5`, `19695.87`, `7`) read straight from the text's char codes,
 * or NaN when the cell is anything else (spaces, exponents, thousands separators, too many
 * digits): the caller then reads it with Number() as before. For the plain case the result is
 * what Number() gives: m / 10^k of two exact doubles is the correctly rounded decimal.
 */
function plainDecimal(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === MINUS;
  if (negative || c === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === DOT && decimals < 0) decimals = 0;
    else return NaN;
  }
  if (digits === 0 || mantissa >= MAX_EXACT || decimals >= POW10.length) return NaN;
  const value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
  return negative ? -value : value;
}

/** A price or volume cell, as `Number(cell.trim())` without thousands separators reads it. */
function numberCell(text: string, start: number, end: number, field: Field, row: number): number {
  const fast = plainDecimal(text, start, end);
  if (!Number.isNaN(fast)) return fast;
  const trimmed = text.slice(start, end).trim();
  if (trimmed === '') return NaN;
  const n = Number(trimmed.replace(/,/g, ''));
  if (Number.isNaN(n)) throw new BarsError(row, field, `row ${row}: ${field} "${trimmed}" is not a number`);
  return n;
}

/** A whole number cell (`-?\d+`, below 2^53) from char codes, or NaN for anything else. */
function plainInteger(text: string, start: number, end: number): number {
  const negative = text.charCodeAt(start) === MINUS;
  let value = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return NaN;
    value = value * 10 + (c - DIGIT_0);
  }
  if (end === (negative ? start + 1 : start) || value >= MAX_EXACT) return NaN;
  return negative ? -value : value;
}

/** A time cell: whole seconds or milliseconds read directly, anything else by parseTimeCell. */
function timeCell(text: string, start: number, end: number): number {
  const n = plainInteger(text, start, end);
  if (!Number.isNaN(n)) return n > 1e11 ? n / 1000 : n;
  return parseTimeCell(text.slice(start, end));
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Growable columns for the CSV reader, trimmed to length at the end. */
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

  finish(): BarColumns {
    const [time, open, high, low, close, volume] = this.columns.map((c) => c.slice(0, this.length));
    return { time, open, high, low, close, volume };
  }
}

/** Reads CSV text into bars, validated (see validateBars). */
export function parseBarsCsv(text: string): Bar[] {
  return barsFromColumns(parseBarColumnsCsv(text));
}

/**
 * Reads CSV text into validated columns (volume NaN where a row has none), the same bars and
 * the same errors as parseBarsCsv without an object per bar: CsvBarReader given the whole text.
 */
export function parseBarColumnsCsv(text: string): BarColumns {
  if (typeof text !== 'string') throw new BarsError(0, '', 'expected CSV text');
  const reader = new CsvBarReader(text.length);
  reader.push(text);
  return reader.finish();
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Complete lines of UTF-8 bytes as text (a byte-order mark inside the file stays, as in push()). */
function decode(bytes: Uint8Array, from: number, to: number): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(from, to));
}

/** What the first line said: where each field is, and how many cells a row needs. */
interface CsvLayout {
  separator: string;
  /** The cell index of each field, in FIELDS order (-1: no volume column). */
  index: number[];
  required: number;
  cellsToRead: number;
}

/**
 * Reads CSV text that arrives in pieces (a file, chunk by chunk as it downloads) into
 * validated columns: push() each piece, then finish(). Each complete line is read as soon as
 * it arrives, so a download is parsed in step with it. One pass: plain rows are read from char
 * codes; a row with quotes or too few cells takes the general path, which also words its
 * errors. Every problem is a BarsError naming the file row, as parseBarColumnsCsv reports it.
 */
export class CsvBarReader {
  /** The last line pushed so far, not yet ended by a newline. */
  private carry = '';
  private started = false;
  /** File lines read so far (1-based row of the last one). */
  private row = 0;
  private headerRow = 0;
  private layout: CsvLayout | null = null;
  private readonly columns: ColumnBuilder;
  private cellStart = new Int32Array(0);
  private cellEnd = new Int32Array(0);
  private readonly values = new Float64Array(FIELDS.length);
  private lastTime = -Infinity;
  /** The first bar out of time order: reported by finish() unless a bad row comes first. */
  private disorder: BarsError | null = null;
  /** pushBytes: the bytes of the last line so far, not yet ended by a newline. */
  private carryBytes: Uint8Array | null = null;
  /**
   * pushBytes, sized with the layout: 1 for each cell a field is read from (the others are
   * skipped), and the number read from it.
   */
  private neededCells = new Uint8Array(0);
  private cellNumbers = new Float64Array(0);

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

  /**
   * push() for the file's raw bytes (UTF-8), as a download delivers them: plain rows are read
   * straight from the bytes, with no text to decode or search (a 50,000-row file's cold read
   * fell from ~55 to ~16 ms in Chromium, 40-47 to 23-30 ms in Node). A line the byte reader does not take (quotes, dates, spaces,
   * exponents, a short row) is decoded and read by the text path from there on in the chunk,
   * so bars and errors are push()'s. Use one of push and pushBytes per reader.
   */
  pushBytes(chunk: Uint8Array): void {
    const bytes = this.carryBytes ? joined(this.carryBytes, chunk) : chunk;
    const end = bytes.lastIndexOf(NEWLINE);
    this.carryBytes = end + 1 < bytes.length ? bytes.slice(end + 1) : null;
    if (end >= 0) this.readByteLines(bytes, end + 1);
  }

  /** The columns of every row pushed; the file's last line needs no newline. */
  finish(): BarColumns {
    if (this.carryBytes) {
      // The file's last line, ended as the reader wants every line ended (its text is the same).
      const ended = joined(this.carryBytes, Uint8Array.of(NEWLINE));
      this.readByteLines(ended, ended.length);
    }
    this.carryBytes = null;
    if (this.carry !== '') this.readLines(this.carry);
    this.carry = '';
    if (!this.layout) {
      throw new BarsError(0, '', 'the file is empty: expected CSV rows of time,open,high,low,close[,volume]');
    }
    if (this.columns.length === 0)
      throw new BarsError(this.headerRow, '', 'the file has a header but no bars');
    if (this.disorder) throw this.disorder;
    return this.columns.finish();
  }

  /** Complete lines (the last one may lack its newline only at the end of the file). */
  private readLines(body: string): void {
    let pos = 0;
    if (!this.layout) {
      pos = this.readFirstLine(body);
      if (pos < 0) return;
    }
    const layout = this.layout!;
    const { separator, index, required, cellsToRead } = layout;
    const [timeAt, openAt, highAt, lowAt, closeAt, volumeAt] = index;
    const { cellStart, cellEnd, values } = this;
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
          if (!readRowSlowly(body.slice(lineStart, contentEnd), separator, index, row, values)) continue;
        } else {
          values[0] = timeCell(body, cellStart[timeAt], cellEnd[timeAt]);
          values[1] = numberCell(body, cellStart[openAt], cellEnd[openAt], 'open', row);
          values[2] = numberCell(body, cellStart[highAt], cellEnd[highAt], 'high', row);
          values[3] = numberCell(body, cellStart[lowAt], cellEnd[lowAt], 'low', row);
          values[4] = numberCell(body, cellStart[closeAt], cellEnd[closeAt], 'close', row);
          values[5] =
            volumeAt >= 0 && volumeAt < cells
              ? numberCell(body, cellStart[volumeAt], cellEnd[volumeAt], 'volume', row)
              : NaN;
        }
        this.takeRow(row);
      }
    } finally {
      this.row = row;
    }
  }

  /** The row in `values`, checked, into the columns (its order checked against the last). */
  private takeRow(row: number): void {
    const values = this.values;
    checkValues(values[0], values[1], values[2], values[3], values[4], values[5], row, 'row');
    if (!(values[0] > this.lastTime) && !this.disorder) {
      this.disorder = orderError(`row ${row}`, row, values[0], this.lastTime);
    }
    this.lastTime = values[0];
    this.columns.push(values);
  }

  /**
   * Complete lines of `bytes` up to `to`, just after a newline. Before the layout is known
   * (the header), and from the first line the byte reader cannot take, the lines are decoded
   * and read as text.
   */
  private readByteLines(bytes: Uint8Array, to: number): void {
    let from = 0;
    if (!this.started) {
      this.started = true;
      // A byte-order mark at the start of the file is not text (push() drops it too).
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) from = 3;
    }
    // The first lines as text, one at a time, until one of them gives the layout.
    while (!this.layout && from < to) {
      const newline = bytes.indexOf(NEWLINE, from);
      const end = newline < 0 ? to : newline + 1;
      this.readLines(decode(bytes, from, end));
      from = end;
    }
    if (from < to) from = this.readPlainByteLines(bytes, from, to);
    if (from < to) this.readLines(decode(bytes, from, to));
  }

  /**
   * Plain rows from bytes (the fields' cells plain decimals, whole-number times, no quote in
   * the line), read as readLines reads them, in one pass over each line; returns where the
   * first other line starts (`to` when all were plain). The numbers are plainDecimal's and
   * plainInteger's, from bytes.
   */
  private readPlainByteLines(bytes: Uint8Array, from: number, to: number): number {
    const { separator, index, required, cellsToRead } = this.layout!;
    const sep = separator.charCodeAt(0);
    const needed = this.neededCells;
    const cellValues = this.cellNumbers;
    const [timeAt, openAt, highAt, lowAt, closeAt, volumeAt] = index;
    const values = this.values;
    let pos = from;
    // The row count lives in its field, with no try/finally to write it back: with one, V8
    // deoptimised this loop at the end of every chunk (node --trace-deopt), for want of
    // feedback on the way out.
    while (pos < to) {
      const lineStart = pos;
      let p = pos;
      // Every line ends with a newline (finish() gives the last one its own) and every loop
      // below stops at one: no bounds check per byte.
      let c = bytes[p];
      let cells = 0;
      for (;;) {
        if (needed[cells] === 1) {
          const isTime = cells === timeAt;
          const negative = c === MINUS;
          if (negative || (c === PLUS && !isTime)) c = bytes[++p];
          let mantissa = 0;
          let digits = 0;
          let decimals = -1;
          for (;;) {
            if (c >= DIGIT_0 && c <= DIGIT_9) {
              mantissa = mantissa * 10 + (c - DIGIT_0);
              digits++;
              if (decimals >= 0) decimals++;
            } else if (c === DOT && decimals < 0 && !isTime) decimals = 0;
            else break;
            c = bytes[++p];
          }
          if (digits === 0 || mantissa >= MAX_EXACT || decimals >= POW10.length) return lineStart;
          const value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
          cellValues[cells] = negative ? -value : value;
        } else {
          while (c !== sep && c !== NEWLINE && c !== RETURN && c !== QUOTE) c = bytes[++p];
        }
        cells++;
        if (c !== sep || cells === cellsToRead) break;
        c = bytes[++p];
      }
      // Cells this reader does not read: only a quote in them matters (it moves cell ends).
      if (c === sep) {
        while (c !== NEWLINE && c !== QUOTE) c = bytes[++p];
      }
      // The line ends here (LF or CR LF), or it is not plain.
      if (c === RETURN && bytes[p + 1] === NEWLINE) p++;
      else if (c !== NEWLINE) return lineStart;
      if (cells < required) return lineStart;
      pos = p + 1;
      const time = cellValues[timeAt];
      values[0] = time > 1e11 ? time / 1000 : time;
      values[1] = cellValues[openAt];
      values[2] = cellValues[highAt];
      values[3] = cellValues[lowAt];
      values[4] = cellValues[closeAt];
      values[5] = volumeAt >= 0 && volumeAt < cells ? cellValues[volumeAt] : NaN;
      this.takeRow(++this.row);
    }
    return to;
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
      (c) => c !== '' && !/^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(c) && Number.isNaN(parseTimeCell(c)),
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
          `row ${row}: the header has no "${field}" column (found: ${headerCells.join(', ')}); name the columns time,open,high,low,close[,volume]`,
        );
      }
    }
    const required = Math.max(index[0], index[1], index[2], index[3], index[4]) + 1;
    const cellsToRead = Math.max(required, index[5] + 1);
    this.layout = { separator, index, required, cellsToRead };
    this.cellStart = new Int32Array(cellsToRead);
    this.cellEnd = new Int32Array(cellsToRead);
    this.neededCells = new Uint8Array(cellsToRead);
    this.cellNumbers = new Float64Array(cellsToRead);
    for (const at of index) if (at >= 0) this.neededCells[at] = 1;
    return hasHeader;
  }
}

/**
 * One row the general way, into `values` (FIELDS order): quoted cells, rows too short (and
 * their error), lines of spaces (false: skip them).
 */
function readRowSlowly(
  line: string,
  separator: string,
  index: number[],
  row: number,
  values: Float64Array,
): boolean {
  if (line.trim() === '') return false;
  const cells = splitLine(line, separator);
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
    values[f] = f === 0 ? timeCell(cell, 0, cell.length) : numberCell(cell, 0, cell.length, FIELDS[f], row);
  }
  return true;
}

/** Bars from columns (a NaN volume means none); the inverse of barsToColumns. */
export function barsFromColumns(columns: BarColumns): Bar[] {
  const { time, open, high, low, close, volume } = columns;
  const bars: Bar[] = new Array<Bar>(time.length);
  for (let i = 0; i < time.length; i++) {
    const bar: Bar = { time: time[i], open: open[i], high: high[i], low: low[i], close: close[i] };
    if (!Number.isNaN(volume[i])) bar.volume = volume[i];
    bars[i] = bar;
  }
  return bars;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Reads JSON bars: [{time, open, high, low, close, volume?}] or [[time, o, h, l, c, v?], ...]. */
export function parseBarsJson(input: string | unknown): Bar[] {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      // A byte-order mark (an editor's save) or a no-break space (text copied from a web page) is
      // not JSON whitespace; trim() takes them with the rest of Unicode's spaces.
      data = JSON.parse(input.trim()) as Json;
    } catch (error) {
      throw new BarsError(0, '', `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!Array.isArray(data)) {
    throw new BarsError(
      0,
      '',
      'expected a JSON array of bars ({time, open, high, low, close} objects or [time, o, h, l, c] rows)',
    );
  }
  if (data.length === 0) throw new BarsError(0, '', 'the bar list is empty');
  const bars = data.map((item: unknown, k): Bar => {
    const row = k + 1;
    const where = `bar ${row}`;
    const read = (field: Field, raw: unknown): number => {
      if (raw === undefined || raw === null || raw === '') return NaN;
      if (field === 'time')
        return typeof raw === 'number' ? (raw > 1e11 ? raw / 1000 : raw) : parseTimeCell(String(raw));
      return typeof raw === 'number' ? raw : Number(String(raw).trim());
    };
    let bar: Bar;
    if (Array.isArray(item)) {
      bar = {
        time: read('time', item[0]),
        open: read('open', item[1]),
        high: read('high', item[2]),
        low: read('low', item[3]),
        close: read('close', item[4]),
      };
      if (item.length > 5) bar.volume = read('volume', item[5]);
    } else if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const pick = (field: keyof Bar): unknown => {
        for (const name of COLUMN_NAMES[field]) if (name in record) return record[name];
        return undefined;
      };
      bar = {
        time: read('time', pick('time')),
        open: read('open', pick('open')),
        high: read('high', pick('high')),
        low: read('low', pick('low')),
        close: read('close', pick('close')),
      };
      const volume = pick('volume');
      if (volume !== undefined) bar.volume = read('volume', volume);
    } else {
      throw new BarsError(row, '', `${where}: expected an object or an array, got ${JSON.stringify(item)}`);
    }
    checkBar(bar, row, 'bar');
    return bar;
  });
  checkOrder(
    bars.length,
    (k) => bars[k].time,
    (k) => `bar ${k + 1}`,
    (k) => k + 1,
  );
  return bars;
}

function checkBar(bar: Bar, row: number, label: RowLabel): void {
  checkValues(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume ?? NaN, row, label);
}

/** How an error names the place: `row 12` of a file, `bar 12` of an array. */
type RowLabel = 'row' | 'bar';

/** One bar's rules (a NaN volume is no volume), by value so the CSV reader needs no object. */
function checkValues(
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
  row: number,
  label: RowLabel,
): void {
  // Messages are built only when a check fails: this runs once per bar.
  if (!Number.isFinite(time)) {
    throw new BarsError(
      row,
      'time',
      `${label} ${row}: the time is missing or unreadable; give UNIX seconds, milliseconds or an ISO date`,
    );
  }
  checkPrice(open, 'open', row, label);
  checkPrice(high, 'high', row, label);
  checkPrice(low, 'low', row, label);
  checkPrice(close, 'close', row, label);
  if (!Number.isNaN(volume) && (!Number.isFinite(volume) || volume < 0)) {
    throw new BarsError(
      row,
      'volume',
      `${label} ${row}: volume must be a number of 0 or more, got ${volume}`,
    );
  }
  if (high < low) {
    throw new BarsError(
      row,
      'high',
      `${label} ${row}: high ${high} is below low ${low}; check the column order (time,open,high,low,close)`,
    );
  }
  if (high < Math.max(open, close) || low > Math.min(open, close)) {
    throw new BarsError(
      row,
      high < Math.max(open, close) ? 'high' : 'low',
      `${label} ${row}: open/close lie outside the high-low range`,
    );
  }
}

function checkPrice(value: number, field: Field, row: number, label: RowLabel): void {
  if (!Number.isFinite(value)) throw new BarsError(row, field, `${label} ${row}: ${field} is not a number`);
  if (value < 0)
    throw new BarsError(
      row,
      field,
      `${label} ${row}: ${field} is negative (${value}); prices must be 0 or more`,
    );
}

/** The error for a bar whose time is not after the one before it. */
function orderError(where: string, row: number, time: number, previous: number): BarsError {
  return time === previous
    ? new BarsError(
        row,
        'time',
        `${where}: duplicate time ${time} (same as the row before); remove one of them`,
      )
    : new BarsError(
        row,
        'time',
        `${where}: time ${time} is before the previous row's ${previous}; sort the rows by time, oldest first`,
      );
}

/** Times strictly rising: `times` is a column, or bars read through `timeOf`. */
function checkOrder(
  count: number,
  timeOf: (k: number) => number,
  where: (k: number) => string,
  rowNumber: (k: number) => number,
): void {
  for (let k = 1; k < count; k++) {
    if (!(timeOf(k) > timeOf(k - 1))) throw orderError(where(k), rowNumber(k), timeOf(k), timeOf(k - 1));
  }
}

/**
 * Validates bars built in code, as objects or as columns (a NaN volume is none): the same rules
 * as the parsers, each problem named by its bar number. Columns are checked without making an
 * object per bar.
 */
export function validateBars(bars: readonly Bar[] | BarColumns): void {
  const objects = Array.isArray(bars) ? (bars as readonly Bar[]) : null;
  const columns = objects ? null : (bars as BarColumns | null);
  const count = objects ? objects.length : (columns?.time?.length ?? 0);
  if (!(count > 0)) throw new BarsError(0, '', 'no bars');
  for (let k = 0; k < count; k++) {
    if (objects) checkBar(objects[k], k + 1, 'bar');
    else {
      const { time, open, high, low, close, volume } = columns!;
      checkValues(time[k], open[k], high[k], low[k], close[k], volume[k] ?? NaN, k + 1, 'bar');
    }
  }
  checkOrder(
    count,
    objects ? (k) => objects[k].time : (k) => columns!.time[k],
    (k) => `bar ${k + 1}`,
    (k) => k + 1,
  );
}
