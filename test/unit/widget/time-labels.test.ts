import { TickMarkType } from 'lightweight-charts';
import { afterAll, describe, expect, it } from 'vitest';
import { tickMarkLabel } from '../../../widget/chart/time-labels.js';

// lightweight-charts 5.2's defaultTickMarkFormatter, as its source writes it: the UTC time's
// fields read as a local time, formatted with toLocaleString (the oracle for ordinary times).
function libraryLabel(seconds: number, type: TickMarkType, locale: string): string {
  const options: Intl.DateTimeFormatOptions = [
    { year: 'numeric' },
    { month: 'short' },
    { day: 'numeric' },
    { hour12: false, hour: '2-digit', minute: '2-digit' },
    { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' },
  ][type] as Intl.DateTimeFormatOptions;
  const d = new Date(seconds * 1000);
  const local = new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
  return local.toLocaleString(locale, options);
}

describe('time scale labels', () => {
  const zone = process.env.TZ;
  afterAll(() => {
    process.env.TZ = zone;
  });

  it("write what lightweight-charts' default writes, in any page's time zone", () => {
    // A zone with clock changes, so local and UTC readings differ.
    process.env.TZ = 'America/New_York';
    const types = [
      TickMarkType.Year,
      TickMarkType.Month,
      TickMarkType.DayOfMonth,
      TickMarkType.Time,
      TickMarkType.TimeWithSeconds,
    ];
    // 2020-12-01 00:00 UTC, then every 7 h 3 min 17 s for ~1.5 years.
    for (let t = 1606780800; t < 1606780800 + 1.5 * 365 * 86400; t += 25397) {
      for (const locale of ['en-US', 'de-DE', 'ja-JP']) {
        for (const type of types) {
          const local = new Date(t * 1000);
          // Skip the missing local hour of a spring clock change, where the default is off (below).
          const inGap = local.getUTCHours() === 2 && [2, 3].includes(local.getUTCMonth());
          if (!inGap) expect(tickMarkLabel(t as never, type, locale)).toBe(libraryLabel(t, type, locale));
        }
      }
    }
  });

  it("shows 02:30 for 02:30 UTC on the night New York's clocks skip it, and leaves business days alone", () => {
    process.env.TZ = 'America/New_York';
    const t = Date.UTC(2021, 2, 14, 2, 30) / 1000;
    expect(tickMarkLabel(t as never, TickMarkType.Time, 'en-GB')).toBe('02:30');
    expect(libraryLabel(t, TickMarkType.Time, 'en-GB')).toBe('03:30');
    expect(tickMarkLabel('2021-03-14' as never, TickMarkType.DayOfMonth, 'en-US')).toBeNull();
  });
});
