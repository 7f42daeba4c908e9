// exitplan regimes and exitplan learn policy, through the CLI's own main().
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../../engine/ml/policy/file.js';
import { runCli } from '../support/cli.js';
import { DATA_DIR } from '../support/data.js';

const SPY = path.join(DATA_DIR, 'spy_daily_1999-2020.csv');

/** Files the commands wrote, shared by the runs of a file (a policy written, then read back). */
const written = new Map<string, string>();

function run(...argv: string[]) {
  // "short.csv": SPY's first 900 bars, too few trades to learn from.
  const short = fs.readFileSync(SPY, 'utf8').split('\n').slice(0, 901).join('\n');
  const r = runCli(argv, { 'short.csv': short, ...Object.fromEntries(written) });
  for (const [p, t] of r.written) written.set(p, t);
  return { ...r, written };
}

describe('exitplan regimes', () => {
  it('writes time,regime for every bar, and a JSON summary', () => {
    const r = run('regimes', SPY, '--out', 'r.csv', '--json');
    expect(r.code).toBe(0);
    const lines = r.written.get('r.csv')!.trim().split('\n');
    // The SPY file has 5,241 bars (../shared/data/README.md), plus the header.
    expect(lines.length).toBe(5242);
    expect(lines[0]).toBe('time,regime');
    expect(lines[1]).toBe('941414400,none');
    const summary = JSON.parse(r.stdout) as { counts: Record<string, number> };
    expect(Object.values(summary.counts).reduce((a, b) => a + b, 0)).toBe(5241);
    expect(summary.counts.trending).toBe(lines.filter((l) => l.endsWith(',trending')).length);
  });
});

describe('exitplan backtest with the director policies', () => {
  it('runs adaptive beside the ladder, and refuses learned without a policy, naming the fix', () => {
    const r = run('backtest', SPY, '--entries', 'donchian:20', '--policies', 'ladder,adaptive', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"adaptive"');
    const learned = run('backtest', SPY, '--entries', 'donchian:20', '--policies', 'learned');
    expect(learned.code).toBe(2);
    expect(learned.stderr).toMatch(/"learned" needs a learned policy.*exitplan learn policy/);
  });
});

describe('exitplan learn policy', () => {
  it('learns, judges, writes the policy and the heat map; the saved policy judges the same', () => {
    const r = run(
      'learn',
      'policy',
      SPY,
      '--entries',
      'donchian:20',
      '--costs',
      'bps5,slipbps2',
      '--out',
      'p.json',
      '--heatmap',
      'h.csv',
      '--json',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      comparison: { id: string; stats: { avgR: number } }[];
      reading: string;
    };
    expect(report.comparison.map((c) => c.id)).toContain('learned');
    expect(report.reading).toMatch(/learned policy/);
    expect(() => loadPolicyFile(r.written.get('p.json')!)).not.toThrow();
    const heat = r.written.get('h.csv')!.trim().split('\n');
    // 8 unrealised-R rows and 6 bars-held columns (engine/ml/policy/state.ts BINS), plus headers.
    expect(heat.length).toBe(9);
    expect(heat[0].split(',').length).toBe(7);
    const again = run(
      'learn',
      'policy',
      SPY,
      '--entries',
      'donchian:20',
      '--costs',
      'bps5,slipbps2',
      '--policy',
      'p.json',
      '--json',
    );
    const same = JSON.parse(again.stdout) as typeof report;
    const learned = (x: typeof report) => x.comparison.find((c) => c.id === 'learned')!.stats.avgR;
    expect(learned(same)).toBe(learned(report));
  });

  it('refuses too few trades and a file that is not a policy, naming the fix (exit 2)', () => {
    const few = run('learn', 'policy', 'short.csv', '--entries', 'donchian:20');
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/needs at least 50.*more bars/);
    const wrong = run('learn', 'policy', SPY, '--entries', 'donchian:20', '--policy', SPY);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/not JSON/);
    expect(run('learn', 'policy', SPY).code).toBe(1);
  });
});
