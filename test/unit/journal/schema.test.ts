import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../engine/journal/csv.js';
import { journalToCsv, journalToJson, previewJournalCsv } from '../../../engine/journal/export.js';
import { JournalError, migrateJournal, parseJournalJson } from '../../../engine/journal/schema.js';
import type { Journal } from '../../../engine/journal/types.js';

const fixture = (name: string): string =>
  fs.readFileSync(path.resolve('test/fixtures/journal', name), 'utf8');

describe('migration from the saved plan records of today', () => {
  const journal = parseJournalJson(fixture('plan-records.json'));

  it('turns each plan:<symbol> record into a trade without fills, ignoring other keys', () => {
    expect(journal.v).toBe(2);
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
  v: 2,
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

describe('schema 1 -> 2: the chart models at a fill', () => {
  it('loads a version 1 export unchanged: every trade and fill as written, only v moves on', () => {
    // journal-export-btcusdt-5m.json is a version 1 "Export JSON" (make-journal-export.ts, written
    // before schema 2): 12 trades whose fills carry bar, indicators and the bars' regime.
    const raw = JSON.parse(fixture('journal-export-btcusdt-5m.json')) as { v: number } & object;
    expect(raw.v).toBe(1);
    expect(migrateJournal(raw)).toEqual({ ...raw, v: 2 });
  });

  it('keeps a version 1 panel fill unchanged, its null probability included', () => {
    // What the panel of schema 1 wrote for "Filled now" (test/e2e/journal-panel.test.ts before
    // schema 2): no book, reversalProbability null whatever the chart showed.
    const market = {
      regime: 'trending',
      bar: { time: 1609754400, open: 31000, high: 31100, low: 30900, close: 31050, volume: 12 },
      indicators: { atr14: 120.5, rsi14: 58.2 },
      bid: null,
      ask: null,
      mid: null,
      reversalProbability: null,
    };
    const v1 = {
      v: 1,
      trades: [
        {
          ...sample().trades[1],
          fills: [
            {
              time: 1609754460,
              side: 'sell',
              price: 31010,
              size: 1,
              fee: 0,
              leg: 'entry',
              source: 'panel',
              market,
            },
          ],
        },
      ],
      unmatched: [],
    };
    const read = migrateJournal(structuredClone(v1));
    expect(read).toEqual({ ...v1, v: 2 });
    // A schema 1 fill has no model state: the reports see none, not a made-up value.
    expect(read.trades[0].fills[0].market).not.toHaveProperty('reversal');
    expect(read.trades[0].fills[0].market).not.toHaveProperty('policyRegime');
  });

  const withModels = (): Journal => {
    const j = sample();
    j.trades[0].fills[0].market = {
      mid: 31005,
      bid: 31004,
      ask: 31006,
      regime: 'quiet',
      reversal: { probability: 0.8125, barTime: 1609754100 },
      policyRegime: 'trending',
    };
    return j;
  };

  it('JSON keeps the reversal probability, its bar and the policy regime', () => {
    expect(parseJournalJson(journalToJson(withModels()))).toEqual(withModels());
  });

  it('names a model field that does not read, with what to give', () => {
    const bad = withModels();
    bad.trades[0].fills[0].market!.reversal!.probability = 1.5;
    expect(() => parseJournalJson(journalToJson(bad))).toThrow(
      /^trades\[0\]\.fills\[0\]\.market\.reversal\.probability: is 1\.5; give a probability from 0 to 1/,
    );
    const noBar = withModels() as unknown as { trades: { fills: { market: { reversal: object } }[] }[] };
    noBar.trades[0].fills[0].market.reversal = { probability: 0.5 };
    expect(() => migrateJournal(noBar)).toThrow(
      /^trades\[0\]\.fills\[0\]\.market\.reversal\.barTime: is undefined/,
    );
  });

  it('CSV writes the probability, its bar and both regimes per fill, blank where none was recorded', () => {
    const text = journalToCsv(withModels());
    const rows = parseCsv(text).map((r) => r.cells);
    const col = (name: string): number => rows[0].indexOf(name);
    const [recorded, stop] = [rows[1], rows[2]];
    expect(recorded[col('fill_reversal_p')]).toBe('0.8125');
    expect(recorded[col('fill_reversal_bar_time')]).toBe('1609754100');
    expect(recorded[col('fill_policy_regime')]).toBe('trending');
    expect(recorded[col('fill_regime')]).toBe('quiet');
    // The stop fill recorded no market: its cells stay blank, never a made-up value.
    for (const name of ['fill_reversal_p', 'fill_reversal_bar_time', 'fill_policy_regime', 'fill_regime'])
      expect(stop[col(name)]).toBe('');
  });

  it('CSV reads the model cells back, and a file written before them still reads', () => {
    const back = previewJournalCsv(journalToCsv(withModels()));
    expect(back.problems).toEqual([]);
    expect(back.journal.trades[0].fills[0].market).toEqual({
      reversal: { probability: 0.8125, barTime: 1609754100 },
      policyRegime: 'trending',
      regime: 'quiet',
    });
    expect(back.journal.trades[0].fills[1]).not.toHaveProperty('market');
    // A schema 1 CSV: the four model columns cut off the header and every row.
    const old = journalToCsv(withModels())
      .trim()
      .split('\n')
      .map((l) => l.split(',').slice(0, -4).join(','))
      .join('\n');
    const read = previewJournalCsv(old);
    expect(read.problems).toEqual([]);
    expect(read.journal.trades[0].fills.map((f) => f.market)).toEqual([undefined, undefined]);
  });

  it('CSV names a model cell that does not read', () => {
    const text = journalToCsv(withModels()).replace('0.8125', 'high');
    expect(previewJournalCsv(text).problems).toEqual([
      {
        row: 2,
        field: 'fill_reversal_p',
        message:
          'fill_reversal_p is "high"; give a probability from 0 to 1, or leave both reversal cells blank',
      },
    ]);
  });
});
