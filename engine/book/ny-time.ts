/**
 * New York wall-clock time to UNIX ms without a time-zone database: US Eastern time is UTC-5,
 * or UTC-4 under daylight saving, which (since 2007) runs from the second Sunday of March to the
 * first Sunday of November. A trading session never straddles the 02:00 switch, so the date
 * alone decides the offset.
 */

const DAY_MS = 86_400_000;

/** Day of the month of the n-th Sunday (1-based) of month m (0-based) in year y. */
function nthSunday(y: number, m: number, n: number): number {
  const firstWeekday = new Date(Date.UTC(y, m, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7 * (n - 1);
}

/** Hours New York is behind UTC on that date: 4 in summer time, else 5. */
export function newYorkOffsetHours(y: number, month0: number, day: number): number {
  if (y < 2007)
    throw new RangeError('New York offsets are computed for 2007 and later (the current DST rule)');
  const dstStart = Date.UTC(y, 2, nthSunday(y, 2, 2));
  const dstEnd = Date.UTC(y, 10, nthSunday(y, 10, 1));
  const t = Date.UTC(y, month0, day);
  return t >= dstStart && t < dstEnd ? 4 : 5;
}

/** UNIX ms of New York midnight on `date` (YYYY-MM-DD). Throws RangeError on a bad date. */
export function newYorkMidnightMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`a date is YYYY-MM-DD, got "${date}"`);
  const y = Number(m[1]);
  const month0 = Number(m[2]) - 1;
  const day = Number(m[3]);
  const utcMidnight = Date.UTC(y, month0, day);
  if (new Date(utcMidnight).getUTCDate() !== day || month0 > 11)
    throw new RangeError(`no such date: ${date}`);
  return utcMidnight + newYorkOffsetHours(y, month0, day) * 3_600_000;
}

/** The trading date in a LOBSTER file name (`AMZN_2012-06-21_34200000_..._message_1.csv`), or null. */
export function dateFromLobsterName(name: string): string | null {
  const m = /(?:^|[\\/_])(\d{4}-\d{2}-\d{2})_\d+_\d+_(?:message|orderbook)_\d+/.exec(name);
  return m ? m[1] : null;
}

export { DAY_MS };
