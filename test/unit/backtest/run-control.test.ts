import { describe, expect, it } from 'vitest';
import { BacktestCancelled, BacktestError } from '../../../engine/backtest/errors.js';
import { labOptions, runLab, runLabAsync } from '../../../engine/backtest/lab.js';
import { parseStress } from '../../../engine/backtest/costs.js';
import { ruleEntries } from '../../../engine/backtest/entry-rules.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import type { BacktestProgress } from '../../../engine/backtest/types.js';
import { BTC5M, EURUSD, loadBars } from './load-bars.js';

describe('progress, cancel, stress, walk-forward', () => {
  const bars = loadBars(BTC5M);

  it('reports rising progress that ends at 1', () => {
    const seen: BacktestProgress[] = [];
    runLab(
      bars,
      { entries: 'random:3:0.01', policies: 'aioo-2r,ladder', bootstrap: 0 },
      { onProgress: (p) => seen.push(p) },
    );
    expect(seen.length).toBeGreaterThan(3);
    for (let k = 1; k < seen.length; k++)
      expect(seen[k].fraction).toBeGreaterThanOrEqual(seen[k - 1].fraction);
    expect(seen.at(-1)!.fraction).toBe(1);
  });

  it('gives the bootstrap its share of the progress, one policy at a time, and hears a cancel there', async () => {
    const seen: BacktestProgress[] = [];
    const request = { entries: 'random:3:0.01', policies: 'aioo-2r,ladder', bootstrap: 11_000 };
    runLab(bars, request, { onProgress: (p) => seen.push(p) });
    for (let k = 1; k < seen.length; k++)
      expect(seen[k].fraction).toBeGreaterThanOrEqual(seen[k - 1].fraction);
    // 11,000 samples cost about as much as the policies' pass (lab.ts): half the bar each.
    const boot = seen.filter((p) => p.policy.endsWith(' bootstrap'));
    expect(boot.map((p) => [p.policy, p.fraction])).toEqual([
      ['aioo-2r bootstrap', 0.75],
      ['ladder bootstrap', 1],
    ]);
    expect(Math.max(...seen.slice(0, seen.indexOf(boot[0])).map((p) => p.fraction))).toBe(0.5);

    // A cancel raised once the first policy's bootstrap is done ends the run before the next.
    const flag = { aborted: false };
    const run = runLabAsync(bars, request, {
      signal: flag,
      onProgress: (p) => {
        if (p.policy === 'aioo-2r bootstrap') flag.aborted = true;
      },
      pause: () => new Promise((r) => setTimeout(r, 0)),
    });
    await expect(run).rejects.toBeInstanceOf(BacktestCancelled);
  });

  it('stops when the cancel flag rises, also while awaiting between slices', async () => {
    const flag = { aborted: false };
    let calls = 0;
    const run = runLabAsync(
      bars,
      { entries: 'random:3:0.01' },
      {
        signal: flag,
        onProgress: () => {
          if (++calls === 2) flag.aborted = true;
        },
        pause: () => new Promise((r) => setTimeout(r, 0)),
      },
    );
    await expect(run).rejects.toBeInstanceOf(BacktestCancelled);
  });

  it('adverse gaps make stop-based exits worse and repeat with the seed', () => {
    const eurusd = loadBars(EURUSD);
    const entries = ruleEntries(eurusd, { kind: 'random', seed: 9, rate: 0.02, sides: 'both' });
    const options = labOptions({ entries: '', policies: 'aioo-2r,ladder', costs: '' });
    const calm = runBacktest(eurusd, entries, options);
    const stress = parseStress('gap1,p0.05,seed3');
    const stressed = runBacktest(eurusd, entries, { ...options, stress });
    const again = runBacktest(eurusd, entries, { ...options, stress });
    for (let k = 0; k < calm.policies.length; k++) {
      // A gap against the position can only move fills against it or stop it out earlier.
      expect(stressed.policies[k].stats.avgR).toBeLessThan(calm.policies[k].stats.avgR);
      expect(stressed.policies[k].stats.avgMaeR).toBeGreaterThan(calm.policies[k].stats.avgMaeR);
      expect(again.policies[k].stats).toEqual(stressed.policies[k].stats);
    }
  });

  it('splits trades into in-sample and out-of-sample by entry time', () => {
    const report = runLab(loadBars(EURUSD), { entries: 'donchian:20', split: 0.6, bootstrap: 200 });
    const wf = report.walkForward!;
    // 5,000 bars * 0.6 = 3,000.
    expect(wf.splitIndex).toBe(3000);
    report.result.policies.forEach((p, k) => {
      const seg = wf.policies[k];
      expect(seg.inSample.trades + seg.outOfSample.trades).toBe(p.stats.trades);
      expect(seg.inSample.trades).toBe(p.trades.filter((t) => t.entryIndex < 3000).length);
      const b = report.bootstrap[k]!;
      expect(b.expectancyR.low).toBeLessThanOrEqual(p.stats.expectancyR);
      expect(b.expectancyR.high).toBeGreaterThanOrEqual(p.stats.expectancyR);
    });
    expect(wf.outOfSampleRank).toBeGreaterThanOrEqual(1);
    expect(wf.outOfSampleRank).toBeLessThanOrEqual(wf.policies.length);
  });

  it('bad requests fail with the field named', () => {
    const e = (() => {
      try {
        runLab(bars, { entries: 'donchian:20', policies: 'ladder,nope' });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(BacktestError);
    expect((e as BacktestError).field).toBe('policies');
    expect(() => runLab(bars, { entries: 'donchian:20', custom: ['x:ladder=1R:50'] })).toThrowError(
      /needs a stop/,
    );
    expect(() => runLab(bars, { entries: 'donchian:20', custom: ['x:stop=95'] })).toThrowError(/fixed price/);
    expect(() =>
      runLab(bars, { entries: 'donchian:20', custom: ['x:stop=atr14x2;ladder=1R:80,2R:30'] }),
    ).toThrowError(/policy "x": ladder: shares add up to 110%/);
  });

  it('stops trading once risk sizing has no equity left', () => {
    // A 60,000 fee per fill on 100,000: the first trade pays it twice (entry and exit) and
    // leaves the account below zero, so no later entry can be sized.
    const report = runLab(loadBars(EURUSD), {
      entries: 'donchian:20',
      policies: 'aioo-2r',
      costs: 'fill60000',
      bootstrap: 0,
      split: 0,
    });
    const p = report.result.policies[0];
    expect(p.trades).toHaveLength(1);
    expect(p.trades[0].fees).toBe(120_000);
    expect(p.unplacedReasons[0].reason).toMatch(/equity is exhausted/);
    expect(p.stats.endEquity).toBeLessThan(0);
  });
});
