import type { BarColumns } from '../indicators/inputs.js';
import {
  DIGIT_0,
  DIGIT_9,
  DOT,
  MAX_EXACT,
  MINUS,
  NEWLINE,
  PLUS,
  POW10,
  QUOTE,
  RETURN,
} from './csv-numbers.js';
import { CsvTextReader } from './csv-text-reader.js';

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

/**
 * Reads CSV text that arrives in pieces (a file, chunk by chunk as it downloads) into
 * validated columns: push() each piece (text) or pushBytes() (UTF-8 bytes), then finish().
 * Each complete line is read as soon as it arrives, so a download is parsed in step with it;
 * takeColumns() hands over the bars read so far, so a file of any size is read in bounded
 * memory. One pass: plain rows are read from char codes or bytes; a row with quotes or too
 * few cells takes the general path (CsvTextReader), which also words its errors. Every problem
 * is a BarsError naming the file row, as parseBarColumnsCsv reports it.
 */
export class CsvBarReader extends CsvTextReader {
  /** pushBytes: the bytes of the last line so far, not yet ended by a newline. */
  private carryBytes: Uint8Array | null = null;
  /**
   * pushBytes, sized with the layout: 1 for each cell a field is read from (the others are
   * skipped), and the number read from it.
   */
  private neededCells = new Uint8Array(0);
  private cellNumbers = new Float64Array(0);

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

  /** The columns of every row pushed (and not taken); the file's last line needs no newline. */
  override finish(): BarColumns {
    this.finishBytes();
    return super.finish();
  }

  /** The file's last line, ended as the reader wants every line ended (its text is the same). */
  private finishBytes(): void {
    if (this.carryBytes) {
      const ended = joined(this.carryBytes, Uint8Array.of(NEWLINE));
      this.carryBytes = null;
      this.readByteLines(ended, ended.length);
    }
  }

  /** finish() for a reader whose bars were all taken: the last line, and the file's own checks. */
  end(): BarColumns {
    this.finishBytes();
    this.finishLines();
    return this.takeColumns();
  }

  protected override layoutChanged(cellsToRead: number, index: number[]): void {
    this.neededCells = new Uint8Array(cellsToRead);
    this.cellNumbers = new Float64Array(cellsToRead);
    for (const at of index) if (at >= 0) this.neededCells[at] = 1;
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
    const units = this.units;
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
      const row = ++this.row;
      values[0] = units.seconds(cellValues[timeAt], row, 'row');
      values[1] = cellValues[openAt];
      values[2] = cellValues[highAt];
      values[3] = cellValues[lowAt];
      values[4] = cellValues[closeAt];
      values[5] = volumeAt >= 0 && volumeAt < cells ? cellValues[volumeAt] : NaN;
      this.takeRow(row);
    }
    return to;
  }
}
