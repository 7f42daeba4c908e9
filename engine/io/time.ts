import { BarsError, PlanError } from '../errors.js';

/**
 * The engine's one reading of a time: bar files, trade lists, journal imports, the CLI's --at,
 * the plan's `at` (plan text, attributes, forms) all go through here, so a time one surface takes
 * is taken by every other, to the same instant. The grammar is written out for users in
 * docs/times.md; in short:
 *
 * A number is UNIX time in whole or fractional units, the unit told by its size: below 1e11
 * it is seconds (up to the year 5138), then milliseconds, microseconds and nanoseconds, each
 * a factor of 1000 up (1e11 ms is 1973, so for any time from 1973 to 5138 the size names one
 * unit only). Fractions are kept: a millisecond bar and the same time typed as `at` are one
 * instant. A file is held to the unit of its first numeric time (TimeUnitTracker). No sign:
 * `-5` is refused (Date.parse read it as 2001-05-01) and so is `+5` (a sign on a time is a
 * slip, not a time); a time before 1970 is written as a date. Text is an ISO 8601 date or
 * date-time (`2021-01-04`, `2021-01-04T10:00Z`, `2021-01-04 10:00:00.5+01:00`, UTC when it
 * names no zone, slashes allowed for the dashes, `,` for the decimal point, `UTC`/`GMT` for
 * `Z`, offsets up to 14 hours as real zones have) or a day-first dotted date as Dukascopy
 * exports it (`04.01.2021 10:00:00.000`, UTC); every part is checked (no 30 February, no
 * hour 24).
 */

export interface TimeUnit {
  name: 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';
  /** Units per second. */
  scale: number;
  /** Numbers from `from` up to (not including) `below` are read in this unit. */
  from: number;
  below: number;
}

export const TIME_UNITS: readonly TimeUnit[] = [
  { name: 'seconds', scale: 1, from: 0, below: 1e11 },
  { name: 'milliseconds', scale: 1e3, from: 1e11, below: 1e14 },
  { name: 'microseconds', scale: 1e6, from: 1e14, below: 1e17 },
  { name: 'nanoseconds', scale: 1e9, from: 1e17, below: 1e20 },
];

/** A time read: seconds, and the unit it was written in (null for a date). */
export interface TimeReading {
  seconds: number;
  unit: TimeUnit | null;
}

const HOW =
  'give UNIX seconds (1700000000; or milliseconds, microseconds, nanoseconds) or an ISO date (2023-11-14T22:13:20Z)';

const NEGATIVE = 'is a negative UNIX time; write a time before 1970 as an ISO date (1969-07-20T20:17Z)';
const TOO_LARGE = `is too large for UNIX time in seconds, milliseconds, microseconds or nanoseconds; ${HOW}`;

/** The unit a non-negative number is written in, or null when it is too large for any. */
export function unitOfNumber(n: number): TimeUnit | null {
  for (const unit of TIME_UNITS) if (n < unit.below) return unit;
  return null;
}

const NUMERIC = /^\d+(\.\d+)?$/;
/** The widest offset a real time zone has (UTC+14:00, Kiribati; the lowest is UTC-12:00). */
const MAX_OFFSET_HOURS = 14;
const ISO =
  /^(\d{4})([-/])(\d{2})\2(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const DOTTED = /^(\d{2})\.(\d{2})\.(\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Seconds of a calendar date-time, or why it is not a real one. */
function calendar(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string,
  offsetMinutes: number,
): number | string {
  if (month < 1 || month > 12) return `has month ${month}; months run from 01 to 12`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `is not a real date: month ${month} of ${year} has ${days} days`;
  if (hour > 23 || minute > 59 || second > 59)
    return `is not a real time of day (hours 00-23, minutes and seconds 00-59)`;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const fractionSeconds = fraction === '' ? 0 : Number(`0.${fraction}`);
  return date.getTime() / 1000 + fractionSeconds - offsetMinutes * 60;
}

/** The offset of `Z`, `+01:00`, `-0530`, `+02` in minutes, or null when no time zone has it. */
function zoneMinutes(zone: string | undefined): number | null {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours * 60 + minutes > MAX_OFFSET_HOURS * 60 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** A time from its text, or why it is not one (a phrase that follows the quoted text). */
export function readTime(input: string): TimeReading | string {
  const text = input.trim();
  if (text === '') return `is empty; ${HOW}`;
  if (NUMERIC.test(text)) return readNumber(Number(text));
  if (/^-\d+(\.\d+)?$/.test(text)) return NEGATIVE;
  if (/^\+\d+(\.\d+)?$/.test(text))
    return `has a sign; a time is a count from 1970 without one (${text.slice(1)}), or a date`;
  let m = ISO.exec(text);
  if (m) {
    const offset = zoneMinutes(m[9]);
    if (offset === null)
      return `has a time zone offset "${m[9]}" that no time zone has; write Z or +hh:mm from -14:00 to +14:00`;
    return asReading(
      calendar(+m[1], +m[3], +m[4], +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0), m[8] ?? '', offset),
    );
  }
  m = DOTTED.exec(text);
  if (m)
    return asReading(calendar(+m[3], +m[2], +m[1], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '', 0));
  return `is not a time; ${HOW}`;
}

/** A time from a number (a JSON value, an attribute given as a number), by the same rules as its text. */
export function readNumber(n: number): TimeReading | string {
  if (Number.isNaN(n)) return `is not a time; ${HOW}`;
  if (n < 0) return NEGATIVE;
  const unit = unitOfNumber(n);
  if (unit === null) return TOO_LARGE;
  return { seconds: n / unit.scale, unit };
}

function asReading(result: number | string): TimeReading | string {
  return typeof result === 'string' ? result : { seconds: result, unit: null };
}

/**
 * UNIX seconds from a time given by a user (`--at`, a plan's `at` in text, an attribute or a
 * form, a journal's fill time), or a PlanError naming `field` and saying what to write.
 */
export function parseTime(field: string, value: number | string): number {
  const reading = typeof value === 'number' ? readNumber(value) : readTime(String(value));
  if (typeof reading === 'string')
    throw new PlanError(field, `${field}: "${String(value).trim()}" ${reading}`);
  return reading.seconds;
}

/** UNIX seconds from a cell, or NaN when it is not a time (readTime says why). */
export function parseTimeCell(cell: string): number {
  const reading = readTime(cell);
  return typeof reading === 'string' ? NaN : reading.seconds;
}

/** An ISO date-time for messages (no RangeError: every time readTime gives is inside Date's range). */
export function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString().replace(/\.000Z$/, 'Z') : String(seconds);
}

/**
 * Holds a file to the unit of its first numeric time: a file in milliseconds with one row in
 * seconds (or a stray 1e16) is an error naming that row, not a bar in another century. The
 * unit's range is kept as two numbers so the readers' hot loops check a time with two compares.
 */
export class TimeUnitTracker {
  unit: TimeUnit | null = null;
  /** Where the unit was set, for the messages. */
  private firstRow = 0;
  private firstNumber = 0;
  private from = 0;
  private below = 0;
  private scale = 1;

  /** Seconds from a numeric time of `row`, or a BarsError when it is negative, too large or in another unit. */
  seconds(n: number, row: number, label: string): number {
    if (n >= this.from && n < this.below) return n / this.scale;
    return this.firstOrMismatch(n, row, label);
  }

  /** A reading of a cell in `row` checked against the file's unit (dates pass as they are). */
  check(reading: TimeReading, n: number, row: number, label: string): number {
    return reading.unit === null ? reading.seconds : this.seconds(n, row, label);
  }

  private firstOrMismatch(n: number, row: number, label: string): number {
    const unit = n >= 0 ? unitOfNumber(n) : null;
    if (unit === null) {
      const why = n < 0 ? NEGATIVE : TOO_LARGE;
      throw new BarsError(row, 'time', `${label} ${row}: time ${n} ${why}`);
    }
    if (this.unit === null) {
      this.unit = unit;
      this.firstRow = row;
      this.firstNumber = n;
      this.from = unit.from;
      this.below = unit.below;
      this.scale = unit.scale;
      return n / unit.scale;
    }
    throw new BarsError(
      row,
      'time',
      `${label} ${row}: time ${n} reads as ${unit.name} (${isoTime(n / unit.scale)}), but ${label} ${this.firstRow}'s ${this.firstNumber} was in ${this.unit.name}; write every time in one unit`,
    );
  }

  /** What the file's times were read as, when that is worth saying (anything but seconds). */
  note(): string | null {
    if (this.unit === null || this.unit.scale === 1) return null;
    return `times read as ${this.unit.name} (row ${this.firstRow}: ${this.firstNumber} is ${isoTime(this.firstNumber / this.unit.scale)})`;
  }
}
