// Two rules of the lab a reader would not guess (issue 14 "The lab's numbers"): a signal on the
// last bar opens no trade, and whether a policy re-enters on the bar its position closed on.
import { describe, expect, it } from 'vitest';
import { runLab } from '../../../engine/backtest/index.js';
import { loadBars, SPY } from './load-bars.js';

const lab = (extra: object) =>
  runLab(loadBars(SPY), { entries: 'donchian:20', policies: 'aioo-2r', split: 0, bootstrap: 0, ...extra })
    .result.policies[0];

describe('entries at the edges of a position', () => {
  it('opens no trade on a signal on the very last bar', () => {
    const bars = loadBars(SPY);
    const last = bars[bars.length - 1];
    // A journal entry at the last bar's time (2020-08-28, the file's last row), and one earlier.
    const list = `time,side\n2020-01-02,long\n${new Date(last.time * 1000).toISOString()},short\n`;
    const p = runLab(bars, { entries: list, policies: 'aioo-2r', split: 0, bootstrap: 0 }).result.policies[0];
    // Before: a zero-bar trade entered and closed at the same close (a small loss with costs).
    expect(p.trades.every((t) => t.entryIndex < bars.length - 1)).toBe(true);
    expect(p.unplacedReasons).toContainEqual({
      reason: 'entry: signalled on the last bar, with no bar after it to trade',
      count: 1,
    });
  });

  it('re-enters on the closing bar only with reentry same-bar', () => {
    const next = lab({});
    expect(lab({ reentry: 'next-bar' }).trades.length).toBe(next.trades.length);
    const same = lab({ reentry: 'same-bar' });
    const reentered = (trades: { entryIndex: number; exitIndex: number }[]) =>
      trades.filter((t, k) => k > 0 && t.entryIndex === trades[k - 1].exitIndex).length;
    expect(reentered(next.trades)).toBe(0);
    expect(reentered(same.trades)).toBeGreaterThan(0);
    // The issue counted 177 trades against 209 with re-entry on SPY aioo-2r (other costs):
    // re-entry takes entries the default skips.
    expect(same.trades.length).toBeGreaterThan(next.trades.length);
    expect(same.skippedEntries).toBeLessThan(next.skippedEntries);
    expect(() => lab({ reentry: 'sometimes' })).toThrow(/reentry: "sometimes" must be next-bar or same-bar/);
  });
});
