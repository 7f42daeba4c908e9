import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalToCsv, journalToJson, previewJournalCsv } from '../../../engine/journal/export.js';
import { JournalError, migrateJournal, parseJournalJson } from '../../../engine/journal/schema.js';
import type { Journal } from '../../../engine/journal/types.js';

const fixture = (name: string): string =>
  fs.readFileSync(path.resolve('test/fixtures/journal', name), 'utf8');

describe('migration from the saved plan records of today', () => {
  const journal = parseJournalJson(fixture('plan-records.json'));

  it('turns each plan:<symbol> record into a trade without fills, ignoring other keys', () => {
    expect(journal.v).toBe(1);
    expect(journal.trades.map((t) => [t.id, t.symbol, t.planTime, t.fills.length])).toEqual([
      // updatedAt 1609754100000 ms = 1609754100 s (2021-01-04 09:55 UTC).
      ['plan:BINANCE:BTCUSDT:1609754100000', 'BINANCE:BTCUSDT', 1609754100, 0],
      ['plan:BINANCE:ETHUSDT:1609758000000', 'BINANCE:ETHUSDT', 1609758000, 0],
    ]);
    expect(journal.trades[1].plan).toEqual({
      side: 'short',
      entry: '1100',
      stop: '2%',
      ladder: '1R:25,2R:25,fib1.618:50',
      trail: 'atr14x2.5@1',
      breakeven: '1',
    });
  });

  it('reads a single record and a list of records', () => {
    const raw = JSON.parse(fixture('plan-records.json')) as Record<string, unknown>;
    const one = raw['plan:BINANCE:BTCUSDT'];
    expect(migrateJournal(one).trades).toHaveLength(1);
    expect(migrateJournal([one, raw['plan:BINANCE:ETHUSDT']]).trades).toHaveLength(2);
  });

  it('names the record and field a broken plan is in', () => {
    const raw = JSON.parse(fixture('plan-records.json')) as Record<string, Record<string, unknown>>;
    raw['plan:BINANCE:ETHUSDT'].text = { side: 'short', entry: 1100, stop: 'banana' };
    expect(() => migrateJournal(raw)).toThrow(JournalError);
    expect(() => migrateJournal(raw)).toThrow(/^plans\[1\]\.text: .*stop/);
  });

  it('refuses a journal version it does not know, saying so', () => {
    expect(() => migrateJournal({ v: 99, trades: [] })).toThrow(/journal version 99/);
  });
});

const sample = (): Journal => ({
  v: 1,
  trades: [
    {
      id: 'a,"1"',
      symbol: 'BINANCE:BTCUSDT',
      plan: { side: 'long', entry: 31000, stop: '30500', ladder: '1R:25,2R:75', trail: 'atr14x2.5@1' },
      planTime: 1609754100,
      edits: [{ time: 1609754500, text: { side: 'long', entry: 31000, stop: '30800' } }],
      fills: [
        {
          time: 1609754460,
          side: 'buy',
          price: 31010,
          size: 0.3,
          fee: 4.65,
          market: { mid: 31005, bid: 31004, ask: 31006 },
        },
        { time: 1609755120, side: 'sell', price: 30480, size: 0.3, fee: 2.5, leg: 'stop' },
      ],
      tags: ['breakout', 'news'],
    },
    {
      id: 'b',
      symbol: 'ETHUSDT',
      plan: { side: 'short', entry: 1100, stop: '2%' },
      planTime: 1609758000,
      edits: [],
      fills: [],
      tags: [],
    },
  ],
  unmatched: [{ row: 5, time: 1609758000, side: 'buy', price: 1050.5, size: 1, fee: 0, symbol: 'ETHUSDT' }],
});

describe('export and import', () => {
  it('JSON keeps everything', () => {
    expect(parseJournalJson(journalToJson(sample()))).toEqual(sample());
  });

  it('JSON import names the field at fault', () => {
    const bad = sample();
    bad.trades[0].fills[1].size = -1;
    expect(() => parseJournalJson(journalToJson(bad))).toThrow(/^trades\[0\]\.fills\[1\]\.size: is -1/);
  });

  it('CSV keeps trades, plans, tags and fills (quoted cells included)', () => {
    const back = previewJournalCsv(journalToCsv(sample()));
    expect(back.problems).toEqual([]);
    const [a, b] = back.journal.trades;
    expect(a.id).toBe('a,"1"');
    expect(a.tags).toEqual(['breakout', 'news']);
    expect(a.plan).toMatchObject({ side: 'long', entry: '31000', stop: '30500', ladder: '1R:25,2R:75' });
    expect(a.fills.map((f) => [f.time, f.side, f.price, f.size, f.fee, f.leg ?? null])).toEqual([
      [1609754460, 'buy', 31010, 0.3, 4.65, null],
      [1609755120, 'sell', 30480, 0.3, 2.5, 'stop'],
    ]);
    expect(b.fills).toEqual([]);
  });

  it('CSV import lists bad cells by row and column', () => {
    const text = journalToCsv(sample()).replace('31010', 'x').replace(',sell,', ',hold,');
    const back = previewJournalCsv(text);
    expect(back.problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'fill_price'],
      [3, 'fill_side'],
    ]);
  });
});
