import { TickMarkType, type Time } from 'lightweight-charts';

/**
 * The time scale's tick labels as lightweight-charts writes them by default (the year; the
 * short month; the day of the month; 24-hour time, with seconds where asked), read in UTC as
 * the chart's times are, through one Intl.DateTimeFormat per kind of label. The default makes
 * each label with toLocaleString and options, which sets up a new formatter for each label: on
 * a cold page that was ~13 ms of the first frame's profile for 8 labels. The default also reads
 * the UTC time as local time, so in a clock change's missing hour it shows the hour after.
 */
const LABEL_OPTIONS: Record<TickMarkType, Intl.DateTimeFormatOptions> = {
  [TickMarkType.Year]: { year: 'numeric' },
  [TickMarkType.Month]: { month: 'short' },
  [TickMarkType.DayOfMonth]: { day: 'numeric' },
  [TickMarkType.Time]: { hour12: false, hour: '2-digit', minute: '2-digit' },
  [TickMarkType.TimeWithSeconds]: { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

export function tickMarkLabel(time: Time, type: TickMarkType, locale: string): string | null {
  // Business-day times keep lightweight-charts' own labels; this chart's times are UTC seconds.
  if (typeof time !== 'number') return null;
  const key = `${locale} ${type}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...LABEL_OPTIONS[type], timeZone: 'UTC' });
    formats.set(key, format);
  }
  return format.format(time * 1000);
}
