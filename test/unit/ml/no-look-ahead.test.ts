// A decision at bar t uses only bars 0..t: cutting the series at bar k, or shuffling the bars
// after k, leaves every out-of-sample prediction before k and every label decided before k
// exactly as it was (bit for bit).
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../engine/backtest/prng.js';
import type { Bar } from '../../../engine/types.js';
import { settingsWith, walkForwardReversal, type ReversalRun } from '../../../engine/ml/walk-forward.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

// Small models and a short schedule so several retrains fall inside 3,600 bars.
const settings = settingsWith({ minTrain: 400, retrainEvery: 600, gbdt: { iterations: 15 } });
const bars = loadBars(BTC5M).slice(0, 3600);
const full = walkForwardReversal(bars, settings, { baselines: false });

function samePast(run: ReversalRun, k: number): void {
  for (let i = 0; i < k; i++) {
    if (!Object.is(run.p[i], full.p[i]))
      throw new Error(`p differs at bar ${i} (cut at ${k}): ${run.p[i]} vs ${full.p[i]}`);
    // A label decided before k (in the cut series every decided label is) is the full series' label.
    if (run.labels.end[i] >= 0 && run.labels.end[i] < k) {
      expect(run.labels.end[i]).toBe(full.labels.end[i]);
      expect(run.labels.label[i]).toBe(full.labels.label[i]);
    }
    // And every label the full series decided before the cut is decided in the cut one.
    if (full.labels.end[i] >= 0 && full.labels.end[i] < k) expect(run.labels.end[i]).toBe(full.labels.end[i]);
  }
}

describe('reversal model: no look-ahead', () => {
  it('scores bars out of sample after the first retrain', () => {
    expect(full.blocks.length).toBeGreaterThanOrEqual(3);
    expect(full.p.filter(Number.isFinite).length).toBeGreaterThan(1000);
  });

  it('cutting the series at retrain points, next to them and at seeded bars changes nothing before the cut', () => {
    const random = seededRandom(17);
    const cuts = new Set<number>();
    for (const b of full.blocks) for (const d of [-1, 0, 1, 21]) cuts.add(b.trainedAt + d);
    for (let j = 0; j < 4; j++)
      cuts.add(full.firstScored + Math.floor(random() * (bars.length - full.firstScored)));
    for (const k of cuts)
      if (k > full.firstScored && k < bars.length)
        samePast(walkForwardReversal(bars.slice(0, k), settings, { baselines: false }), k);
  });

  it('shuffling the bars after k changes nothing before k', () => {
    const k = full.blocks[1].trainedAt + 137;
    const random = seededRandom(5);
    const future = bars.slice(k).map((b) => ({ ...b }));
    for (let i = future.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [future[i], future[j]] = [future[j], future[i]];
    }
    // Times stay in order: only the prices and volumes of the future are shuffled.
    const shuffled: Bar[] = [
      ...bars.slice(0, k),
      ...future.map((b, i) => ({ ...b, time: bars[k + i].time })),
    ];
    const run = walkForwardReversal(shuffled, settings, { baselines: false });
    samePast(run, k);
    // The shuffle did change the future, so the comparison above could have failed.
    let differs = 0;
    for (let i = k; i < bars.length; i++) if (!Object.is(run.p[i], full.p[i])) differs++;
    expect(differs).toBeGreaterThan(100);
  });
});
