import { describe, expect, it } from 'vitest';
import { BacktestError } from '../../../engine/backtest/errors.js';
import { parseTradeList } from '../../../engine/backtest/trade-list.js';
import type { Bar } from '../../../engine/types.js';

// Four hourly bars from 2024-01-01T00:00Z (1704067200).
const T0 = 1_704_067_200;
const bars: Bar[] = [0, 1, 2, 3].map((k) => ({
  time: T0 + 3600 * k,
  open: 100 + k,
  high: 102 + k,
  low: 99 + k,
  close: 101 + k,
}));

const error = (text: string): BacktestError => {
  try {
    parseTradeList(text, bars);
  } catch (e) {
    if (e instanceof BacktestError) return e;
    throw e;
  }
  throw new Error('expected a BacktestError');
};

describe('trade list CSV', () => {
  it('reads seconds, milliseconds and ISO times, buy/sell, and defaults the price to the close', () => {
    const entries = parseTradeList(
      [
        'time,side,price',
        `${T0 + 3600 * 2},sell,`,
        '2024-01-01T01:30:00Z,BUY,101.5',
        `${(T0 + 10) * 1000},long,100.5`,
      ].join('\n'),
      bars,
    );
    // Sorted by time; 01:30 falls in the 01:00 bar (index 1); T0+10 s falls in bar 0.
    expect(entries).toEqual([
      { index: 0, time: T0, side: 'long', price: 100.5 },
      { index: 1, time: T0 + 3600, side: 'long', price: 101.5 },
      // No price: the close of bar 2 = 101 + 2 = 103.
      { index: 2, time: T0 + 7200, side: 'short', price: 103 },
    ]);
  });

  it('accepts the columns in any order by header name', () => {
    expect(parseTradeList(`side,time\nshort,${T0}`, bars)).toEqual([
      { index: 0, time: T0, side: 'short', price: 101 },
    ]);
  });

  it('rejects a time outside the data with the row and the range', () => {
    const e = error(`time,side\n${T0},long\n${T0 - 60},long`);
    expect(e.row).toBe(3);
    expect(e.field).toBe('time');
    expect(e.message).toMatch(
      /row 3.*outside the bars \(2024-01-01T00:00:00\.000Z \.\. 2024-01-01T03:00:00\.000Z\)/,
    );
    expect(error(`${T0 + 4 * 3600},long`).field).toBe('time');
  });

  it('rejects a wrong side string', () => {
    const e = error(`time,side\n${T0},up`);
    expect(e.row).toBe(2);
    expect(e.field).toBe('side');
    expect(e.message).toMatch(/side "up" must be long, short, buy or sell/);
  });

  it('rejects an empty list, a bad time and a price outside the bar', () => {
    expect(error('time,side\n\n').message).toMatch(/no trades/);
    expect(error('').field).toBe('entries');
    expect(error('yesterday,long').message).toMatch(/row 1: time "yesterday"/);
    const e = error(`${T0},long,150`);
    expect(e.field).toBe('price');
    expect(e.message).toMatch(/outside the bar .*low 99, high 102/);
    expect(error('time,when\n1,long').message).toMatch(/header needs a "side"/);
  });
});
