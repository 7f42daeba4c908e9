import type { Side } from '../types.js';
import { barCount, priceColumns, type BacktestBars } from './bar-input.js';
import { BacktestError } from './errors.js';
import type { Entry } from './types.js';
import { readTime } from '../io/time.js';

const TIME_NAMES = ['time', 'date', 'datetime', 'timestamp', 'entry_time'];
const SIDES: Record<string, Side> = { long: 'long', buy: 'long', short: 'short', sell: 'short' };

/** Index of the last bar whose time (of the bars' times, in order) is <= t (the bar the trade was entered during), or -1. */
export function barAtOrBefore(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * A trade list as a journal or a strategy tester exports it: `time,side[,price]` with an
 * optional header. `time` is UNIX seconds or milliseconds or an ISO date (UTC unless it says
 * otherwise); `side` is long/buy or short/sell; `price` defaults to the close of the bar the
 * time falls in. Each trade opens on the bar containing its time and can exit from the next
 * bar on (what happened inside the entry bar after the entry is not known from OHLC).
 * Entries come back sorted by time.
 */
export function parseTradeList(text: string, bars: BacktestBars): Entry[] {
  const n = barCount(bars);
  if (n === 0)
    throw new BacktestError('bars', 'bars: the bars file has no rows; a backtest needs price data');
  const { time: times, low, high, close } = priceColumns(bars);
  const lines = text.split(/\r?\n/);
  const entries: Entry[] = [];
  const first = { time: times[0] };
  const last = { time: times[n - 1] };
  let priceColumn = 2;
  let sideColumn = 1;
  let timeColumn = 0;
  let firstLine = true;
  for (let i = 0; i < lines.length; i++) {
    const row = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    const names = cells.map((c) => c.toLowerCase());
    const timeName = names.findIndex((n) => TIME_NAMES.includes(n));
    if (firstLine && timeName >= 0) {
      // A header: find the columns by name so `side,time,price` works too.
      firstLine = false;
      timeColumn = timeName;
      sideColumn = names.findIndex((n) => n === 'side' || n === 'direction' || n === 'type');
      priceColumn = names.findIndex((n) => n === 'price' || n === 'entry' || n === 'entry_price');
      if (sideColumn < 0) {
        throw new BacktestError(
          'entries',
          `entries row ${row}: the header needs a "side" column beside "time" (optional "price"), got "${line}"`,
          row,
        );
      }
      continue;
    }
    firstLine = false;
    const reading = readTime(cells[timeColumn] ?? '');
    if (typeof reading === 'string')
      throw new BacktestError(
        'time',
        `entries row ${row}: time "${cells[timeColumn] ?? ''}" ${reading}`,
        row,
      );
    const time = reading.seconds;
    const sideText = (cells[sideColumn] ?? '').toLowerCase();
    const side = SIDES[sideText];
    if (side === undefined) {
      throw new BacktestError(
        'side',
        `entries row ${row}: side "${cells[sideColumn] ?? ''}" must be long, short, buy or sell`,
        row,
      );
    }
    if (time < first.time || time > last.time) {
      throw new BacktestError(
        'time',
        `entries row ${row}: time ${new Date(time * 1000).toISOString()} is outside the bars ` +
          `(${new Date(first.time * 1000).toISOString()} .. ${new Date(last.time * 1000).toISOString()}); ` +
          `use bars that cover the trade or drop the row`,
        row,
      );
    }
    const index = barAtOrBefore(times, time);
    const bar = { time: times[index], low: low[index], high: high[index] };
    let price = close[index];
    const priceText = priceColumn >= 0 ? cells[priceColumn] : undefined;
    if (priceText !== undefined && priceText !== '') {
      price = Number(priceText);
      if (!Number.isFinite(price) || price <= 0) {
        throw new BacktestError(
          'price',
          `entries row ${row}: price "${priceText}" must be a positive number`,
          row,
        );
      }
      if (price < bar.low || price > bar.high) {
        throw new BacktestError(
          'price',
          `entries row ${row}: price ${price} is outside the bar at ${new Date(bar.time * 1000).toISOString()} ` +
            `(low ${bar.low}, high ${bar.high}); check the time zone of the list or leave the price empty to use the close`,
          row,
        );
      }
    }
    entries.push({ index, time: bar.time, side, price });
  }
  if (entries.length === 0) {
    throw new BacktestError(
      'entries',
      'entries: the trade list has no trades; add rows of time,side[,price]',
    );
  }
  return entries.sort((a, b) => a.index - b.index);
}
