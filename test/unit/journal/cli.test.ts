import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const BARS = path.resolve(process.cwd(), '../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv');
const FIX = path.resolve('test/fixtures/journal');

function run(argv: string[], files: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = runCli(argv, files);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

// The hand-worked trade of report.test.ts, as a Binance Spot export.
const PLAN = 'stop=30500 ladder=1R:50 trail=none exhaustion=none entry=31000';

describe('exitplan journal', () => {
  it('reports a Binance export against a plan, on real bars', () => {
    const { code, out, err } = run([
      'journal',
      'report',
      path.join(FIX, 'binance-spot-trade-history.csv'),
      '--bars',
      BARS,
      '--plan',
      PLAN,
      '--json',
    ]);
    expect(err).toContain('row 5 Fee: fee paid in BNB');
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      trades: { symbol: string; actualPnl: number; planR: number; followed: boolean }[];
    };
    const btc = json.trades.find((t) => t.symbol === 'BTCUSDT')!;
    // As report.test.ts, except the 0.2 buy's fee is 0.0001 BTC = 3.1025 USDT:
    // -268 - (4.65 + 3.1025 + 7.62) = -283.3725.
    expect(btc.actualPnl).toBeCloseTo(-283.3725, 9);
    expect(btc.planR).toBeCloseTo(-1, 12);
    expect(btc.followed).toBe(true);
  });

  it('prints tables with the rules and the summary', () => {
    const { code, out } = run([
      'journal',
      'report',
      path.join(FIX, 'plain-fills.csv'),
      '--bars',
      BARS,
      '--plan',
      PLAN,
    ]);
    expect(code).toBe(0);
    expect(out).toContain('BTCUSDT-1609754460');
    expect(out).toMatch(/stop\s+2021-01-04 10:12\s+sell\s+30500\s+30480/);
    expect(out).toContain('ok   stop: plan stopped out');
    expect(out).toContain('plan followed in 100%');
  });

  it("shows each leg's recorded reversal probability and regime, '-' where none was", () => {
    // The extension's schema 1 export: every fill has the bars' regime (market.regime), none a
    // reversal probability. Trade btc-1's fills record quiet, quiet, quiet, shift (the fixture).
    const file = path.join(FIX, 'journal-export-btcusdt-5m.json');
    const fixture = run(['journal', 'report', file, '--bars', BARS]);
    expect(fixture.code).toBe(0);
    const btc1 = fixture.out.slice(fixture.out.indexOf('\nbtc-1\n'), fixture.out.indexOf('\nbtc-2\n'));
    expect(btc1).toMatch(/ p\(rev\)\s+Regime\n/);
    expect(btc1.match(/^ {2}(entry|T1|T2) .*$/gm)?.map((row) => row.split(/\s+/).slice(-2))).toEqual([
      ['-', 'quiet'],
      ['-', 'quiet'],
      ['-', 'quiet'],
      ['-', 'shift'],
    ]);
    // The same journal with what a schema 2 fill records from the chart (docs/journal.md):
    // btc-1's T1 with p(reversal) 0.62 and the policy addon's regime, which the report prefers
    // to the bars' (engine/journal/report.ts). The T2 fill is left as it was.
    const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      v: number;
      trades: { id: string; fills: { leg?: string; market: Record<string, unknown> }[] }[];
    };
    journal.v = 2;
    const t1 = journal.trades.find((t) => t.id === 'btc-1')!.fills.find((f) => f.leg === 'T1')!;
    t1.market.reversal = { probability: 0.62, barTime: 1607383200 };
    t1.market.policyRegime = 'trending';
    const models = run(['journal', 'report', 'j.json', '--bars', BARS], {
      'j.json': JSON.stringify(journal),
    });
    expect(models.code).toBe(0);
    expect(models.out).toMatch(/^ {2}T1 +2020-12-07 23:20 .* 3\.83 +0\.62 +trending$/m);
    expect(models.out).toMatch(/^ {2}T2 +2020-12-07 23:25 .* 3\.84 +- +shift$/m);
    // A report's tables stay as wide as before: the leg table is no wider than the trade table.
    const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
    expect(widest(btc1)).toBeLessThanOrEqual(widest(fixture.out.slice(0, fixture.out.indexOf('\n\n'))));
  });

  it('lists bad rows and exits 2 with nothing reported', () => {
    const { code, out, err } = run([
      'journal',
      'report',
      path.join(FIX, 'binance-spot-bad-rows.csv'),
      '--bars',
      BARS,
      '--plan',
      PLAN,
    ]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('row 3 Date(UTC): cannot read the time "yesterday"');
    expect(err).toContain('row 4 Side');
  });

  it('audits a journal JSON with a horizon', () => {
    const journal = {
      v: 1,
      trades: [
        {
          id: 'hand',
          symbol: 'BTCUSDT',
          plan: {
            side: 'long',
            entry: 31000,
            stop: '30500',
            ladder: '1R:50',
            trail: 'none',
            exhaustion: 'none',
          },
          planTime: 1609754400,
          fills: [
            { time: 1609754460, side: 'buy', price: 31010, size: 0.5, fee: 0 },
            { time: 1609755120, side: 'sell', price: 30480, size: 0.5, fee: 0 },
          ],
        },
      ],
    };
    const { code, out } = run(['journal', 'audit', 'j.json', '--bars', BARS, '--horizon', '6'], {
      'j.json': JSON.stringify(journal),
    });
    expect(code).toBe(0);
    expect(out).toContain('Over the next 6 bars');
    expect(out).toContain('too few trades to say (under 20)');
  });

  it('needs a plan for a fills CSV', () => {
    const { code, err } = run(['journal', 'report', path.join(FIX, 'plain-fills.csv'), '--bars', BARS]);
    expect(code).toBe(1);
    expect(err).toContain('--plan');
  });
});
