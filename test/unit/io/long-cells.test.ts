// A broken bars file can carry a cell of any length: a 100,000-character note, a whole line
// with no separator the reader knows. Messages quote such a cell by its start and its length,
// never whole (a header with a 100 kB cell once printed all of it to the terminal).
import { describe, expect, it } from 'vitest';
import { BarsError, parseBarColumnsCsv, parseBarsJson } from '../../../engine/index.js';

const LONG = 'x'.repeat(100_000);

function message(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(BarsError);
    return (error as Error).message;
  }
  throw new Error('expected a BarsError');
}

describe('messages about very long cells', () => {
  it('quote the first 40 characters and say how long the cell was', () => {
    const shown = `${'x'.repeat(40)}… (100,000 characters)`;
    expect(message(() => parseBarColumnsCsv(`time,open,high,low,close\n1700000000,1,2,0.5,${LONG}\n`))).toBe(
      `row 2: close "${shown}" is not a number`,
    );
    expect(message(() => parseBarColumnsCsv(`time,open,high,low,close\n${LONG},1,2,0.5,1\n`))).toMatch(
      new RegExp(`^row 2: time "${shown.replace(/[()]/g, '\\$&')}" `),
    );
    expect(message(() => parseBarColumnsCsv(`tme,open,high,low,close,${LONG}\n1,1,2,0.5,1\n`))).toBe(
      `row 1: the header has no "time" column (found: tme, open, high, low, close, ${shown}); name the columns time,open,high,low,close[,volume]`,
    );
    expect(
      message(() => parseBarsJson(JSON.stringify([{ time: LONG, open: 1, high: 2, low: 0.5, close: 1 }]))),
    ).toMatch(/^bar 1: time "x{40}… \(100,000 characters\)" /);
  });

  it('list at most 12 header cells', () => {
    const header = ['tme', ...Array.from({ length: 20 }, (_, i) => `c${i}`)].join(',');
    expect(message(() => parseBarColumnsCsv(`${header}\n1,2\n`))).toBe(
      'row 1: the header has no "time" column (found: tme, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 and 9 more); name the columns time,open,high,low,close[,volume]',
    );
  });

  it('quote short cells whole, as before', () => {
    expect(message(() => parseBarColumnsCsv('time,open,high,low,close\n1700000000,1,2,0.5,abc\n'))).toBe(
      'row 2: close "abc" is not a number',
    );
  });
});
