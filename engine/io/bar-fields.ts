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
