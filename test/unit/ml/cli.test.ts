import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../engine/ml/model-file.js';
import { runCli } from '../support/cli.js';
import { DATA_DIR } from '../support/data.js';

// "short.csv": SPY's first 300 bars, too few to train on.
const run = (...argv: string[]) =>
  runCli(argv, { 'short.csv': fs.readFileSync(SPY, 'utf8').split('\n').slice(0, 301).join('\n') });

const SPY = path.join(DATA_DIR, 'spy_daily_1999-2020.csv');

describe('exitplan learn reversal', () => {
  it('prints the scores beside the baselines and writes the model and the predictions', () => {
    const r = run(
      'learn',
      'reversal',
      SPY,
      '--retrain-every',
      '1000',
      '--min-train',
      '1000',
      '--out',
      'm.json',
      '--predictions',
      'p.csv',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const name of ['GBDT (this model)', 'logistic regression', 'base rate', 'exhaustion rule'])
      expect(r.stdout).toContain(name);
    expect(r.stdout).toMatch(/The model (does NOT beat|beats) every baseline out of sample/);
    const lines = r.written.get('p.csv')!.trim().split('\n');
    expect(lines[0]).toBe('time,p');
    // First model at bar 263 + 1000 + 20 + 20 + 1 = 1304 (1-based): bars 1304..5241 are scored.
    expect(lines).toHaveLength(5241 - 1303 + 1);
    expect(Number(lines[1].split(',')[0])).toBe(
      Number(fs.readFileSync(SPY, 'utf8').split('\n')[1304].split(',')[0]),
    );
    const model = loadModelFile(r.written.get('m.json')!);
    expect(model.file.settings).toMatchObject({
      horizon: 20,
      up: 2,
      down: 1,
      retrainEvery: 1000,
      tradeState: true,
    });
    // Version 2 lists the trade-state features last (the default).
    expect(model.file.version).toBe(2);
    expect(model.file.features.slice(-5)).toEqual([
      'trade_r',
      'trade_bars',
      'trade_stop_r',
      'trade_leg_r',
      'trade_mfe_r',
    ]);
    expect(model.file.data).toMatchObject({ bars: 5241, firstTime: 941414400 });
    expect(model.file.data.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(model.file.validation.overall.model.samples).toBeGreaterThan(3800);
  });

  it('--json carries the settings, the models and the scores', () => {
    const r = run(
      'learn',
      'reversal',
      SPY,
      '--retrain-every',
      '2000',
      '--horizon',
      '10',
      '--up',
      '1.5',
      '--down',
      '0.5',
      '--folds',
      '3',
      '--trade-state',
      'off',
      '--json',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      settings: { horizon: number; up: number; down: number; tradeState: boolean };
      folds: unknown[];
      blocks: unknown[];
    };
    expect(json.settings).toMatchObject({ horizon: 10, up: 1.5, down: 0.5, tradeState: false });
    expect(json.folds).toHaveLength(3);
    expect(json.blocks.length).toBeGreaterThanOrEqual(1);
  });

  it('wrong flags exit 1, bad input exits 2 with the reason', () => {
    // cli/io.ts: a flag that does not exist is the command line's shape (1); a value that is
    // not a sensible number is bad input (2), as in every command.
    expect(run('learn', 'reversal', SPY, '--upp', '2').code).toBe(1);
    const up = run('learn', 'reversal', SPY, '--up', '-2');
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/--up must be a multiple of ATR above 0/);
    expect(run('learn', 'policy', SPY).code).toBe(1);
    expect(run('learn', 'reversal', SPY, '--trade-state', 'maybe').stderr).toMatch(
      /--trade-state must be on or off/,
    );
    const r = run('learn', 'reversal', 'short.csv');
    expect(r.code).toBe(2);
    // 263 warm-up + 2000 to train + 20 horizon + 20 embargo + 1 (the defaults).
    expect(r.stderr).toMatch(
      /short.csv: bars: the reversal model needs at least 2304 bars .*the file has 300/,
    );
  });
});
