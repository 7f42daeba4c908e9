// Issue 16, item 14: `indicators` on a 200 MB file died with "Invalid string length", a 600 MB
// file with "Cannot create a string longer than...": the commands read the whole file into
// one string (and `indicators` built its whole output as one), and V8 refuses strings of more
// than 2^29 - 24 characters. Here each command reads a 560 MiB file, longer than any string V8
// can make, so a command that holds the file (or its output) as one string fails again. The
// file is made on the fly (huge-file-child.ts, in its own process); the memory such a run
// takes is measured by test/bench/bars-stream.bench.ts on a real 1 GiB series.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowOf, START, type HugeRun } from './huge-file-child.js';

const MAX_V8_STRING = 2 ** 29 - 24;
const ROOT = path.resolve(import.meta.dirname, '../../..');

function runOnHugeFile(argv: string[]): HugeRun {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'huge-file-child.ts'), 'run', ...argv],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (child.status !== 0) throw new Error(`the child process failed: ${child.stderr}`);
  const run = JSON.parse(child.stdout) as HugeRun;
  expect(run.bytesRead).toBeGreaterThan(MAX_V8_STRING);
  return run;
}

describe('a bars file longer than the longest string V8 can make', () => {
  it('indicators: one row per bar, written piece by piece', () => {
    const r = runOnHugeFile(['indicators', 'huge.csv']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // The header, then every bar the io made, the last one with its own time.
    expect(lines.length).toBe(r.bars + 1);
    expect(lines[lines.length - 1].startsWith(`${START + 60 * (r.bars - 1)},2,`)).toBe(true);
    // No write holds the whole output: each is one chunk's rows (~40 bars of 100 kB).
    expect(r.longestWrite).toBeLessThan(10_000);
  }, 120_000);

  it('plan: the levels at the last bar', () => {
    const r = runOnHugeFile(['plan', 'huge.csv', '--side', 'long', '--stop', '2%', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Entered at the last bar's close (rowOf above), the stop 2% under it.
    const close = Number(rowOf(r.bars - 1).split(',')[4]);
    const levels = JSON.parse(r.stdout).levels;
    expect(levels.entry).toBe(close);
    expect(levels.initialStop).toBeCloseTo(close * 0.98, 9);
  }, 120_000);

  it('backtest: every policy over every bar', () => {
    const r = runOnHugeFile([
      'backtest',
      'huge.csv',
      '--entries',
      'random:1:0.02',
      '--json',
      '--bootstrap',
      '0',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.bars).toBe(r.bars);
    expect(report.lastTime).toBe(START + 60 * (r.bars - 1));
  }, 120_000);
});
