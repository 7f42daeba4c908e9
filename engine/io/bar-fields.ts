import type { Bar } from '../types.js';

/** The names a bar file's header may give each field (lower case), CSV and JSON alike. */
export const COLUMN_NAMES: Record<keyof Bar, string[]> = {
  time: [
    'time',
    'timestamp',
    'date',
    'datetime',
    'open_time',
    'opentime',
    'ts',
    'unix',
    'timestamp_utc',
    't',
    'gmt time',
    'local time',
  ],
  open: ['open', 'o', 'open_price', 'openprice'],
  high: ['high', 'h', 'high_price', 'highprice', 'max'],
  low: ['low', 'l', 'low_price', 'lowprice', 'min'],
  close: ['close', 'c', 'close_price', 'closeprice', 'last', 'adj close', 'price'],
  volume: ['volume', 'v', 'vol', 'volume_btc', 'base_volume', 'qty', 'quantity'],
};

export type Field = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** The fields in a row's order when a file has no header. */
export const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * A cell as an error message quotes it: whole when short, else its first 40 characters and how
 * long it was. A broken file can hold a 100,000-character cell (a note column, a line with no
 * separator), and a message that repeats it whole is unreadable on a terminal.
 */
export function cellText(cell: string): string {
  return cell.length <= 48
    ? cell
    : `${cell.slice(0, 40)}… (${cell.length.toLocaleString('en-US')} characters)`;
}

/** A header's cells as a message lists them: the first 12, each quoted by cellText. */
export function cellList(cells: readonly string[]): string {
  const shown = cells.slice(0, 12).map(cellText).join(', ');
  return cells.length > 12 ? `${shown} and ${cells.length - 12} more` : shown;
}
