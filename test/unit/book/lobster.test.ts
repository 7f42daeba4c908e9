import { describe, expect, it } from 'vitest';
import { BookError } from '../../../engine/book/book-error.js';
import { readLobster, type HaltState } from '../../../engine/book/lobster.js';
import { newYorkMidnightMs } from '../../../engine/book/ny-time.js';
import { TradeBarBuilder } from '../../../engine/book/trade-bars.js';
import type { BookTop, BookTrade } from '../../../engine/book/types.js';
import type { Bar } from '../../../engine/types.js';
import { MESSAGE_NAME, messageText, orderbookText } from './lobster-day.js';

const HEADER_M = 'Time,Type,OrderId,Size,Price,Direction';
const HEADER_B = 'BestAsk,BestAskVolume,BestBid,BestBidVolume';

function read(message: string[], book: string[]) {
  const tops: BookTop[] = [];
  const trades: BookTrade[] = [];
  const halts: HaltState[] = [];
  const summary = readLobster(
    [HEADER_M, ...message].join('\n'),
    [HEADER_B, ...book].join('\n'),
    { top: (t) => tops.push({ ...t }), trade: (t) => trades.push({ ...t }), halt: (_, s) => halts.push(s) },
    { date: '2012-06-21' },
  );
  return { tops, trades, halts, summary };
}

function errorOf(fn: () => unknown): BookError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BookError) return error;
    throw error;
  }
  throw new Error('expected a BookError');
}

describe('LOBSTER reader on the real AMZN day', () => {
  const tops: BookTop[] = [];
  const trades: BookTrade[] = [];
  const summary = readLobster(
    messageText,
    orderbookText,
    { top: (t) => tops.push({ ...t }), trade: (t) => trades.push({ ...t }) },
    { fileName: MESSAGE_NAME },
  );

  it('reads every row and every execution', () => {
    // `wc -l` counts 57,515 newlines in each file and the last row has none: header + 57,515 rows
    // (the data README says 57,514). `cut -d, -f2 message | sort | uniq -c`: 8,974 type 4 and 2,445 type 5.
    expect(summary.events).toBe(57_515);
    expect(tops).toHaveLength(57_515);
    expect(summary.trades).toBe(8_974 + 2_445);
    expect(summary.halts).toBe(0);
    expect(summary.emptySides).toBe(0);
  });

  it('turns the first row into New York time, dollars and the aggressor', () => {
    // Row 2 of the message file: 34200.01746,5,0,1,2238200,-1 (a hidden sell order executed: a buyer crossed).
    // 2012-06-21 is summer time, New York = UTC-4: 09:30 New York = 13:30 UTC.
    const t0 = Date.UTC(2012, 5, 21, 13, 30, 0) + 17.46;
    expect(trades[0].timeMs).toBeCloseTo(t0, 6);
    expect(trades[0]).toMatchObject({ price: 223.82, size: 1, aggressor: 'buy' });
    // Row 2 of the orderbook file: 2239500,100,2231800,100.
    expect(tops[0]).toMatchObject({ askPrice: 223.95, askSize: 100, bidPrice: 223.18, bidSize: 100 });
    expect(tops[0].timeMs).toBeCloseTo(t0, 6);
    // The last row: 57599.95936 s after midnight (tail of the message file) -> 15:59:59.959.
    expect(summary.lastMs).toBeCloseTo(Date.UTC(2012, 5, 21, 19, 59, 59) + 959.36, 3);
  });

  it('counts aggressors the same way a plain pass over the file does', () => {
    // Second way: split the message file and classify Direction directly.
    let buys = 0;
    for (const line of messageText.split('\n').slice(1)) {
      const c = line.split(',');
      if ((c[1] === '4' || c[1] === '5') && c[5].trim() === '-1') buys += Number(c[3]);
    }
    const fromReader = trades.filter((t) => t.aggressor === 'buy').reduce((s, t) => s + t.size, 0);
    expect(fromReader).toBe(buys);
  });

  it('builds 1-minute bars aligned with New York minutes, equal to a grouping done by hand', () => {
    const bars: Bar[] = [];
    const builder = new TradeBarBuilder(60, (b) => bars.push(b));
    for (const t of trades) builder.add(t);
    builder.flush();
    const byMinute = new Map<number, BookTrade[]>();
    for (const t of trades) {
      const key = Math.floor(t.timeMs / 60_000) * 60;
      byMinute.set(key, [...(byMinute.get(key) ?? []), t]);
    }
    expect(bars).toHaveLength(byMinute.size);
    for (const bar of bars) {
      const group = byMinute.get(bar.time)!;
      expect(bar.open).toBe(group[0].price);
      expect(bar.close).toBe(group[group.length - 1].price);
      expect(bar.high).toBe(Math.max(...group.map((t) => t.price)));
      expect(bar.low).toBe(Math.min(...group.map((t) => t.price)));
      expect(bar.volume).toBe(group.reduce((s, t) => s + t.size, 0));
    }
    // The first bar starts at 09:30 New York.
    expect(bars[0].time * 1000).toBe(newYorkMidnightMs('2012-06-21') + 9.5 * 3_600_000);
    const oneSecond: Bar[] = [];
    const b1 = new TradeBarBuilder(1, (b) => oneSecond.push(b));
    for (const t of trades) b1.add(t);
    b1.flush();
    expect(oneSecond.reduce((s, b) => s + b.volume!, 0)).toBe(trades.reduce((s, t) => s + t.size, 0));
  });
});

describe('LOBSTER reader on bad or unusual input', () => {
  it('turns the empty-side markers into an empty side, not a price', () => {
    const { tops, summary } = read(
      ['34200.1,1,1,10,2238100,1', '34200.2,3,1,10,2238100,1'],
      ['9999999999,0,2238100,10', '2239500,100,-9999999999,0'],
    );
    expect(tops[0].askPrice).toBeNaN();
    expect(tops[0].askSize).toBe(0);
    expect(tops[0].bidPrice).toBe(223.81);
    expect(tops[1].bidPrice).toBeNaN();
    expect(tops[1].bidSize).toBe(0);
    expect(summary.emptySides).toBe(2);
  });

  it('reports a trading halt and its resumption', () => {
    const { halts, summary } = read(
      ['34200.1,7,0,0,-1,-1', '34300.1,7,0,0,0,-1', '34400.1,7,0,0,1,-1'],
      ['2239500,100,2238100,10', '2239500,100,2238100,10', '2239500,100,2238100,10'],
    );
    expect(halts).toEqual(['halted', 'quoting', 'trading']);
    expect(summary.halts).toBe(3);
  });

  it('refuses a crossed book naming the row and the column', () => {
    const e = errorOf(() =>
      read(
        ['34200.1,1,1,10,2238100,1', '34200.2,1,2,10,2240000,1'],
        ['2239500,100,2238100,10', '2239500,100,2240000,10'],
      ),
    );
    expect(e).toMatchObject({ file: 'orderbook', row: 3, field: 'BestBid' });
    expect(e.message).toMatch(/row 3: crossed book, BestBid 224 above BestAsk 223.95/);
  });

  it('refuses a non-numeric cell naming the row, the column and the text', () => {
    const e = errorOf(() => read(['34200.1,1,1,ten,2238100,1'], ['2239500,100,2238100,10']));
    expect(e).toMatchObject({ file: 'message', row: 2, field: 'Size' });
    expect(e.message).toContain('Size is "ten", not a number');
    const b = errorOf(() => read(['34200.1,1,1,10,2238100,1'], ['2239500,100,,10']));
    expect(b).toMatchObject({ file: 'orderbook', row: 2, field: 'BestBid' });
  });

  it('refuses files of different lengths naming the row where one ends', () => {
    const e = errorOf(() =>
      read(['34200.1,1,1,10,2238100,1', '34200.2,1,1,10,2238100,1'], ['2239500,100,2238100,10']),
    );
    expect(e).toMatchObject({ file: 'orderbook', row: 3 });
    expect(e.message).toMatch(/orderbook file ends here but the message file goes on/);
  });

  it('refuses time going backwards, unknown types, short rows and a missing date', () => {
    expect(
      errorOf(() =>
        read(
          ['34200.2,1,1,10,2238100,1', '34200.1,1,1,10,2238100,1'],
          ['2239500,100,2238100,10', '2239500,100,2238100,10'],
        ),
      ),
    ).toMatchObject({ row: 3, field: 'Time' });
    expect(errorOf(() => read(['34200.1,6,1,10,2238100,1'], ['2239500,100,2238100,10']))).toMatchObject({
      row: 2,
      field: 'Type',
    });
    expect(errorOf(() => read(['34200.1,1,1,10,2238100,0'], ['2239500,100,2238100,10']))).toMatchObject({
      row: 2,
      field: 'Direction',
    });
    expect(errorOf(() => read(['34200.1,1,1,10,2238100,1'], ['2239500,100,2238100']))).toMatchObject({
      row: 2,
      field: 'BestBidVolume',
    });
    expect(errorOf(() => readLobster('1,1,1,1,1,1', '1,1,1,1', {}, { fileName: 'book.csv' }))).toMatchObject({
      field: 'date',
    });
  });

  it('reads files without a header (LOBSTER as downloaded) the same', () => {
    const rows = messageText.split('\n').slice(1, 101).join('\n');
    const books = orderbookText.split('\n').slice(1, 101).join('\n');
    const s = readLobster(rows, books, {}, { date: '2012-06-21' });
    expect(s.events).toBe(100);
  });
});

describe('New York time', () => {
  it('knows summer and winter time', () => {
    // 2012: DST from Sunday 11 March to Sunday 4 November: trading days on either side of each
    // switch. New York midnight = 04:00 UTC in summer, 05:00 UTC in winter.
    expect(newYorkMidnightMs('2012-06-21')).toBe(Date.UTC(2012, 5, 21, 4));
    expect(newYorkMidnightMs('2012-01-03')).toBe(Date.UTC(2012, 0, 3, 5));
    expect(newYorkMidnightMs('2012-03-09')).toBe(Date.UTC(2012, 2, 9, 5));
    expect(newYorkMidnightMs('2012-03-12')).toBe(Date.UTC(2012, 2, 12, 4));
    expect(newYorkMidnightMs('2012-11-02')).toBe(Date.UTC(2012, 10, 2, 4));
    expect(newYorkMidnightMs('2012-11-05')).toBe(Date.UTC(2012, 10, 5, 5));
  });
});
