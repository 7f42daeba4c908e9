// The lab's trade replay draws levels the lab does not record (targets, the stop as it moved):
// widget/lab/replay-levels.ts plays each booked trade again through the engine's ExitTracker.
// Held here to the booked trades themselves: for every trade of every default policy, on two
// real series with costs and slippage, the re-run fills the same legs on the same bars, places
// one target per ladder leg, and its stop path runs from the entry bar to the exit bar.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, parseLadder, runLab } from '../../../engine/index.js';
import { replayLevels } from '../../../widget/lab/replay-levels.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const read = (f: string) => parseBarsCsv(fs.readFileSync(path.join(DATA, f), 'utf8'));

describe('trade replay levels', () => {
  for (const [file, entries] of [
    ['eurusd_1h_2017-2018.csv', 'donchian:20'],
    ['spy_daily_1999-2020.csv', 'sma:10:50'],
  ] as const) {
    it(`match every booked trade of every default policy (${file}, ${entries})`, () => {
      const bars = read(file);
      const report = runLab(bars, {
        entries,
        costs: 'bps1,fill1,slipbps2,slipatr0.05',
        sizing: 'risk1%',
        split: 0,
        bootstrap: 0,
      });
      let checked = 0;
      for (const p of report.result.policies) {
        const legs = p.policy.ladder ? parseLadder(p.policy.ladder).length : 0;
        for (const t of p.trades) {
          const levels = replayLevels(bars, p.policy, t, report.options.costs);
          expect(levels, `${p.policy.id} trade at ${t.entryTime}`).not.toBeNull();
          expect(levels!.agrees, `${p.policy.id} trade at ${t.entryTime}`).toBe(true);
          expect(levels!.targets).toHaveLength(legs);
          expect(levels!.stopPath[0].time).toBe(t.entryTime);
          expect(levels!.stopPath[levels!.stopPath.length - 1].time).toBe(t.exitTime);
          // A stop-out fills at or beyond the stop in force on its bar (slippage only worsens it).
          for (const f of t.fills.filter((x) => x.leg === 'stop')) {
            const inForce = levels!.stopPath.filter((s) => s.time <= f.time).at(-1)?.price ?? t.initialStop;
            const dir = t.side === 'long' ? 1 : -1;
            expect(dir * (f.marketPrice - inForce)).toBeLessThanOrEqual(1e-9 * Math.abs(inForce));
          }
          checked++;
        }
      }
      // Donchian 20 on EURUSD 1h gives hundreds of trades per policy (docs/backtest-results.md).
      expect(checked).toBeGreaterThan(300);
    });
  }

  it('says when the levels do not match the booked fills (a fill the re-run cannot find)', () => {
    const bars = read('eurusd_1h_2017-2018.csv');
    const report = runLab(bars, { entries: 'donchian:20', split: 0, bootstrap: 0 });
    const p = report.result.policies.find((x) => x.policy.id === 'ladder')!;
    const t = p.trades.find((x) => x.fills.length >= 2)!;
    const moved = { ...t, fills: t.fills.map((f, i) => (i === 0 ? { ...f, time: f.time + 3600 } : f)) };
    expect(replayLevels(bars, p.policy, moved, report.options.costs)!.agrees).toBe(false);
  });
});
