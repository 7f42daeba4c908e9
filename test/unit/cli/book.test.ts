import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { DATA_DIR } from '../support/data.js';

const LOB = path.join(DATA_DIR, 'lobster', 'AMZN_2012-06-21_34200000_57600000_');
const MESSAGE = `${LOB}message_1.csv`;
const ORDERBOOK = `${LOB}orderbook_1.csv`;
const ETH = path.join(DATA_DIR, 'ethusdt_binance_5m_2020-12_2021-07.csv');
const BTC = path.join(DATA_DIR, 'btcusdt_binance_5m_2020-12_2021-07.csv');

/** Real files in (plus in-memory ones), output recorded. */
const run = (files: Record<string, string>, ...argv: string[]) => runCli(argv, files);

describe('exitplan book', () => {
  it('prints every signal and fill of a LOBSTER day with mids and slippage', () => {
    const r = run(
      {},
      'book',
      MESSAGE,
      ORDERBOOK,
      '--side',
      'long',
      '--entry',
      'touch',
      '--stop',
      '0.5%',
      '--ladder',
      '1R:50',
      '--at',
      '10:00',
      '--size',
      '100',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('57515 events, 11419 trades, 0 halts');
    expect(r.stdout).toMatch(/^10:00:00\.\d{3}\s+entry/m);
    expect(r.stdout).toContain('mid@signal');
    expect(r.stdout).toMatch(/realised -?\d+\.\d{4} R, of which market-exit slippage against the mid/);
  });

  it('gives the same events as JSON', () => {
    const r = run(
      {},
      'book',
      MESSAGE,
      ORDERBOOK,
      '--side',
      'short',
      '--entry',
      'touch',
      '--stop',
      '0.5%',
      '--at',
      '11:00',
      '--json',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      events: { kind: string; midAtSignal: number }[];
      shields: { liquidity: string };
    };
    expect(json.events[0].kind).toBe('entry');
    expect(json.events.some((e) => e.kind === 'fill')).toBe(true);
    expect(json.shields.liquidity).toBe('liquidity70%@60s,for10000ms');
  });

  it('names the row and the column of a bad cell (exit 2)', () => {
    const files = {
      'AMZN_2012-06-21_1_2_message_1.csv':
        'Time,Type,OrderId,Size,Price,Direction\n34200.1,1,1,1O,2238100,1\n',
      'ob.csv': 'BestAsk,BestAskVolume,BestBid,BestBidVolume\n2239500,100,2238100,10\n',
    };
    const r = run(
      files,
      'book',
      'AMZN_2012-06-21_1_2_message_1.csv',
      'ob.csv',
      '--side',
      'long',
      '--entry',
      'touch',
      '--stop',
      '1%',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('message row 2: Size is "1O", not a number');
  });

  it('names the field and the character of a bad shield setting (exit 2)', () => {
    const r = run(
      {},
      'book',
      MESSAGE,
      ORDERBOOK,
      '--side',
      'long',
      '--entry',
      'touch',
      '--stop',
      '1%',
      '--imbalance',
      'imbalance0.6,tak50',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('imbalance: expected "take" at "t" at character 14');
  });
});

describe('exitplan shield', () => {
  it('lists the correlation and entropy events of ETH against BTC with the values that fired them', () => {
    const r = run({}, 'shield', ETH, '--benchmark', BTC, '--entropy', 'entropy3x48>0.995');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ bars paired by time/);
    expect(r.stdout).toMatch(/correlation 0\.9\d\d, lowest in the bars before [-0-9.]+/);
    expect(r.stdout).toMatch(/permutation entropy 0\.99\d\d -> close/);
    const json = JSON.parse(run({}, 'shield', ETH, '--benchmark', BTC, '--json').stdout) as {
      events: { shield: string; correlation?: number; lowBefore?: number }[];
    };
    for (const e of json.events.filter((x) => x.shield === 'correlation')) {
      expect(e.correlation).toBeGreaterThan(0.9);
      expect(e.lowBefore).toBeLessThan(0.2);
    }
  });
});
