// `exitplan backtest` on a big file runs the lab as the bars stream past (cli/backtest-stream.ts,
// engine/backtest/stream-lab.ts), never holding them (issue 16 item 14). It must print exactly
// what the run over the held bars prints: the table, --csv and --json (every trade, from the
// spill files, and every equity point: these series have fewer than MAX_EQUITY_POINTS bars).
// The same real files (../shared/data) go both ways; only the size the io claims for them
// differs (1 GiB: streamed; their own size: held).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BTC_5M, DATA_DIR, EURUSD_1H, SPY_DAILY } from '../support/data.js';
import { runCli } from '../support/cli.js';

const text = (file: string): string => fs.readFileSync(path.join(DATA_DIR, file), 'utf8');

function both(file: string, flags: string[]): { held: string; streamed: string; stderr: string } {
  const files = { 'bars.csv': text(file) };
  const argv = ['backtest', 'bars.csv', ...flags];
  const held = runCli(argv, files);
  // On a terminal, so the progress lines name the reads: the count, then the lab's two passes.
  const streamed = runCli(argv, files, true, 2 ** 30);
  expect(held.code).toBe(0);
  expect(streamed.code).toBe(0);
  expect(streamed.stderr).toContain('reading bars.csv (counting)');
  expect(streamed.stderr).toContain('reading bars.csv (pass 2 of 2)');
  return { held: held.stdout, streamed: streamed.stdout, stderr: streamed.stderr };
}

describe('backtest on a file streamed past', () => {
  it('prints the same table', () => {
    const r = both(BTC_5M, ['--entries', 'donchian:20', '--costs', 'bps2,slipatr0.05', '--bootstrap', '200']);
    expect(r.held).toContain('aioo-2r');
    expect(r.streamed).toBe(r.held);
  });

  it('prints the same CSV', () => {
    const r = both(SPY_DAILY, ['--entries', 'sma:10:50', '--stress', 'gap2,p0.02,seed3', '--csv']);
    expect(r.streamed).toBe(r.held);
  });

  it('writes the same JSON, every trade and equity point', () => {
    const r = both(EURUSD_1H, [
      '--entries',
      'random:3:0.02',
      '--reentry',
      'same-bar',
      '--json',
      '--bootstrap',
      '50',
    ]);
    const parsed = JSON.parse(r.streamed) as { policies: { trades: unknown[] }[] };
    expect(parsed.policies.some((p) => p.trades.length > 10)).toBe(true);
    expect(r.streamed).toBe(r.held);
  });

  it('holds a trade list in memory: it is not streamed, and prints the same', () => {
    const bars = text(EURUSD_1H);
    const files = { 'bars.csv': bars, 'trades.csv': 'time,side,price\n2017-06-01T08:00:00Z,long,\n' };
    const argv = ['backtest', 'bars.csv', '--entries', 'trades.csv', '--bootstrap', '0'];
    const held = runCli(argv, files);
    const big = runCli(argv, files, true, 2 ** 30);
    expect(big.code).toBe(0);
    expect(big.stderr).toContain('reading bars.csv: ');
    expect(big.stderr).not.toContain('pass 2 of 2');
    expect(big.stdout).toBe(held.stdout);
  });
});
