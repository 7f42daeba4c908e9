import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const SPY = path.join(DATA, 'spy_daily_1999-2020.csv');

/** Runs the command with real files plus in-memory ones (a trade list a test writes). */
function run(argv: string[], files: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = runCli(['backtest', ...argv], files);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('exitplan backtest', () => {
  it('prints the comparison table', () => {
    const { code, out } = run([
      SPY,
      '--entries',
      'donchian:20',
      '--costs',
      'bps1,slipbps2',
      '--bootstrap',
      '200',
    ]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^policy\s+trades\s+win\s+avgR/);
    for (const id of ['aioo-2r', 'aioo-trail', 'ladder', 'ladder-be-trail', 'fib', 'exhaustion', 'decay']) {
      expect(out).toMatch(new RegExp(`^${id}\\s+\\d+`, 'm'));
    }
    expect(out).toMatch(/5241 bars 1999-11-01 \.\. 2020-08-28/);
    expect(out).toMatch(/in-sample pick: /);
  });

  it('--json carries every trade and the equity curve, so totals recompute', () => {
    const { code, out } = run([
      SPY,
      '--entries',
      'sma:20:100',
      '--policies',
      'aioo-2r,ladder',
      '--json',
      '--bootstrap',
      '0',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      policies: {
        id: string;
        stats: { commission: number; trades: number; endEquity: number };
        trades: {
          pnl: number;
          entryFee: number;
          fills: { pnl: number; fee: number; time: number; price: number; size: number }[];
        }[];
        equity: [number, number][];
      }[];
    };
    expect(json.policies.map((p) => p.id)).toEqual(['aioo-2r', 'ladder']);
    for (const p of json.policies) {
      expect(p.trades.length).toBe(p.stats.trades);
      const total = p.trades.reduce((s, t) => s + t.fills.reduce((a, f) => a + f.pnl, 0) - t.entryFee, 0);
      expect(p.equity.at(-1)![1]).toBeCloseTo(100_000 + total, 4);
      expect(p.equity).toHaveLength(5241);
      expect(p.equity[0][0]).toBe(941414400);
    }
  });

  it('--csv gives one row per policy', () => {
    const { out } = run([
      SPY,
      '--entries',
      'donchian:55',
      '--policies',
      'ladder',
      '--csv',
      '--bootstrap',
      '100',
    ]);
    const [header, row] = out.trim().split('\n');
    expect(header.split(',')[0]).toBe('policy');
    expect(header).toMatch(/expectancyR_low,expectancyR_high,tradeDD_low,tradeDD_high,resizedTrades$/);
    expect(row.split(',')).toHaveLength(header.split(',').length);
  });

  it('takes a trade list file and a custom policy', () => {
    const list = 'time,side,price\n2008-10-10,buy,\n2009-03-09,long,\n2020-02-24,sell,\n';
    const { code, out, err } = run(
      [
        SPY,
        '--entries',
        'trades.csv',
        '--policies',
        'aioo-2r',
        '--policy',
        'wide:stop=atr14x3;ladder=1R:50;trail=atr14x3@1',
        '--split',
        '0',
      ],
      { 'trades.csv': list },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^wide\s+3\s/m);
  });

  it('bad input exits with 2 and names the problem, wrong flags exit with 1', () => {
    // Exit codes as cli/io.ts and the README give them: 1 the command line's shape, 2 a value.
    const missing = run([SPY]);
    expect([missing.code, missing.err]).toEqual([
      1,
      'exitplan backtest: --entries is required: a rule such as donchian:20 or a trade list CSV\n' +
        '(exitplan backtest --help lists the flags)\n',
    ]);
    expect(run([SPY, '--entries', 'donchian:20', '--sizing', 'lots']).err).toMatch(/sizing: "lots"/);
    const unknown = run([SPY, '--entries', 'donchian:20', '--frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /^exitplan backtest: unknown option --frobnicate; exitplan backtest takes --entries, --policies/,
    );
    const bad = run([SPY, '--entries', 'list.csv'], { 'list.csv': 'time,side\n2030-01-01,long\n' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/row 2: time 2030-01-01T00:00:00.000Z is outside the bars/);
    expect(run([SPY, '--entries', 'missing.csv'])).toMatchObject({
      code: 2,
      err: 'exitplan backtest: no such file: missing.csv\n',
    });
    expect(run(['nope.csv', '--entries', 'donchian:20'])).toMatchObject({
      code: 2,
      err: 'exitplan backtest: no such file: nope.csv\n',
    });
  });

  it('fits the table in 100 columns, --wide gives every column, and says the sizing cap', () => {
    const narrow = run([SPY, '--entries', 'donchian:20', '--bootstrap', '200']).out;
    const longest = Math.max(...narrow.split('\n').map((l) => l.length));
    // Before: ~190 columns, wrapped in a normal terminal.
    expect(longest).toBeLessThanOrEqual(100);
    expect(narrow).toMatch(/notional at most 1x equity/);
    expect(narrow.split('\n')[0]).toMatch(/ resized$/);
    const wide = run([SPY, '--entries', 'donchian:20', '--bootstrap', '200', '--wide']).out;
    expect(wide.split('\n')[0]).toMatch(/medR .* SQN .* return .* Sortino .* commission +resized$/);
    expect(
      run([SPY, '--entries', 'donchian:20', '--sizing', 'risk1%,levnone', '--bootstrap', '0']).out,
    ).toMatch(/no notional cap/);
  });

  it('names the file and the row once in a bad-row message, as plan does', () => {
    // Before: "row 3: ... (bars file row 3, high)", without the file's name.
    const r = run(['bad.csv', '--entries', 'donchian:2'], {
      'bad.csv': 'time,open,high,low,close\n1,1,1,1,1\n2,1,x,1,1\n',
    });
    expect([r.code, r.err]).toEqual([2, 'exitplan backtest: bad.csv: row 3: high "x" is not a number\n']);
  });
});
