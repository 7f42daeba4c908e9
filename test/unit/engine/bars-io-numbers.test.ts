// Numbers in bar files that are accepted but are not what they say (issue 13 item 2, issue 16
// items 14-15): decimal commas, times in finer units, times no calendar has. Each case is read
// through push() (text) and pushBytes() (bytes), which must agree.
import { describe, expect, it } from 'vitest';
import { BarsError, CsvBarReader, parseBarsJson, type Bar } from '../../../engine/index.js';
import { parseTime, readTime } from '../../../engine/io/time.js';
import { PlanError } from '../../../engine/errors.js';

function read(text: string, bytes: boolean): { bars: Bar[]; notes: string[] } {
  const reader = new CsvBarReader();
  if (bytes) reader.pushBytes(new TextEncoder().encode(text));
  else reader.push(text);
  const c = reader.finish();
  const bars = Array.from(c.time, (time, i) => ({
    time,
    open: c.open[i],
    high: c.high[i],
    low: c.low[i],
    close: c.close[i],
  }));
  return { bars, notes: reader.notes() };
}

function both(text: string): { bars: Bar[]; notes: string[] } {
  const fromText = read(text, false);
  expect(read(text, true)).toEqual(fromText);
  return fromText;
}

function failure(text: string): BarsError {
  let fromText: unknown = null;
  let fromBytes: unknown = null;
  try {
    read(text, false);
  } catch (e) {
    fromText = e;
  }
  try {
    read(text, true);
  } catch (e) {
    fromBytes = e;
  }
  expect(fromText).toBeInstanceOf(BarsError);
  expect((fromBytes as Error).message).toBe((fromText as Error).message);
  return fromText as BarsError;
}

describe('decimal commas', () => {
  it('reads a semicolon file with decimal commas as the prices it means, and says so', () => {
    // SPY's first bar (../shared/data/spy_daily_1999-2020.csv row 2) as a German spreadsheet saves it.
    const text =
      'time;open;high;low;close\n941414400;136,5;137;135,5625;135,5625\n941500800;135,9687;137,25;134,5937;134,5937\n';
    const { bars, notes } = both(text);
    expect(bars[0]).toEqual({ time: 941414400, open: 136.5, high: 137, low: 135.5625, close: 135.5625 });
    expect(bars[1].high).toBe(137.25);
    expect(notes).toEqual(['numbers read with a decimal comma (row 2: "136,5" is 136.5)']);
  });

  it('reads thousands separators with a dot decimal, and 1.234,5 the European way', () => {
    expect(both('time;open;high;low;close\n1;"1,234.5";1235;1234;1234.5\n').bars[0].open).toBe(1234.5);
    expect(both('time;open;high;low;close\n1;1.234,5;1.235,0;1.234,0;1.234,5\n').bars[0].high).toBe(1235);
  });

  it('reads 1,234 by the mark the file showed before it, and refuses it when the file has shown none', () => {
    // After 136,5 (a decimal comma) the file's 137,250 is 137.25.
    const after = both('time;open;high;low;close\n1;136,5;137,250;135,5;136\n');
    expect(after.bars[0].high).toBe(137.25);
    const e = failure('time;open;high;low;close\n1;1,234;1,240;1,230;1,235\n');
    expect([e.row, e.field]).toEqual([2, 'open']);
    expect(e.message).toBe(
      'row 2: open "1,234" could be 1.234 (a decimal comma) or 1234 (a thousands separator); write it without the comma, or with a dot as the decimal mark',
    );
  });

  it('refuses a file that mixes the two marks, naming both rows', () => {
    const e = failure('time;open;high;low;close\n1;136,5;137;135;136\n2;"1,234.5";1235;1234;1234.5\n');
    expect(e.message).toBe(
      'row 3: open "1,234.5" uses "." as the decimal mark, but row 2\'s "136,5" used ","; write every number with one decimal mark',
    );
  });
});

describe('times', () => {
  // 1700000000 s is 2023-11-14T22:13:20Z; the same instant in each finer unit.
  const rows = (t: (k: number) => string) =>
    `time,open,high,low,close\n${t(0)},1,2,0.5,1.5\n${t(1)},1,2,0.5,1.5\n`;

  it('reads milliseconds, microseconds and nanoseconds by their size, and says which', () => {
    for (const [unit, zeros] of [
      ['milliseconds', '000'],
      ['microseconds', '000000'],
      ['nanoseconds', '000000000'],
    ] as const) {
      const { bars, notes } = both(rows((k) => `${1700000000 + 60 * k}${zeros}`));
      expect(bars.map((b) => b.time)).toEqual([1700000000, 1700000060]);
      expect(notes).toEqual([`times read as ${unit} (row 2: 1700000000${zeros} is 2023-11-14T22:13:20Z)`]);
    }
    expect(both(rows((k) => String(1700000000 + 60 * k))).notes).toEqual([]);
  });

  it('refuses a row in another unit than the file, such as a 1e16 in the last row', () => {
    // Before: 1e16 was read as milliseconds (1e13 s, past Date's range) and crashed the CLI's
    // toISOString with a RangeError.
    const e = failure('time,open,high,low,close\n1700000000,1,2,0.5,1.5\n10000000000000000,1,2,0.5,1.5\n');
    expect([e.row, e.field]).toEqual([3, 'time']);
    expect(e.message).toBe(
      "row 3: time 10000000000000000 reads as microseconds (2286-11-20T17:46:40Z), but row 2's 1700000000 was in seconds; write every time in one unit",
    );
    expect(failure('time,open,high,low,close\n1,1,1,1,1\n1e16,1,1,1,1\n').message).toMatch(
      /^row 3: time "1e16" is not a time; give UNIX seconds/,
    );
  });

  it('refuses negative numbers and dates that no calendar has', () => {
    expect(failure('time,open,high,low,close\n-5,1,1,1,1\n').message).toBe(
      'row 2: time -5 is a negative UNIX time; write a time before 1970 as an ISO date (1969-07-20T20:17Z)',
    );
    // Before: Date.parse rolled 2020-02-30 over into 1 March.
    expect(failure('time,open,high,low,close\n2020-02-30,1,1,1,1\n').message).toBe(
      'row 2: time "2020-02-30" is not a real date: month 2 of 2020 has 29 days',
    );
    expect(failure('time,open,high,low,close\n2021-01-04 24:00,1,1,1,1\n').message).toMatch(
      /is not a real time of day/,
    );
  });

  it('reads ISO dates with zones, slashes and Dukascopy day-first dates as UTC instants', () => {
    expect(readTime('2023-11-14T23:13:20+01:00')).toEqual({ seconds: 1700000000, unit: null });
    expect(readTime('2023/11/14 22:13:20')).toEqual({ seconds: 1700000000, unit: null });
    expect(readTime('14.11.2023 22:13:20.000')).toEqual({ seconds: 1700000000, unit: null });
    expect(readTime('1969-07-20T20:17Z')).toEqual({ seconds: -14182980, unit: null });
  });

  it('holds JSON bars to one unit as well', () => {
    expect(parseBarsJson([[1700000000000000, 1, 2, 0.5, 1.5]])[0].time).toBe(1700000000);
    expect(() =>
      parseBarsJson([
        [1700000000, 1, 1, 1, 1],
        [1e16, 1, 1, 1, 1],
      ]),
    ).toThrow(/^bar 2: time 10000000000000000 reads as microseconds/);
  });
});

describe("parseTime (the --at of the CLI, the plan's at)", () => {
  const refused = (text: string): string => {
    try {
      parseTime('at', text);
    } catch (e) {
      expect(e).toBeInstanceOf(PlanError);
      expect((e as PlanError).field).toBe('at');
      return (e as Error).message;
    }
    throw new Error(`"${text}" was accepted`);
  };

  it('refuses what is not a real time, naming the field', () => {
    // Before: "-5" went to Date.parse, which read it as 2001-05-01; 2020-02-30 became March;
    // 99999999999999999999 was 1e17 seconds and crashed toISOString.
    expect(refused('-5')).toBe(
      'at: "-5" is a negative UNIX time; write a time before 1970 as an ISO date (1969-07-20T20:17Z)',
    );
    expect(refused('2020-02-30')).toBe('at: "2020-02-30" is not a real date: month 2 of 2020 has 29 days');
    expect(refused('99999999999999999999')).toMatch(
      /^at: "99999999999999999999" is too large for UNIX time in seconds, milliseconds, microseconds or nanoseconds/,
    );
    expect(refused('soon')).toMatch(/^at: "soon" is not a time; give UNIX seconds/);
    expect(refused('2021-01-04T10:00+25:00')).toMatch(/no time zone has/);
  });

  it('reads seconds, milliseconds and dates', () => {
    expect(parseTime('at', '1700000000')).toBe(1700000000);
    expect(parseTime('at', '1700000000123')).toBe(1700000000.123);
    expect(parseTime('at', '2021-01-04T10:00Z')).toBe(Date.UTC(2021, 0, 4, 10) / 1000);
    expect(parseTime('at', '2021-01-04')).toBe(Date.UTC(2021, 0, 4) / 1000);
  });
});
