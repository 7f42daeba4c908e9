// The built artefacts as a user runs them: the `exitplan` bin and the `exitplan/engine` export.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../unit/support/data.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/exitplan.js');
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('built CLI and package export', () => {
  it('runs `exitplan plan` from dist and exits 0', () => {
    const r = node([
      bin,
      'plan',
      path.join(DATA_DIR, 'eurusd_1h_2017-2018.csv'),
      '--side',
      'short',
      '--at',
      '2017-06-01T12:00Z',
      '--stop',
      'atr14x2',
      '--ladder',
      '1R:50,2R:50',
      '--trail',
      'atr14x3@1',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Entry bar {2}2017-06-01 12:00 UTC/);
  });

  it('exits 2 with the row and field on a bad file', () => {
    const r = node([bin, 'indicators', path.join(DATA_DIR, 'README.md')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/README\.md: row \d+/);
  });

  it('exposes the engine as `exitplan/engine`', () => {
    const r = node([
      '--input-type=module',
      '-e',
      "import('exitplan/engine').then((e) => console.log(typeof e.ExitTracker, typeof e.parsePlan, typeof e.atrBatch))",
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function function');
  });
});
