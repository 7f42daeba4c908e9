import { BarsError } from '../errors.js';
import type { BarColumns } from '../indicators/inputs.js';
import type { Bar } from '../types.js';
import { CsvBarReader } from './csv-reader.js';
import { barsFromColumns } from './validate.js';

/**
 * Bars in: CSV (with or without a header, comma/semicolon/tab separated, times in seconds,
 * milliseconds, microseconds, nanoseconds or ISO dates, decimal commas where a cell shows
 * them, the usual column names; csv-reader.ts and csv-text-reader.ts) and JSON (arrays of
 * objects or of [time, open, high, low, close, volume] rows, as exchanges send klines;
 * json-bars.ts). Every problem is a BarsError naming the row and the field (validate.ts); gaps
 * in time (weekends, halts) are data, not errors. Times are read by time.ts.
 */

export { CsvBarReader } from './csv-reader.js';
export { parseBarsJson } from './json-bars.js';
export { isoTime, parseTime, parseTimeCell, readTime } from './time.js';
export { barsFromColumns, validateBars } from './validate.js';

/** Reads CSV text into bars, validated (see validateBars). */
export function parseBarsCsv(text: string): Bar[] {
  return barsFromColumns(parseBarColumnsCsv(text));
}

/**
 * Reads CSV text into validated columns (volume NaN where a row has none), the same bars and
 * the same errors as parseBarsCsv without an object per bar: CsvBarReader given the whole text.
 */
export function parseBarColumnsCsv(text: string): BarColumns {
  if (typeof text !== 'string') throw new BarsError(0, '', 'expected CSV text');
  const reader = new CsvBarReader(text.length);
  reader.push(text);
  return reader.finish();
}
