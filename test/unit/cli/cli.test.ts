import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { DATA_DIR } from '../support/data.js';

const talib = createRequire(import.meta.url)('talib') as {
  execute(args: Record<string, unknown>): { begIndex: number; result: Record<string, number[]> };
};

const run = (...argv: string[]) => runCli(argv);

const SPY = path.join(DATA_DIR, 'spy_daily_1999-2020.csv');
const BTC = path.join(DATA_DIR, 'btcusdt_binance_5m_2020-12_2021-07.csv');

describe('exitplan indicators', () => {
  it('writes one row per bar with the documented header and TA-Lib-equal values', () => {
    const { code, written } = run('indicators', SPY, '--out', 'x.csv');
    expect(code).toBe(0);
    const lines = written.get('x.csv')!.trim().split('\n');
    expect(lines[0]).toBe('time,tr,atr14,rsi14,bb_upper,bb_middle,bb_lower,sma20,ema20,stddev20');
    expect(lines).toHaveLength(5241 + 1);
    expect(lines[1]).toBe('941414400,,,,,,,,,'); // bar 0: every indicator still warming up
    const spy = fs
      .readFileSync(SPY, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const [high, low, close] = [2, 3, 4].map((c) => spy.map((r) => r[c]));
    const atr = talib.execute({
      name: 'ATR',
      startIdx: 0,
      endIdx: spy.length - 1,
      high,
      low,
      close,
      optInTimePeriod: 14,
    });
    const rsi = talib.execute({
      name: 'RSI',
      startIdx: 0,
      endIdx: spy.length - 1,
      inReal: close,
      optInTimePeriod: 14,
    });
    for (const i of [14, 15, 1000, 5240]) {
      const cells = lines[i + 1].split(',').map(Number);
      // 12 significant digits are printed: within half a unit of the 12th digit (5e-12 relative).
      expect(Math.abs(cells[2] - atr.result.outReal[i - atr.begIndex]) / cells[2]).toBeLessThanOrEqual(5e-12);
      expect(Math.abs(cells[3] - rsi.result.outReal[i - rsi.begIndex])).toBeLessThanOrEqual(1e-9);
    }
  });

  it('renames columns when periods change', () => {
    const { stdout } = run('indicators', SPY, '--atr', '10', '--rsi', '7', '--sma', '50');
    expect(stdout.split('\n')[0]).toBe('time,tr,atr10,rsi7,bb_upper,bb_middle,bb_lower,sma50,ema20,stddev20');
  });
});

describe('exitplan plan', () => {
  it('prints the levels and the trade leg by leg', () => {
    const { code, stdout } = run(
      'plan',
      BTC,
      '--side',
      'long',
      '--at',
      '2021-01-04T10:00Z',
      '--stop',
      'atr14x1.5',
      '--ladder',
      '1R:25,2R:25,3R:50',
      '--trail',
      'atr14x2.5',
      '--breakeven',
      '1',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/Entry bar {2}2021-01-04 10:00 UTC/);
    expect(stdout).toMatch(/T1 1R\s+[\d,.]+\s+\+1\.00R\s+25%/);
    expect(stdout).toMatch(/Outcome over \d+ bars/);
    expect(stdout).toMatch(/MFE .* MAE .* bars open \d+/);
  });

  it('gives JSON that matches the text run', () => {
    const { stdout } = run(
      'plan',
      SPY,
      '--side',
      'short',
      '--at',
      '2008-01-02',
      '--stop',
      '3%',
      '--ladder',
      '1R:50,2R:50',
      '--json',
    );
    const json = JSON.parse(stdout);
    // SPY closed at 144.93 on 2008-01-02 (the entry bar, read from the data file): stop 3% above.
    expect(json.levels.entry).toBe(144.93);
    expect(json.levels.initialStop).toBeCloseTo(144.93 * 1.03, 9);
    expect(json.state.fills.length).toBeGreaterThan(0);
  });

  it('exits 2 with the field and the fix on bad input, 1 on usage errors', () => {
    const wrong = run('plan', SPY, '--side', 'long', '--entry', '100', '--stop', '120');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/stop: 120 is on the wrong side of the entry 100/);
    expect(run('plan', SPY, '--side', 'long', '--stop', '2%', '--ladder', '1R:80,2R:30').stderr).toMatch(
      /at most 100%/,
    );
    expect(run('plan', SPY, '--stop', '2%').code).toBe(1);
    expect(run('plan', SPY, '--side', 'long', '--stop', '2%', '--at', '2030-01-01').stderr).toMatch(
      /after the last bar/,
    );
    expect(run('frobnicate').code).toBe(1);
    expect(run('--help').stdout).toMatch(/Usage:/);
  });
});
