import type { Bar } from '../types.js';
import { FeedMessageError, feedNumber } from './errors.js';

function checked(bar: Bar, where: string): Bar {
  if (bar.high < Math.max(bar.open, bar.close) || bar.low > Math.min(bar.open, bar.close)) {
    throw new FeedMessageError(`${where}: high/low do not contain open/close`, where);
  }
  return bar;
}

/** GET /api/v3/klines (and /fapi/v1/klines): [[openTimeMs, "o", "h", "l", "c", "v", closeTimeMs, ...], ...]. */
export function parseKlines(body: unknown): Bar[] {
  if (!Array.isArray(body)) throw new FeedMessageError('klines response is not an array', 'body');
  return body.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length < 6)
      throw new FeedMessageError(`kline ${i} is not an array of 6+ fields`, `[${i}]`);
    return checked(
      {
        // Binance gives the bar's open time in ms; bars here are UNIX seconds.
        time: Math.floor(feedNumber(row[0], `[${i}].openTime`) / 1000),
        open: feedNumber(row[1], `[${i}].open`),
        high: feedNumber(row[2], `[${i}].high`),
        low: feedNumber(row[3], `[${i}].low`),
        close: feedNumber(row[4], `[${i}].close`),
        volume: feedNumber(row[5], `[${i}].volume`),
      },
      `kline ${i}`,
    );
  });
}

export interface KlineUpdate {
  bar: Bar;
  /** Binance's `x`: this is the bar's final value. */
  closed: boolean;
}

/**
 * One kline stream message, raw (`{"e":"kline","k":{...}}`) or combined (`{stream, data}`).
 * The one rule for everything else: a JSON object that is not a kline event (a subscription
 * answer, another stream's event) is not ours and gives null, silently; text that is not JSON,
 * or a kline event with a field missing or wrong, throws a FeedMessageError naming the field.
 */
export function parseKlineMessage(text: unknown): KlineUpdate | null {
  if (typeof text !== 'string') throw new FeedMessageError('stream message is not text', 'message');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new FeedMessageError('stream message is not JSON', 'message');
  }
  const event =
    message && typeof message === 'object' && 'data' in message
      ? (message as { data: unknown }).data
      : message;
  if (!event || typeof event !== 'object' || (event as { e?: unknown }).e !== 'kline') return null;
  const k = (event as { k?: unknown }).k;
  if (!k || typeof k !== 'object') throw new FeedMessageError('kline event has no k object', 'k');
  const f = k as Record<string, unknown>;
  const bar = checked(
    {
      time: Math.floor(feedNumber(f.t, 'k.t') / 1000),
      open: feedNumber(f.o, 'k.o'),
      high: feedNumber(f.h, 'k.h'),
      low: feedNumber(f.l, 'k.l'),
      close: feedNumber(f.c, 'k.c'),
      volume: feedNumber(f.v, 'k.v'),
    },
    'k',
  );
  return { bar, closed: f.x === true };
}
