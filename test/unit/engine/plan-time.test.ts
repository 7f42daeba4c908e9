import { describe, expect, it } from 'vitest';
import { parsePlan, parseTime, type PlanError } from '../../../engine/index.js';
import { refusal } from '../support/plan-errors.js';

/** The PlanError parseTime gives for `value`. */
const refused = (value: string | number): PlanError => refusal(() => parseTime('at', value));

// Expected seconds: 2021-01-04T10:00:00Z is 1609754400 (date -u -d 2021-01-04T10:00Z +%s).
const JAN4_10H = 1_609_754_400;

describe('the plan time parser (at)', () => {
  it('reads ISO dates with an optional time and an optional Z or offset, UTC when none is given', () => {
    expect(parseTime('at', '2021-01-04')).toBe(JAN4_10H - 10 * 3600);
    expect(parseTime('at', '2021-01-04T10:00Z')).toBe(JAN4_10H);
    expect(parseTime('at', '2021-01-04T10:00')).toBe(JAN4_10H);
    expect(parseTime('at', '2021-01-04 10:00:00')).toBe(JAN4_10H);
    expect(parseTime('at', '2021-01-04T10:00:00.750Z')).toBe(JAN4_10H);
    // 12:00 at +02:00 is 10:00 UTC; 05:30 at -04:30 is 10:00 UTC.
    expect(parseTime('at', '2021-01-04T12:00+02:00')).toBe(JAN4_10H);
    expect(parseTime('at', '2021-01-04T12:00:00+0200')).toBe(JAN4_10H);
    expect(parseTime('at', '2021-01-04T05:30-04:30')).toBe(JAN4_10H);
    expect(parseTime('at', ' 2021-01-04t10:00z ')).toBe(JAN4_10H);
  });

  it('reads UNIX seconds and milliseconds, as text or number', () => {
    expect(parseTime('at', '1609754400')).toBe(JAN4_10H);
    expect(parseTime('at', 1_609_754_400)).toBe(JAN4_10H);
    expect(parseTime('at', '1609754400000')).toBe(JAN4_10H);
    expect(parseTime('at', 1_609_754_400_999)).toBe(JAN4_10H);
    expect(parseTime('at', '0')).toBe(0);
    // 1e11 - 1 seconds is still seconds (the year 5138); 1e11 is milliseconds (1973-03-03).
    expect(parseTime('at', 99_999_999_999)).toBe(99_999_999_999);
    expect(parseTime('at', 100_000_000_000)).toBe(100_000_000);
  });

  it('refuses dates that do not exist, which Date.parse rolls over into the next month', () => {
    for (const bad of ['2020-02-30', '2021-02-29', '2021-04-31', '2021-13-01', '2021-00-10', '2021-01-00']) {
      expect(refused(bad).message).toContain('does not exist');
    }
    for (const bad of ['2021-01-04T24:00Z', '2021-01-04T10:60Z', '2021-01-04T10:00:60Z']) {
      expect(refused(bad).message).toContain('does not exist');
    }
    // 2020 is a leap year: February 29 exists.
    expect(parseTime('at', '2020-02-29')).toBe(1_582_934_400);
  });

  it('refuses signs, words, out-of-range offsets and numbers past the millisecond range', () => {
    for (const bad of [
      '-5',
      '+5',
      '-1609754400',
      'yesterday',
      'Infinity',
      'NaN',
      '1e9',
      '0x10',
      '2021/01/04',
      '',
    ]) {
      const error = refused(bad);
      expect(error.field).toBe('at');
      expect(error.message).toMatch(/^at: /);
      expect(error.message).toContain('ISO date');
    }
    expect(refused('2021-01-04T10:00+15:00').message).toContain('offset');
    expect(refused('2021-01-04T10:00+02:75').message).toContain('offset');
    // The CLI's `--at 99999999999999999999` crashed in toISOString; now it is a plain refusal.
    expect(refused('99999999999999999999').message).toContain('too large');
    expect(refused(1e14).message).toContain('too large');
    expect(refused(-1).field).toBe('at');
    expect(refused(Number.NaN).field).toBe('at');
  });

  it('is the parser parsePlan uses for at', () => {
    expect(parsePlan({ side: 'long', entry: 10, stop: '9', at: '2021-01-04T10:00Z' }).entryTime).toBe(
      JAN4_10H,
    );
    expect(() => parsePlan({ side: 'long', entry: 10, stop: '9', at: '2020-02-30' })).toThrow(
      /at: .*does not exist/,
    );
  });
});
