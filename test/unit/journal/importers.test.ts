import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitImport } from '../../../engine/journal/match.js';
import { previewImport } from '../../../engine/journal/importers.js';
import { emptyJournal, type Journal } from '../../../engine/journal/types.js';

const fixture = (name: string): string =>
  fs.readFileSync(path.resolve('test/fixtures/journal', name), 'utf8');
const T10_00 = Date.UTC(2021, 0, 4, 10, 0) / 1000;

describe('Binance Spot trade history', () => {
  const p = previewImport(fixture('binance-spot-trade-history.csv'));

  it('reads every row, oldest first, fees in quote currency', () => {
    expect(p.format).toBe('binance-spot');
    expect(p.problems).toEqual([]);
    // The file lists newest first; the preview sorts by time.
    expect(p.fills.map((f) => [f.time - T10_00, f.side, f.price, f.size, f.symbol])).toEqual([
      [60, 'buy', 31010, 0.3, 'BTCUSDT'],
      [180, 'buy', 31025, 0.2, 'BTCUSDT'],
      [720, 'sell', 30480, 0.5, 'BTCUSDT'],
      [3600, 'buy', 1050.5, 1, 'ETHUSDT'],
    ]);
    // 4.65 USDT as is; 0.0001 BTC at 31025 = 3.1025 USDT; 7.62 USDT.
    expect(p.fills[0].fee).toBeCloseTo(4.65, 12);
    expect(p.fills[1].fee).toBeCloseTo(3.1025, 12);
  });

  it('keeps a fee paid in BNB as reported, with a warning', () => {
    expect(p.fills[3].fee).toBe(0);
    expect(p.fills[3].feeOther).toEqual({ amount: 0.00261, asset: 'BNB' });
    expect(p.warnings).toEqual([expect.objectContaining({ row: 5, field: 'Fee' })]);
  });

  it('names each bad row and field, and imports nothing until confirmed', () => {
    const bad = previewImport(fixture('binance-spot-bad-rows.csv'));
    expect(bad.problems.map((x) => [x.row, x.field])).toEqual([
      [3, 'Date(UTC)'],
      [4, 'Side'],
      [4, 'Price'],
    ]);
    expect(bad.problems[1].message).toContain('give buy or sell');
    const journal = withPlan();
    expect(() => commitImport(journal, bad)).toThrow(/row 3 Date\(UTC\).*nothing imported/);
    expect(journal.trades[0].fills).toEqual([]);
    const confirmed = commitImport(journal, bad, { acceptProblems: true });
    expect(confirmed.matched).toBe(1);
  });
});

function withPlan(): Journal {
  return {
    ...emptyJournal(),
    trades: [
      {
        id: 'btc-1',
        symbol: 'BINANCE:BTCUSDT',
        plan: {
          side: 'long',
          entry: 31000,
          stop: '30500',
          ladder: '1R:50',
          trail: 'none',
          exhaustion: 'none',
        },
        planTime: T10_00 - 300,
        edits: [],
        fills: [],
        tags: [],
      },
    ],
  };
}

describe('matching fills to trades', () => {
  it('matches by symbol and time, lists the rest', () => {
    const result = commitImport(withPlan(), previewImport(fixture('binance-spot-trade-history.csv')));
    expect(result.matched).toBe(3);
    expect(result.journal.trades[0].fills.map((f) => f.price)).toEqual([31010, 31025, 30480]);
    // The ETH buy has no trade: listed with why, and kept in the journal.
    expect(result.unmatched).toEqual([expect.objectContaining({ reason: 'no trade for ETHUSDT' })]);
    expect(result.journal.unmatched.map((f) => f.symbol)).toEqual(['ETHUSDT']);
  });

  it('does not put a fill before the plan or on a closed trade', () => {
    const late = withPlan();
    late.trades[0].planTime = T10_00 + 120;
    const r = commitImport(late, previewImport(fixture('plain-fills.csv')));
    // The 10:01 buy predates the plan; the 10:03 buy opens it; the sell of 0.5 exits more than the 0.2 open.
    expect(r.matched).toBe(1);
    expect(r.unmatched.map((u) => u.reason)).toEqual([
      'btc-1: before the plan was made',
      'btc-1: exits 0.5 with 0.2 open',
    ]);
  });
});

describe("TradingView's List of trades", () => {
  it('reads the older header, newest first, and leaves out the open trade', () => {
    const p = previewImport(fixture('tradingview-list-of-trades.csv'), { symbol: 'BINANCE:BTCUSDT' });
    expect(p.format).toBe('tradingview');
    expect(p.problems).toEqual([]);
    expect(p.fills.map((f) => [f.time - T10_00, f.side, f.price, f.size, f.leg ?? null, f.ref])).toEqual([
      [0, 'buy', 31000, 0.5, 'entry', '1'],
      [600, 'sell', 30500, 0.5, null, '1'],
      // Trade 2 is a short: its entry is a sell; its "Exit Short, Open" row is the last price.
      [82800, 'sell', 31300, 0.5, 'entry', '2'],
    ]);
    expect(p.warnings).toEqual([expect.objectContaining({ row: 2, field: 'Signal' })]);
  });

  it('reads the newer header the same way', () => {
    const p = previewImport(fixture('tradingview-list-of-trades-2024.csv'), { symbol: 'BTCUSDT' });
    expect(p.problems).toEqual([]);
    expect(p.fills.map((f) => [f.time - T10_00, f.side, f.price, f.size])).toEqual([
      [0, 'buy', 31000, 0.5],
      [600, 'sell', 30500, 0.5],
    ]);
  });
});

describe('plain time,side,price,qty,fee[,symbol]', () => {
  it('reads ISO and UNIX times', () => {
    const p = previewImport(fixture('plain-fills.csv'));
    expect(p.format).toBe('plain-csv');
    expect(p.fills.map((f) => [f.time - T10_00, f.side, f.fee])).toEqual([
      [60, 'buy', 4.65],
      [180, 'buy', 3.1],
      [720, 'sell', 7.62],
    ]);
  });

  it('reads a file without a header, and names bad cells', () => {
    const p = previewImport('1609754460,buy,31010,0.3,4.65\n1609754580,buy,abc,0,-1\n', {
      symbol: 'BTCUSDT',
    });
    expect(p.fills).toHaveLength(1);
    expect(p.fills[0].symbol).toBe('BTCUSDT');
    expect(p.problems.map((x) => [x.row, x.field])).toEqual([
      [2, 'price'],
      [2, 'qty'],
      [2, 'fee'],
    ]);
  });

  it('says which layouts it reads when the header is unknown', () => {
    const p = previewImport('a,b,c\n1,2,3\n');
    expect(p.problems[0]).toMatchObject({ row: 1, field: 'header' });
    expect(p.problems[0].message).toContain('Binance Spot trade history');
  });
});
