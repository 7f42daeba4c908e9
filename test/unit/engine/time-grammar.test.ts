// The one time grammar (engine/io/time.ts, docs/times.md) that plan text `at`, the widget's
// `at` attribute and forms, the CLI's --at, bar and trade CSV time columns and journal imports
// all read. Until issue 15 the plan's `at` had its own parser (engine/plan/time.ts); the rows
// marked "was:" are where the two differed and which reading won, and why.
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, parsePlan, parseTime } from '../../../engine/index.js';
import { readTime } from '../../../engine/io/time.js';
import { refusal } from '../support/plan-errors.js';

// Expected seconds come from GNU date: `date -u -d 2021-01-04T10:00Z +%s` is 1609754400.
const JAN4_10H = 1_609_754_400;
const JAN4 = JAN4_10H - 10 * 3600;

/** [what is typed, the UNIX seconds it is]. */
const READ: [string | number, number][] = [
  // ISO dates, with an optional time, fraction and zone; UTC when none is named.
  ['2021-01-04', JAN4],
  ['2021-01-04T10:00Z', JAN4_10H],
  ['2021-01-04T10:00', JAN4_10H],
  ['2021-01-04 10:00:00', JAN4_10H],
  [' 2021-01-04t10:00z ', JAN4_10H],
  // 12:00 at +02:00 is 10:00 UTC; 05:30 at -04:30 is 10:00 UTC.
  ['2021-01-04T12:00+02:00', JAN4_10H],
  ['2021-01-04T12:00:00+0200', JAN4_10H],
  ['2021-01-04T12:00+02', JAN4_10H],
  ['2021-01-04T05:30-04:30', JAN4_10H],
  // was: the plan's parser dropped fractions (10:00:00.750 -> 10:00:00). Kept now, so a time
  // copied from a millisecond bar file or an order book's message is the same instant as `at`.
  ['2021-01-04T10:00:00.750Z', JAN4_10H + 0.75],
  // was: refused by the plan's parser; read in bar files (Europe's decimal comma, UTC/GMT
  // written out, slashes for dashes). One grammar takes them everywhere.
  ['2021-01-04T10:00:00,750Z', JAN4_10H + 0.75],
  ['2021-01-04T10:00 UTC', JAN4_10H],
  ['2021-01-04T10:00GMT', JAN4_10H],
  ['2021/01/04', JAN4],
  // was: refused by the plan's parser; Dukascopy's day-first dotted date, UTC.
  ['04.01.2021', JAN4],
  ['04.01.2021 10:00:00.000', JAN4_10H],
  // The widest real zones, UTC+14:00 and UTC-12:00 (date -u -d "2021-01-04T10:00+14:00" +%s).
  ['2021-01-04T10:00+14:00', 1_609_704_000],
  ['2021-01-04T10:00-14:00', 1_609_804_800],
  // Before 1970 as a date; was: the plan's parser refused years 0-99 (Date.UTC reads them as
  // 1900-1999). `date -u -d 0050-01-01 +%s` and `date -u -d 1969-07-20T20:17Z +%s`.
  ['0050-01-01', -60_589_296_000],
  ['1969-07-20T20:17Z', -14_182_980],
  // 2020 is a leap year: February 29 exists (date -u -d 2020-02-29 +%s).
  ['2020-02-29', 1_582_934_400],
  // UNIX counts, as text or number, the unit told by the size.
  ['1609754400', JAN4_10H],
  [1_609_754_400, JAN4_10H],
  ['0', 0],
  ['1609754400.5', JAN4_10H + 0.5],
  // 1e11 - 1 seconds is still seconds (the year 5138); 1e11 is milliseconds (1973-03-03).
  [99_999_999_999, 99_999_999_999],
  [100_000_000_000, 100_000_000],
  // was: the plan's parser floored milliseconds to whole seconds (…400999 -> …400).
  ['1609754400000', JAN4_10H],
  [1_609_754_400_999, JAN4_10H + 0.999],
  // was: refused by the plan's parser as too large; micro- and nanoseconds are read in files.
  ['1609754400000000', JAN4_10H],
  ['1609754400000000000', JAN4_10H],
];

/** [what is typed, a phrase the refusal says]. */
const REFUSED: [string | number, string][] = [
  // Date.parse read "-5" as 2001-05-01 (issue 16 item 15); a negative count is a slip.
  ['-5', 'is a negative UNIX time; write a time before 1970 as an ISO date'],
  ['-1609754400', 'is a negative UNIX time'],
  [-1, 'is a negative UNIX time'],
  // was: read as 5 seconds in bar files. A sign on a time is a slip for a negative one, not a time.
  ['+5', 'has a sign; a time is a count from 1970 without one (5), or a date'],
  // Dates and times no calendar has (Date.parse rolls 2020-02-30 over into March 1).
  ['2020-02-30', 'is not a real date: month 2 of 2020 has 29 days'],
  ['2021-02-29', 'is not a real date: month 2 of 2021 has 28 days'],
  ['2021-04-31', 'is not a real date: month 4 of 2021 has 30 days'],
  ['2021-01-00', 'is not a real date: month 1 of 2021 has 31 days'],
  ['2021-13-01', 'has month 13; months run from 01 to 12'],
  ['2021-00-10', 'has month 0; months run from 01 to 12'],
  ['2021-01-04T24:00Z', 'is not a real time of day'],
  ['2021-01-04T10:60Z', 'is not a real time of day'],
  ['2021-01-04T10:00:60Z', 'is not a real time of day'],
  ['32.01.2021', 'is not a real date'],
  // was: bar files took offsets up to 23 hours; no zone is further than 14 from UTC.
  ['2021-01-04T10:00+15:00', 'has a time zone offset "+15:00" that no time zone has'],
  ['2021-01-04T10:00+02:75', 'has a time zone offset "+02:75" that no time zone has'],
  // Numbers past the nanosecond range (crashed the CLI's toISOString once).
  ['99999999999999999999', 'is too large for UNIX time'],
  [1e20, 'is too large for UNIX time'],
  [Number.POSITIVE_INFINITY, 'is too large for UNIX time'],
  // What is not a time at all.
  [Number.NaN, 'is not a time; give UNIX seconds'],
  ['', 'is empty; give UNIX seconds'],
  ['yesterday', 'is not a time; give UNIX seconds'],
  ['Infinity', 'is not a time'],
  ['NaN', 'is not a time'],
  ['1e9', 'is not a time'],
  ['0x10', 'is not a time'],
  ['2021-1-4', 'is not a time'],
  ['2021-01-04T10', 'is not a time'],
  ['2021-01-04T10:00  Z', 'is not a time'],
];

describe('the one time grammar', () => {
  it.each(READ)('reads %s as %d', (typed, seconds) => {
    expect(parseTime('at', typed)).toBeCloseTo(seconds, 6);
  });

  it.each(REFUSED)('refuses %s, naming the field and the fix', (typed, phrase) => {
    const error = refusal(() => parseTime('at', typed));
    expect(error.field).toBe('at');
    expect(error.message).toMatch(/^at: "/);
    expect(error.message).toContain(phrase);
  });

  it('gives a bar file the same reading as a plan, or the same reason', () => {
    for (const [typed, seconds] of READ) {
      if (typeof typed !== 'string') continue;
      const reading = readTime(typed);
      expect(typeof reading === 'string' ? reading : reading.seconds, typed).toBeCloseTo(seconds, 6);
    }
    for (const [typed, phrase] of REFUSED) {
      if (typeof typed === 'string') expect(readTime(typed), typed).toContain(phrase);
    }
  });

  it('is the parser parsePlan uses for at, and a bar file for its time column', () => {
    expect(parsePlan({ side: 'long', entry: 10, stop: '9', at: '2021-01-04T10:00Z' }).entryTime).toBe(
      JAN4_10H,
    );
    expect(() => parsePlan({ side: 'long', entry: 10, stop: '9', at: '2020-02-30' })).toThrow(
      'at: "2020-02-30" is not a real date: month 2 of 2020 has 29 days',
    );
    expect(() => parsePlan({ side: 'long', entry: 10, stop: '9', at: '+5' })).toThrow(
      /^at: "\+5" has a sign/,
    );
    expect(parseBarsCsv('time,open,high,low,close\n04.01.2021 10:00:00.000,1,2,0.5,1.5\n')[0].time).toBe(
      JAN4_10H,
    );
    expect(() => parseBarsCsv('time,open,high,low,close\n+5,1,2,0.5,1.5\n')).toThrow(
      /^row 2: time "\+5" has a sign/,
    );
  });
});
