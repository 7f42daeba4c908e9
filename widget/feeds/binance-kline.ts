import type { Bar } from '../../engine/index.js';

/** A Binance message that is not the kline shape we expect; names the field so a log says what changed. */
export class KlineFormatError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`Binance kline: ${field} ${detail}`);
    this.name = 'KlineFormatError';
  }
}

function num(value: unknown, field: string): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n))
    throw new KlineFormatError(field, `is ${JSON.stringify(value)}, expected a number`);
  return n;
}

function bar(
  openMs: unknown,
  o: unknown,
  h: unknown,
  l: unknown,
  c: unknown,
  v: unknown,
  where: string,
): Bar {
  const b: Bar = {
    // Binance gives the bar's open time in ms; bars here are UNIX seconds.
    time: Math.floor(num(openMs, `${where}open time`) / 1000),
    open: num(o, `${where}open`),
    high: num(h, `${where}high`),
    low: num(l, `${where}low`),
    close: num(c, `${where}close`),
    volume: num(v, `${where}volume`),
  };
  if (b.low > Math.min(b.open, b.close) || b.high < Math.max(b.open, b.close)) {
    throw new KlineFormatError(`${where}high/low`, 'do not contain open and close');
  }
  return b;
}

/** GET /api/v3/klines answers an array of arrays: [openTime, o, h, l, c, volume, closeTime, ...]. */
export function parseRestKlines(body: unknown): Bar[] {
  if (!Array.isArray(body)) throw new KlineFormatError('response', 'is not an array of klines');
  return body.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length < 6) throw new KlineFormatError(`row ${i}`, 'is not a kline array');
    return bar(row[0], row[1], row[2], row[3], row[4], row[5], `row ${i} `);
  });
}

/** A kline stream message, raw (`{e:'kline',k:{...}}`) or combined (`{stream, data}`); null for other events. */
export function parseStreamKline(text: string): Bar | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    throw new KlineFormatError('message', 'is not JSON');
  }
  const root = msg as { data?: unknown; e?: unknown; k?: Record<string, unknown> };
  const event = (root && typeof root === 'object' && 'data' in root ? root.data : root) as {
    e?: unknown;
    k?: Record<string, unknown>;
  };
  if (!event || event.e !== 'kline') return null;
  const k = event.k;
  if (!k || typeof k !== 'object') throw new KlineFormatError('k', 'is missing');
  return bar(k.t, k.o, k.h, k.l, k.c, k.v, 'k.');
}
