import type { Bar } from '../../engine/index.js';

/** A Binance payload that is not what the API documents; carries where it went wrong. */
export class FeedMessageError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'FeedMessageError';
  }
}

function num(value: unknown, field: string): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n))
    throw new FeedMessageError(`${field} is ${JSON.stringify(value)}, expected a number`, field);
  return n;
}

function checkBar(bar: Bar, where: string): Bar {
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
    return checkBar(
      {
        time: Math.floor(num(row[0], `[${i}].openTime`) / 1000),
        open: num(row[1], `[${i}].open`),
        high: num(row[2], `[${i}].high`),
        low: num(row[3], `[${i}].low`),
        close: num(row[4], `[${i}].close`),
        volume: num(row[5], `[${i}].volume`),
      },
      `kline ${i}`,
    );
  });
}

/** One kline stream event: {"e":"kline","k":{"t":ms,"o":"..","h":"..","l":"..","c":"..","v":"..","x":bool}}. */
export function parseKlineEvent(text: string): { bar: Bar; closed: boolean } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new FeedMessageError('stream message is not JSON', 'message');
  }
  // Combined streams wrap the event as {stream, data}.
  const event =
    message && typeof message === 'object' && 'data' in message
      ? (message as { data: unknown }).data
      : message;
  if (!event || typeof event !== 'object' || (event as { e?: unknown }).e !== 'kline') {
    throw new FeedMessageError('stream message is not a kline event', 'e');
  }
  const k = (event as { k?: unknown }).k;
  if (!k || typeof k !== 'object') throw new FeedMessageError('kline event has no k object', 'k');
  const fields = k as Record<string, unknown>;
  const bar = checkBar(
    {
      time: Math.floor(num(fields.t, 'k.t') / 1000),
      open: num(fields.o, 'k.o'),
      high: num(fields.h, 'k.h'),
      low: num(fields.l, 'k.l'),
      close: num(fields.c, 'k.c'),
      volume: num(fields.v, 'k.v'),
    },
    'k',
  );
  return { bar, closed: fields.x === true };
}
