import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  barsFromColumns,
  BarsError,
  barsToColumns,
  CsvBarReader,
  parseBarColumnsCsv,
  parseBarsCsv,
  parseBarsJson,
  validateBars,
  type Bar,
} from '../../../engine/index.js';
import { BTC_5M, DATA_DIR, EURUSD_1H, loadBars } from '../support/data.js';

function barsError(fn: () => unknown): BarsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BarsError);
    return error as BarsError;
  }
  throw new Error('expected a BarsError');
}

describe('reading bars', () => {
  it('reads every shared data file with its row count (counts from ../shared/data/README.md)', () => {
    const rows: Record<string, number> = {
      'spy_daily_1999-2020.csv': 5241,
      'btcusdt_binance_5m_2020-12_2021-07.csv': 65741,
      'eurusd_1h_2017-2018.csv': 5000,
      '6eh4_cme_eurofx_fut_1m_2024-01.csv': 29996,
    };
    for (const [file, count] of Object.entries(rows)) expect(loadBars(file)).toHaveLength(count);
    // First row of the EURUSD file, as written in it.
    expect(loadBars(EURUSD_1H)[0]).toEqual({
      time: 1492592400,
      open: 1.0716,
      high: 1.0722,
      low: 1.07083,
      close: 1.07219,
      volume: 1413,
    });
  });

  it('reads CSV without a header, in milliseconds, with ISO times, semicolons and other column names', () => {
    const expected = [
      { time: 1700000000, open: 1, high: 2, low: 0.5, close: 1.5 },
      { time: 1700000060, open: 1.5, high: 2.5, low: 1, close: 2 },
    ];
    expect(parseBarsCsv('1700000000000,1,2,0.5,1.5\n1700000060000,1.5,2.5,1,2\n')).toEqual(expected);
    expect(
      parseBarsCsv(
        'Date;Open;High;Low;Close\n2023-11-14T22:13:20Z;1;2;0.5;1.5\n2023-11-14 22:14:20;1.5;2.5;1;2',
      ),
    ).toEqual(expected);
    expect(
      parseBarsCsv('timestamp,o,h,l,c,vol\r\n1700000000,1,2,0.5,1.5,10\r\n\r\n1700000060,1.5,2.5,1,2,11\r\n'),
    ).toEqual(expected.map((b, i) => ({ ...b, volume: 10 + i })));
  });

  it('reads JSON objects and exchange kline arrays', () => {
    const klines = '[[1700000000000,"1","2","0.5","1.5","10"],[1700000060000,"1.5","2.5","1","2","11"]]';
    expect(parseBarsJson(klines)[1]).toEqual({
      time: 1700000060,
      open: 1.5,
      high: 2.5,
      low: 1,
      close: 2,
      volume: 11,
    });
    expect(parseBarsJson([{ time: 5, open: 1, high: 1, low: 1, close: 1 }])).toEqual([
      { time: 5, open: 1, high: 1, low: 1, close: 1 },
    ]);
    // Text that starts with a byte-order mark (an editor's save), as the CSV reader takes it.
    expect(parseBarsJson('\uFEFF' + klines)).toEqual(parseBarsJson(klines));
    // And no-break spaces around it (JSON copied from a web page), which JSON.parse alone rejects.
    expect(parseBarsJson('\u00A0' + klines + '\u00A0\u2003')).toEqual(parseBarsJson(klines));
  });

  it('names the row, the field and the fix for bad input', () => {
    const header = 'time,open,high,low,close\n';
    const unsorted = barsError(() => parseBarsCsv(`${header}10,1,2,0.5,1\n5,1,2,0.5,1\n`));
    expect([unsorted.row, unsorted.field]).toEqual([3, 'time']);
    expect(unsorted.message).toMatch(/row 3.*sort the rows/);
    const duplicate = barsError(() => parseBarsCsv(`${header}10,1,2,0.5,1\n10,1,2,0.5,1\n`));
    expect(duplicate.message).toMatch(/row 3: duplicate time 10/);
    const nan = barsError(() => parseBarsCsv(`${header}10,1,abc,0.5,1\n`));
    expect([nan.row, nan.field, nan.message]).toEqual([2, 'high', 'row 2: high "abc" is not a number']);
    expect(barsError(() => parseBarsCsv(`${header}10,1,2,-0.5,1\n`)).message).toMatch(
      /row 2: low is negative/,
    );
    const inverted = barsError(() => parseBarsCsv(`${header}10,1,0.5,2,1\n`));
    expect([inverted.row, inverted.field]).toEqual([2, 'high']);
    expect(inverted.message).toMatch(/below low.*column order/);
    expect(barsError(() => parseBarsCsv('')).message).toMatch(/empty/);
    expect(barsError(() => parseBarsCsv(header)).message).toMatch(/no bars/);
    expect(barsError(() => parseBarsCsv('when,open,high,low,close\n1,1,1,1,1')).message).toMatch(
      /no "time" column/,
    );
    expect(barsError(() => parseBarsJson('{"bars": []}')).message).toMatch(/expected a JSON array/);
    expect(barsError(() => parseBarsJson('[1, 2')).message).toMatch(/not valid JSON/);
    expect(barsError(() => parseBarsJson('[]')).message).toMatch(/empty/);
  });

  it('takes gaps (weekends) as data', () => {
    const spy = fs.readFileSync(path.join(DATA_DIR, 'spy_daily_1999-2020.csv'), 'utf8');
    const bars = parseBarsCsv(spy);
    // The README counts 1,138 steps that are not one day in SPY daily.
    expect(bars.slice(1).filter((b, i) => b.time - bars[i].time !== 86400)).toHaveLength(1138);
  });

  it('reads plain cells from char codes exactly as Number() reads them', () => {
    // Every price, volume and time of every shared file, against Number() on the cell itself.
    for (const file of fs.readdirSync(DATA_DIR).filter((f) => f.endsWith('.csv'))) {
      const text = fs.readFileSync(path.join(DATA_DIR, file), 'utf8');
      const rows = text.trim().split(/\r?\n/).slice(1);
      const columns = parseBarColumnsCsv(text);
      expect(columns.time).toHaveLength(rows.length);
      const k = rows.length - 1;
      const cells = rows[k].split(',');
      expect([columns.time[k], columns.open[k], columns.high[k], columns.low[k], columns.close[k]]).toEqual(
        cells.slice(0, 5).map(Number),
      );
      for (let i = 0; i < rows.length; i += 97) {
        const c = rows[i].split(',');
        expect(columns.close[i]).toBe(Number(c[4]));
        expect(columns.volume[i]).toBe(Number(c[5]));
      }
    }
    // Cells the char-code reader leaves to Number(): exponents, spaces, signs, 16+ digits, hex.
    const odd = parseBarsCsv(
      'time,open,high,low,close,volume\n' +
        '1700000000, 1e2 ,+101,.5e2,99.,1.0000000000000001\n' +
        '1700000060,0x64,9007199254740993,100.00000000000000001,9007199254740993, \n',
    );
    expect(odd[0]).toEqual({ time: 1700000000, open: 100, high: 101, low: 50, close: 99, volume: 1 });
    // 2^53 + 1 rounds to 2^53 in Number(); a blank volume cell is no volume.
    expect(odd[1]).toEqual({ time: 1700000060, open: 100, high: 2 ** 53, low: 100, close: 2 ** 53 });
  });

  it('reads quoted rows, short rows, blank lines and spaces the same way wherever they are', () => {
    // Quotes (with decimal commas, as a European spreadsheet writes them) in the middle of a
    // plain file, a line of spaces, CRLF, a BOM.
    const text =
      '\uFEFFtime;open;high;low;close\r\n' +
      '1700000000;1;2;0.5;1.5\r\n' +
      '   \r\n' +
      '"1700000060";"1,5";"2,5";"1";"2"\r\n' +
      '1700000120;2;3;1.5;2.5\r\n';
    expect(parseBarsCsv(text)).toEqual([
      { time: 1700000000, open: 1, high: 2, low: 0.5, close: 1.5 },
      { time: 1700000060, open: 1.5, high: 2.5, low: 1, close: 2 },
      { time: 1700000120, open: 2, high: 3, low: 1.5, close: 2.5 },
    ]);
    // A short row names its row (counted with the blank line) and how many cells it had.
    const short = barsError(() => parseBarsCsv('time,open,high,low,close\n1,1,1,1,1\n\n2,1,1\n'));
    expect([short.row, short.field, short.message]).toEqual([
      4,
      'low',
      'row 4: missing the low cell (expected 4 or more cells, got 3)',
    ]);
    // A bad cell after good rows, and an order error after a blank line: the file's own row numbers.
    expect(barsError(() => parseBarsCsv('time,open,high,low,close\n1,1,1,1,1\n2,1,x,1,1\n')).message).toBe(
      'row 3: high "x" is not a number',
    );
    const order = barsError(() => parseBarsCsv('time,open,high,low,close\n5,1,1,1,1\n\n\n4,1,1,1,1\n'));
    expect(order.row).toBe(5);
    expect(order.message).toMatch(/^row 5: time 4 is before the previous row's 5/);
  });

  it('reads a file pushed in pieces (as it downloads) exactly as the whole text: bars and errors', () => {
    const whole = (text: string) => {
      try {
        return parseBarColumnsCsv(text);
      } catch (e) {
        return e;
      }
    };
    // The text pushed in pieces cut at `cuts`; or, with `asBytes`, its UTF-8 bytes (what a
    // download delivers), cut anywhere, even inside a character of several bytes.
    const inPieces = (text: string, cuts: number[], asBytes = false) => {
      const bytes = new TextEncoder().encode(text);
      try {
        const reader = new CsvBarReader();
        let at = 0;
        for (const cut of [...cuts, asBytes ? bytes.length : text.length]) {
          if (asBytes) reader.pushBytes(bytes.slice(at, cut));
          else reader.push(text.slice(at, cut));
          at = cut;
        }
        return reader.finish();
      } catch (e) {
        return e;
      }
    };
    const inBytePieces = (text: string, cuts: number[]) => inPieces(text, cuts, true);
    const btc = fs.readFileSync(path.join(DATA_DIR, BTC_5M), 'utf8').slice(0, 200_000);
    const btcRows = btc.split('\n');
    // Rows the byte reader hands to the text path, among plain ones: quotes, an ISO date, an
    // exponent, spaces, a '+' time, a decimal time, a short row's neighbour, a non-ASCII cell.
    const odd = [...btcRows];
    odd[40] = odd[40].replace(/^(\d+),([\d.]+)/, '"$1","$2"');
    odd[41] = odd[41].replace(/^\d+/, (t) => new Date(Number(t) * 1000).toISOString());
    odd[42] = odd[42].replace(/,([\d.]+)$/, ',$1e0');
    odd[43] = odd[43].replace(/,/, ' , ');
    odd[44] = odd[44].replace(/^/, '+');
    odd[45] = odd[45].replace(/^(\d+)/, '$1.0');
    odd[46] = odd[46] + ',été ✓';
    const texts = [
      btc,
      btc.replace(/\n/g, '\r\n'),
      odd.join('\n'),
      odd.slice(0, 60).join('\r\n'),
      // Extra columns, some unread and not plain, in another order; times in milliseconds.
      'volume;symbol;close;low;high;open;time\n' +
        '5;BTC/€;1.5;0.5;2;1;1700000000000\n6;"x;y";2.5;1.5;3;2;1700000060000\n7;ü;3;2;3;2.5;1700000120000\n',
      // A quoted cell holding the separator among unread cells (split at it, the volume would
      // move), and empty cells: no volume, then a missing price (an error).
      'time;open;high;low;close;note;tag;volume\n1;1;2;0.5;1.5;"a;b";9;5\n2;1;2;0.5;1.5;;;\n3;1;2;0.5;1.5;x;y;1\n',
      'time;open;high;low;close;note;tag;volume\n1;1;2;0.5;1.5;;;\n3;1;2;;1.5;x;y;1\n',
      // A bad row in the byte path and a disorder in it, each after plain rows.
      btcRows.slice(0, 30).join('\n') + '\n1606790000,1,0.5,2,1,1\n',
      btcRows.slice(0, 30).join('\n') + '\n' + btcRows[5] + '\n',
      '\uFEFF\n\ntime;open;high;low;close\r\n1;1;2;0.5;1.5\r\n   \r\n"2";"1,5";"2,5";"1";"2"\r\n3;2;3;1.5;2.5',
      '1700000000,1,2,0.5,1.5\n1700000060,1,2,0.5,1.5\n',
      'time,open,high,low,close\n5,1,1,1,1\n\n\n4,1,1,1,1\n6,1,x,1,1\n',
      'time,open,high,low,close\n5,1,1,1,1\n5,1,1,1,1\n',
      'when,open,high,low,close\n1,1,1,1,1',
      'time,open,high,low,close\n',
      '\n  \n',
    ];
    // Every cut in the short texts (inside a CRLF, a quote, the header, the byte-order mark), and
    // a seeded scatter of chunk sizes in the long ones.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const text of texts) {
      const expected = whole(text);
      if (text.length < 300) {
        for (let cut = 0; cut <= text.length; cut++) expect(inPieces(text, [cut])).toEqual(expected);
        for (let cut = 0; cut <= text.length + 8; cut++) expect(inBytePieces(text, [cut])).toEqual(expected);
      }
      const cuts: number[] = [];
      for (let at = 0; at < text.length; at += 1 + Math.floor(random() * 70_000)) cuts.push(at);
      expect(inPieces(text, cuts)).toEqual(expected);
      expect(inBytePieces(text, cuts)).toEqual(expected);
      // Small pieces too: a line split over several of them.
      const small: number[] = [];
      for (let at = 0; at < Math.min(text.length, 5000); at += 1 + Math.floor(random() * 40)) small.push(at);
      expect(inBytePieces(text, small)).toEqual(expected);
    }
  });

  it('gives columns that round-trip to the same bars (volume NaN where a bar has none)', () => {
    const text = fs.readFileSync(path.join(DATA_DIR, EURUSD_1H), 'utf8');
    const columns = parseBarColumnsCsv(text);
    expect(barsFromColumns(columns)).toEqual(parseBarsCsv(text));
    expect(barsToColumns(barsFromColumns(columns))).toEqual(columns);
    const noVolume = parseBarColumnsCsv('time,open,high,low,close\n1,1,2,0.5,1\n');
    expect(noVolume.volume[0]).toBeNaN();
    expect(barsFromColumns(noVolume)).toEqual([{ time: 1, open: 1, high: 2, low: 0.5, close: 1 }]);
  });

  it('checks columns by the same rules and with the same messages as bar objects', () => {
    const bars = loadBars(EURUSD_1H).slice(0, 50);
    expect(() => validateBars(barsToColumns(bars))).not.toThrow();
    // Each break, planted at bar 7 (index 6), as objects and as columns.
    const breaks: ((b: Bar) => void)[] = [
      (b) => (b.close = NaN),
      (b) => (b.open = -1),
      (b) => (b.high = b.low - 0.001),
      (b) => (b.volume = -5),
      (b) => (b.time = Infinity),
      (b) => (b.time = bars[5].time),
      (b) => (b.time = bars[0].time - 1),
    ];
    for (const breakBar of breaks) {
      const broken = bars.map((b) => ({ ...b }));
      breakBar(broken[6]);
      const fromObjects = barsError(() => validateBars(broken));
      const fromColumns = barsError(() => validateBars(barsToColumns(broken)));
      expect(fromColumns.message).toBe(fromObjects.message);
      expect(fromColumns.message).toMatch(/^bar 7: /);
      expect([fromColumns.row, fromColumns.field]).toEqual([fromObjects.row, fromObjects.field]);
    }
    expect(barsError(() => validateBars(barsToColumns([]))).message).toBe('no bars');
  });
});
