// What the command line does with values that are not what they claim to be (issue 13 item 2,
// issue 14 "The CLI", issue 16 items 14-15): each gets a message naming the flag or the row and
// the fix, and the exit code the README gives (1 wrong flags, 2 a wrong value or file).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { DATA_DIR } from '../support/data.js';

const SPY = path.join(DATA_DIR, 'spy_daily_1999-2020.csv');
const plan = (...flags: string[]) => runCli(['plan', SPY, '--side', 'long', '--stop', '2%', ...flags]);

describe('values given to flags', () => {
  it('refuses times that are not real, naming --at', () => {
    // Before: a RangeError stack from toISOString; "-5" read as 2001-05-01; Feb 30 as 1 March.
    expect(plan('--at', '99999999999999999999')).toMatchObject({ code: 2 });
    expect(plan('--at', '99999999999999999999').stderr).toMatch(
      /^exitplan plan: at: "99999999999999999999" is too large for UNIX time/,
    );
    expect(plan('--at=-5').stderr).toBe(
      'exitplan plan: at: "-5" is a negative UNIX time; write a time before 1970 as an ISO date (1969-07-20T20:17Z)\n',
    );
    expect(plan('--at=2020-02-30').stderr).toBe(
      'exitplan plan: at: "2020-02-30" is not a real date: month 2 of 2020 has 29 days\n',
    );
  });

  it('refuses an entry time before the first bar instead of entering on bar 1', () => {
    // SPY's first bar is 1999-11-01 (../shared/data/spy_daily_1999-2020.csv row 2).
    expect(plan('--at', '1990-01-01')).toMatchObject({
      code: 2,
      stderr:
        'exitplan plan: at: 1990-01-01 00:00 is before the first bar (1999-11-01 00:00); pick a time inside the data\n',
    });
  });

  it("says what is wrong with a negative number, not the argument parser's jargon", () => {
    // Before: "Option '--entry <value>' argument is ambiguous".
    expect(plan('--entry', '-5')).toMatchObject({
      code: 2,
      stderr:
        'exitplan plan: --entry must be a price above 0 and at most 1,000,000,000,000, got "-5"; e.g. --entry 101.5\n',
    });
    const stop = runCli(['plan', SPY, '--side', 'long', '--stop', '-2%']);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(/^exitplan plan: stop: cannot read "-2%"/);
  });

  it('refuses sizes and periods no account or series has', () => {
    // Before: --size 1e308 gave "realised -NaNR".
    expect(plan('--size', '1e308').stderr).toBe(
      'exitplan plan: --size must be a number of units above 0 and at most 1,000,000,000,000, got "1e308"; e.g. --size 10\n',
    );
    expect(plan('--size', 'Infinity').code).toBe(2);
    expect(plan('--size', '0').code).toBe(2);
    for (const [flag, value] of [
      ['--atr', '0'],
      ['--atr', '1e9'],
      ['--rsi', '2.5'],
      ['--bb-k', 'Infinity'],
      ['--bb-k', '-1'],
    ]) {
      const r = runCli(['indicators', SPY, flag, value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^exitplan indicators: ${flag} must be .*, got "${value}"; e\\.g\\. ${flag} \\d`),
      );
    }
    const r = runCli(['backtest', SPY, '--entries', 'donchian:20', '--equity', '1e400']);
    expect(r.stderr).toMatch(/^exitplan backtest: --equity must be an amount above 0/);
  });
});

describe('bar files', () => {
  it('reads decimal commas and microseconds, and says so on stderr', () => {
    // SPY's first two bars as a German spreadsheet saves them, times in microseconds.
    const file =
      'time;open;high;low;close\n941414400000000;136,5;137;135,5625;135,5625\n941500800000000;135,9687;137,25;134,5937;134,5937\n';
    const r = runCli(['plan', 'de.csv', '--side', 'long', '--stop', '2%', '--json'], { 'de.csv': file });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).levels.entry).toBe(134.5937);
    expect(r.stderr).toBe(
      'exitplan plan: de.csv: numbers read with a decimal comma (row 2: "136,5" is 136.5)\n' +
        'exitplan plan: de.csv: times read as microseconds (row 2: 941414400000000 is 1999-11-01T00:00:00Z)\n',
    );
  });

  it('names the row of a bar time of 1e16 in the last row, with no stack trace', () => {
    const file = 'time,open,high,low,close\n1700000000,1,2,0.5,1.5\n10000000000000000,1,2,0.5,1.5\n';
    for (const command of [
      ['plan', 'f.csv', '--side', 'long', '--stop', '2%'],
      ['indicators', 'f.csv'],
      ['backtest', 'f.csv', '--entries', 'donchian:2'],
    ]) {
      const r = runCli(command, { 'f.csv': file });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^exitplan \w+: f\.csv: row 3: time 10000000000000000 reads as microseconds/);
    }
  });
});

describe('the commands', () => {
  it('gives --help for every command', () => {
    for (const command of ['indicators', 'plan', 'backtest']) {
      const r = runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: exitplan ${command} <bars\\.csv>`));
      expect(runCli(['help', command]).stdout).toBe(r.stdout);
    }
  });

  it('lists the valid flags for an unknown one, and exits 1 for wrong flags, 2 for a missing file', () => {
    const r = runCli(['plan', SPY, '--sied', 'long']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'exitplan plan: unknown option --sied; exitplan plan takes --side, --entry, --stop, --ladder, --trail, --breakeven, --exhaustion, --decay, --fees, --size, --swing, --at, --json\n' +
        '(exitplan plan --help lists the flags)\n',
    );
    expect(runCli(['plan', SPY, '--stop', '2%']).code).toBe(1);
    expect(runCli(['plan', SPY, '--side', 'long', '--stop']).stderr).toMatch(
      /--stop needs a value, e\.g\. --stop 2%/,
    );
    expect(runCli(['indicators', 'no-such.csv'])).toMatchObject({
      code: 2,
      stderr: 'exitplan indicators: no such file: no-such.csv\n',
    });
    expect(runCli(['plan', 'no-such.csv', '--side', 'long', '--stop', '2%']).code).toBe(2);
  });

  it('draws a progress line on a terminal only, for a large file, and clears it', () => {
    const file = 'time,open,high,low,close\n1700000000,1,2,0.5,1.5\n1700000060,1,2,0.5,1.5\n';
    // The io says the file is 64 MiB (the line starts at 32 MiB; a real one would take a while).
    const tty = runCli(['indicators', 'big.csv'], { 'big.csv': file }, true, 64 << 20);
    expect(tty.stderr.startsWith('\rreading big.csv: 0% of 0.06 GB')).toBe(true);
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(runCli(['indicators', 'big.csv'], { 'big.csv': file }, false, 64 << 20).stderr).toBe('');
    expect(runCli(['indicators', 'big.csv'], { 'big.csv': file }, true).stderr).toBe('');
  });

  it('prints indicator values without float noise, 12 significant digits', () => {
    const lines = runCli(['indicators', SPY]).stdout.trim().split('\n').slice(1);
    const digits = (cell: string) => cell.replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length;
    let longest = 0;
    for (const line of lines)
      for (const cell of line.split(',').slice(1)) longest = Math.max(longest, digits(cell));
    // Before: cells such as 2.6562999999999874 (17 digits) from a sum's last rounding bits.
    expect(longest).toBeLessThanOrEqual(12);
    // TR of bar 2: high 137.25 - low 134.5937 (the file's row 3), the cell issue 14 quotes as
    // 2.6562999999999874.
    expect(lines[1]).toBe('941500800,2.6563,,,,,,,,');
  });
});
