import { PlanError } from '../errors.js';

/*
 * The plan's `at`: UNIX seconds, UNIX milliseconds, or an ISO 8601 date with an optional time
 * and an optional `Z` or `+hh:mm` offset (UTC when it has none). Strict on purpose: Date.parse
 * reads `2020-02-30` as March 1 and `-5` as a year, and a number past the year 5138 parses to
 * a time no chart has, so those are refused with the field and the fix instead.
 */

/** 1e11 seconds is the year 5138; an epoch count from 1e11 on is milliseconds (1973 on). */
const MILLISECONDS_FROM = 1e11;
/** 1e14 milliseconds is the year 5138 again: larger counts are not a time this reads. */
const MILLISECONDS_UNTIL = 1e14;

const EPOCH = /^\d+(?:\.\d+)?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function fail(field: string, value: unknown, why: string): never {
  throw new PlanError(
    field,
    `${field}: ${why} ("${String(value)}"); give UNIX seconds (e.g. 1609459200), milliseconds, or an ISO date such as 2021-01-04 or 2021-01-04T10:00Z`,
  );
}

function fromEpoch(field: string, value: unknown, n: number): number {
  if (!Number.isFinite(n) || n < 0)
    fail(field, value, 'a time must be a count of seconds from 1970 or a date');
  if (n >= MILLISECONDS_UNTIL)
    fail(field, value, 'the number is too large for a time in seconds or milliseconds');
  return n >= MILLISECONDS_FROM ? Math.floor(n / 1000) : n;
}

function offsetMinutes(field: string, value: unknown, zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) fail(field, value, `the offset ${zone} is not a time zone`);
  return sign * (hours * 60 + minutes);
}

/** UNIX seconds from seconds, milliseconds or an ISO date; anything else is a PlanError naming `field`. */
export function parseTime(field: string, value: number | string): number {
  if (typeof value === 'number') return fromEpoch(field, value, value);
  const text = String(value).trim();
  if (text === '') fail(field, value, 'the time is empty');
  if (EPOCH.test(text)) return fromEpoch(field, value, Number(text));
  const m = ISO.exec(text);
  if (!m) fail(field, value, 'cannot read the time');
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) =>
    part === undefined ? 0 : Number(part),
  );
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  if (
    month < 1 ||
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    fail(field, value, 'that date or time does not exist');
  }
  return Math.floor(ms / 1000 + fraction) - offsetMinutes(field, value, m[8]) * 60;
}
