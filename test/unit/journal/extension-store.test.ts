import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journal as J } from '../../../engine/index.js';
import { JournalSchemaError } from '../../../extension/storage/journal-migrations.js';
import { JournalStore } from '../../../extension/storage/journal-store.js';
import { MemoryStorage } from '../extension/memory-storage.js';

const FIX = path.resolve('test/fixtures/journal');
const fixture = (name: string): string => fs.readFileSync(path.join(FIX, name), 'utf8');
/** The extension's storage as today's build leaves it: schema 2, two saved plans, settings. */
const todaysStorage = (): MemoryStorage => {
  const area = new MemoryStorage();
  for (const [k, v] of Object.entries(JSON.parse(fixture('plan-records.json')) as Record<string, unknown>))
    area.data.set(k, v);
  return area;
};

describe('journal storage: migration from the saved plan records of today', () => {
  it('makes one trade without fills per saved plan, and leaves the plans where they are', async () => {
    const area = todaysStorage();
    const before = structuredClone(Object.fromEntries(area.data));
    const report = await new JournalStore(area).ready();
    // plan-records.json: BTCUSDT saved at 1609754100000 ms, ETHUSDT at 1609758000000 ms.
    expect(report).toMatchObject({ from: 0, to: 1, skipped: [] });
    expect(report.fromPlans).toEqual([
      'plan:BINANCE:BTCUSDT:1609754100000',
      'plan:BINANCE:ETHUSDT:1609758000000',
    ]);
    const { journal } = await new JournalStore(area).load();
    expect(journal.trades.map((t) => [t.symbol, t.planTime, t.fills.length])).toEqual([
      ['BINANCE:BTCUSDT', 1609754100, 0],
      ['BINANCE:ETHUSDT', 1609758000, 0],
    ]);
    expect(journal.trades[1].plan).toEqual((before['plan:BINANCE:ETHUSDT'] as { text: unknown }).text);
    for (const [k, v] of Object.entries(before)) expect(area.data.get(k)).toEqual(v);
    expect(area.data.get('journal:schemaVersion')).toBe(1);
  });

  it('is idempotent: a worker stopped half-way runs it again without doubling or overwriting', async () => {
    const area = todaysStorage();
    await new JournalStore(area).ready();
    // The first run wrote the trades but was stopped before the version key; a fill came in since.
    area.data.delete('journal:schemaVersion');
    const key = 'journal:trade:plan:BINANCE:BTCUSDT:1609754100000';
    const trade = area.data.get(key) as J.JournalTrade;
    trade.fills.push({ time: 1609754460, side: 'buy', price: 31010, size: 0.3, fee: 4.65 });
    area.data.set(key, trade);
    const again = await new JournalStore(area).ready();
    // Both trades were already written by the first run: none is made again.
    expect(again.fromPlans).toEqual([]);
    const { journal } = await new JournalStore(area).load();
    expect(journal.trades).toHaveLength(2);
    expect(journal.trades[0].fills).toHaveLength(1);
  });

  it('skips an unreadable saved plan, naming it, and keeps it', async () => {
    const area = todaysStorage();
    area.data.set('plan:BINANCE:SOLUSDT', {
      v: 2,
      symbol: 'BINANCE:SOLUSDT',
      text: { side: 'up' },
      updatedAt: 5,
    });
    const report = await new JournalStore(area).ready();
    expect(report.skipped).toEqual([{ symbol: 'BINANCE:SOLUSDT', reason: 'text.entry is undefined' }]);
    expect(area.data.has('plan:BINANCE:SOLUSDT')).toBe(true);
  });

  it('refuses a journal schema newer than this build, changing nothing', async () => {
    const area = todaysStorage();
    area.data.set('journal:schemaVersion', 7);
    const before = area.writes;
    await expect(new JournalStore(area).load()).rejects.toThrow(JournalSchemaError);
    await expect(new JournalStore(area).load()).rejects.toThrow(/is 7: .*update exitplan/);
    expect(area.writes).toBe(before);
  });
});

describe('journal storage: trades, import and export', () => {
  it('checks a trade field by field before writing it', async () => {
    const area = todaysStorage();
    const store = new JournalStore(area);
    const [btc] = (await store.load()).journal.trades;
    const bad = { ...btc, fills: [{ time: 1609754460, side: 'buy' as const, price: -1, size: 1, fee: 0 }] };
    await expect(store.saveTrade(bad)).rejects.toThrow(/^trades\[0\]\.fills\[0\]\.price: is -1/);
    expect((await store.load()).journal.trades[0].fills).toEqual([]);
  });

  it('lists a stored trade that cannot be read, and leaves it under its key', async () => {
    const area = todaysStorage();
    area.data.set('journal:trade:broken', { id: 'broken', symbol: 'X' });
    const { journal, unreadable } = await new JournalStore(area).load();
    expect(journal.trades).toHaveLength(2);
    expect(unreadable).toEqual([
      { key: 'journal:trade:broken', message: 'trades[0].plan: is not a plan object' },
    ]);
    expect(area.data.has('journal:trade:broken')).toBe(true);
  });

  it('names each bad row and field of an import and writes nothing until confirmed', async () => {
    const area = todaysStorage();
    const store = new JournalStore(area);
    await store.ready();
    const writes = area.writes;
    const pending = await store.previewImport('bad.csv', fixture('binance-spot-bad-rows.csv'));
    // binance-spot-bad-rows.csv: row 3's time is "yesterday", row 4 has side HOLD and price -30480.
    expect(pending.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'Date(UTC)'],
      [4, 'Side'],
      [4, 'Price'],
    ]);
    expect(area.writes).toBe(writes);
    await expect(pending.commit(false)).rejects.toThrow(/row 3 Date\(UTC\).*nothing imported/);
    expect(area.writes).toBe(writes);
    // Confirmed: the one readable row (2021-01-04 10:01, buy 0.3 BTC at 31010, fee 4.65 USDT) goes to
    // the BTC trade, whose plan was saved at 09:55 (1609754100), before the fill.
    expect(await pending.commit(true)).toEqual({ added: 0, matched: 1, unmatched: 0 });
    const [btc] = (await store.load()).journal.trades;
    expect(btc.fills).toEqual([
      { time: 1609754460, side: 'buy', price: 31010, size: 0.3, fee: 4.65, source: 'binance-spot' },
    ]);
  });

  it('exports JSON and CSV that import into an empty browser as the same journal', async () => {
    const area = todaysStorage();
    const store = new JournalStore(area);
    const trades = (await store.load()).journal.trades;
    await store.saveTrade({
      ...trades[0],
      tags: ['breakout'],
      fills: [
        { time: 1609754460, side: 'buy', price: 31010, size: 0.3, fee: 4.65, leg: 'entry' },
        { time: 1609755120, side: 'sell', price: 30480, size: 0.3, fee: 2.5, leg: 'stop' },
      ],
    });
    const json = await store.exportJson();
    const csv = await store.exportCsv();
    expect(csv.split('\n')[0]).toBe(J.JOURNAL_CSV_COLUMNS.join(','));
    for (const [name, text] of [
      ['journal.json', json],
      ['journal.csv', csv],
    ]) {
      const fresh = new JournalStore(new MemoryStorage());
      const pending = await fresh.previewImport(name, text);
      expect(pending.problems).toEqual([]);
      expect(await pending.commit(false)).toMatchObject({ added: 2 });
      const back = (await fresh.load()).journal.trades;
      expect(back.map((t) => t.id)).toEqual(trades.map((t) => t.id));
      expect(back[0].fills.map((f) => [f.time, f.side, f.price, f.size, f.fee, f.leg])).toEqual([
        [1609754460, 'buy', 31010, 0.3, 4.65, 'entry'],
        [1609755120, 'sell', 30480, 0.3, 2.5, 'stop'],
      ]);
      // Importing the same file again adds nothing: the stored trades are kept as they are.
      const twice = await fresh.previewImport(name, text);
      expect(twice.existing).toEqual(trades.map((t) => t.id));
      expect(await twice.commit(false)).toMatchObject({ added: 0 });
    }
  });
});
