import { BarsError } from '../errors.js';
import type { BarColumns } from '../indicators/inputs.js';
import type { Bar } from '../types.js';
import type { Field } from './bar-fields.js';

/** The rules every bar meets, whichever reader made it: the parsers' and validateBars' checks. */

/** Bars from columns (a NaN volume means none); the inverse of barsToColumns. */
export function barsFromColumns(columns: BarColumns): Bar[] {
  const { time, open, high, low, close, volume } = columns;
  const bars: Bar[] = new Array<Bar>(time.length);
  for (let i = 0; i < time.length; i++) {
    const bar: Bar = { time: time[i], open: open[i], high: high[i], low: low[i], close: close[i] };
    if (!Number.isNaN(volume[i])) bar.volume = volume[i];
    bars[i] = bar;
  }
  return bars;
}

export function checkBar(bar: Bar, row: number, label: RowLabel): void {
  checkValues(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume ?? NaN, row, label);
}

/** How an error names the place: `row 12` of a file, `bar 12` of an array. */
export type RowLabel = 'row' | 'bar';

/** One bar's rules (a NaN volume is no volume), by value so the CSV reader needs no object. */
export function checkValues(
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
  row: number,
  label: RowLabel,
): void {
  // Messages are built only when a check fails: this runs once per bar.
  if (!Number.isFinite(time)) {
    throw new BarsError(
      row,
      'time',
      `${label} ${row}: the time is missing or unreadable; give UNIX seconds, milliseconds or an ISO date`,
    );
  }
  checkPrice(open, 'open', row, label);
  checkPrice(high, 'high', row, label);
  checkPrice(low, 'low', row, label);
  checkPrice(close, 'close', row, label);
  if (!Number.isNaN(volume) && (!Number.isFinite(volume) || volume < 0)) {
    throw new BarsError(
      row,
      'volume',
      `${label} ${row}: volume must be a number of 0 or more, got ${volume}`,
    );
  }
  if (high < low) {
    throw new BarsError(
      row,
      'high',
      `${label} ${row}: high ${high} is below low ${low}; check the column order (time,open,high,low,close)`,
    );
  }
  if (high < Math.max(open, close) || low > Math.min(open, close)) {
    throw new BarsError(
      row,
      high < Math.max(open, close) ? 'high' : 'low',
      `${label} ${row}: open/close lie outside the high-low range`,
    );
  }
}

function checkPrice(value: number, field: Field, row: number, label: RowLabel): void {
  if (!Number.isFinite(value)) throw new BarsError(row, field, `${label} ${row}: ${field} is not a number`);
  if (value < 0)
    throw new BarsError(
      row,
      field,
      `${label} ${row}: ${field} is negative (${value}); prices must be 0 or more`,
    );
}

/** The error for a bar whose time is not after the one before it. */
export function orderError(where: string, row: number, time: number, previous: number): BarsError {
  return time === previous
    ? new BarsError(
        row,
        'time',
        `${where}: duplicate time ${time} (same as the row before); remove one of them`,
      )
    : new BarsError(
        row,
        'time',
        `${where}: time ${time} is before the previous row's ${previous}; sort the rows by time, oldest first`,
      );
}

/** Times strictly rising: `times` is a column, or bars read through `timeOf`. */
export function checkOrder(
  count: number,
  timeOf: (k: number) => number,
  where: (k: number) => string,
  rowNumber: (k: number) => number,
): void {
  for (let k = 1; k < count; k++) {
    if (!(timeOf(k) > timeOf(k - 1))) throw orderError(where(k), rowNumber(k), timeOf(k), timeOf(k - 1));
  }
}

/**
 * Validates bars built in code, as objects or as columns (a NaN volume is none): the same rules
 * as the parsers, each problem named by its bar number. Columns are checked without making an
 * object per bar.
 */
export function validateBars(bars: readonly Bar[] | BarColumns): void {
  const objects = Array.isArray(bars) ? (bars as readonly Bar[]) : null;
  const columns = objects ? null : (bars as BarColumns | null);
  const count = objects ? objects.length : (columns?.time?.length ?? 0);
  if (!(count > 0)) throw new BarsError(0, '', 'no bars');
  for (let k = 0; k < count; k++) {
    if (objects) checkBar(objects[k], k + 1, 'bar');
    else {
      const { time, open, high, low, close, volume } = columns!;
      checkValues(time[k], open[k], high[k], low[k], close[k], volume[k] ?? NaN, k + 1, 'bar');
    }
  }
  checkOrder(
    count,
    objects ? (k) => objects[k].time : (k) => columns!.time[k],
    (k) => `bar ${k + 1}`,
    (k) => k + 1,
  );
}
