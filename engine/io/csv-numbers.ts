import { BarsError } from '../errors.js';
import { cellText } from './bar-fields.js';

/** The CSV readers' number cells: a fast path for plain decimals, and the decimal mark rules. */

/** Exact powers of ten: an integer below 2^53 divided by one is the correctly rounded decimal. */
export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
export const MAX_EXACT = 2 ** 53;
export const DIGIT_0 = 48;
export const DIGIT_9 = 57;
export const MINUS = 45;
export const PLUS = 43;
export const DOT = 46;
export const RETURN = 13;
export const NEWLINE = 10;
export const QUOTE = 34;

/**
 * A plain decimal cell (`-12.5`, `19695.87`, `7`) read straight from the text's char codes,
 * or NaN when the cell is anything else (spaces, exponents, commas, too many digits): the
 * caller then reads it the general way. For the plain case the result is what Number() gives:
 * m / 10^k of two exact doubles is the correctly rounded decimal.
 */
export function plainDecimal(text: string, start: number, end: number): number {
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

/** A whole number cell (`-?\d+`, below 2^53) from char codes, or NaN for anything else. */
export function plainInteger(text: string, start: number, end: number): number {
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

/**
 * The file's decimal mark, as its cells with a comma have shown it. A comma is a decimal comma
 * when the cell says so by itself (`153,5625`: one comma not followed by exactly three digits;
 * `1.234,5`: the comma comes after the dot) and a thousands separator when it says that
 * (`1,234.5`, `1,234,567`). `1,234` alone says neither: it is read by the mark the file has
 * shown before, or refused. A cell that contradicts the file's mark is refused, naming both rows.
 */
export class DecimalMarks {
  mark: ',' | '.' | null = null;
  private firstRow = 0;
  private firstCell = '';
  private firstValue = 0;

  /** A cell with at least one comma: its value, or a BarsError saying why it cannot be read. */
  read(cell: string, field: string, row: number): number {
    const lastComma = cell.lastIndexOf(',');
    const lastDot = cell.lastIndexOf('.');
    const commas = cell.split(',').length - 1;
    let mark: ',' | '.' | null;
    if (lastDot >= 0) mark = lastComma > lastDot ? ',' : '.';
    else if (commas > 1) mark = '.';
    else mark = /^\d{3}$/.test(cell.slice(lastComma + 1)) ? null : ',';
    if (mark === null) mark = this.mark;
    if (mark === null) {
      throw new BarsError(
        row,
        field,
        `row ${row}: ${field} "${cellText(cell)}" could be ${cell.replace(',', '.')} (a decimal comma) or ${cell.replace(',', '')} (a thousands separator); write it without the comma, or with a dot as the decimal mark`,
      );
    }
    const normal = mark === ',' ? cell.replace(/\./g, '').replace(',', '.') : cell.replace(/,/g, '');
    const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normal) ? Number(normal) : NaN;
    if (Number.isNaN(value))
      throw new BarsError(row, field, `row ${row}: ${field} "${cellText(cell)}" is not a number`);
    if (this.mark === null) {
      this.mark = mark;
      this.firstRow = row;
      this.firstCell = cell;
      this.firstValue = value;
    } else if (mark !== this.mark) {
      throw new BarsError(
        row,
        field,
        `row ${row}: ${field} "${cellText(cell)}" uses "${mark}" as the decimal mark, but row ${this.firstRow}'s "${this.firstCell}" used "${this.mark}"; write every number with one decimal mark`,
      );
    }
    return value;
  }

  /** What was read, when it is worth saying: a file with decimal commas. */
  note(): string | null {
    return this.mark === ','
      ? `numbers read with a decimal comma (row ${this.firstRow}: "${this.firstCell}" is ${this.firstValue})`
      : null;
  }
}

/**
 * A price or volume cell: a plain decimal, or Number() of the trimmed cell, a cell with a comma
 * read by the file's DecimalMarks; NaN when empty (a missing value, named by the caller).
 */
export function numberCell(
  text: string,
  start: number,
  end: number,
  field: string,
  row: number,
  marks: DecimalMarks,
): number {
  const fast = plainDecimal(text, start, end);
  if (!Number.isNaN(fast)) return fast;
  const trimmed = text.slice(start, end).trim();
  if (trimmed === '') return NaN;
  if (trimmed.includes(',')) return marks.read(trimmed, field, row);
  const n = Number(trimmed);
  if (Number.isNaN(n))
    throw new BarsError(row, field, `row ${row}: ${field} "${cellText(trimmed)}" is not a number`);
  return n;
}
