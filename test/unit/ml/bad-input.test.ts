// Bad input to the reversal model gets a clear error naming what is wrong and what to do;
// nothing is silently zeroed.
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../engine/types.js';
import { MlError } from '../../../engine/ml/errors.js';
import { checkTrainingMatrix, matrix } from '../../../engine/ml/matrix.js';
import {
  buildModelFile,
  loadModelFile,
  MODEL_VERSION,
  scoreWithModel,
} from '../../../engine/ml/model-file.js';
import { validationReport } from '../../../engine/ml/report.js';
import { barsNeeded, settingsWith, walkForwardReversal } from '../../../engine/ml/walk-forward.js';
import { BTC5M, loadBars, SPY } from '../backtest/load-bars.js';

const small = settingsWith({ minTrain: 400, retrainEvery: 1000, gbdt: { iterations: 10 } });

describe('reversal model: bad input', () => {
  it('too few bars: says how many are needed and why', () => {
    const bars = loadBars(SPY).slice(0, 600);
    // 263 warm-up + 400 to train + 20 horizon + 20 embargo + 1 to score = 704 (walk-forward.ts barsNeeded).
    expect(barsNeeded(small, 263)).toBe(704);
    expect(() => walkForwardReversal(bars, small)).toThrow(
      /needs at least 704 bars with these settings \(263 to warm up the features, 400 labelled bars to train on, 20 for the last label to resolve, an embargo of 20, and one bar to score\); the file has 600/,
    );
    // With just enough bars it trains and scores.
    const run = walkForwardReversal(loadBars(SPY).slice(0, 704), small);
    expect(run.p.filter(Number.isFinite).length).toBe(1);
  });

  it('a constant feature is named with the rows it is constant on', () => {
    const x = matrix(['a', 'b'], 3, Float64Array.from([1, 5, 2, 5, 3, 5]));
    expect(() => checkTrainingMatrix(x, [0, 1, 0], (r) => `bar ${r + 1}`)).toThrow(
      /features: b is 5 on every one of the 3 training rows \(bar 1 to bar 3\)/,
    );
    // On real bars: a volume column that never changes makes the volume features constant.
    const bars: Bar[] = loadBars(SPY)
      .slice(0, 1200)
      .map((b) => ({ ...b, volume: 1000 }));
    expect(() => walkForwardReversal(bars, small)).toThrow(
      /volume_z20 is 0 on every one of the \d+ training rows.*volume column/,
    );
  });

  it('NaN or infinity in a feature is refused with the feature and the row', () => {
    const x = matrix(['a', 'b'], 2, Float64Array.from([1, 2, NaN, 3]));
    expect(() => checkTrainingMatrix(x, [0, 1], (r) => `bar ${r + 1}`)).toThrow(
      /features: a is NaN at bar 2; every feature must be a finite number/,
    );
    // A bar without a volume in a file whose first bars have one.
    const bars: Bar[] = loadBars(BTC5M)
      .slice(0, 3000)
      .map((b) => ({ ...b }));
    delete bars[2500].volume;
    expect(() => walkForwardReversal(bars, small)).toThrow(
      /volume: bar 2501 has no volume while the first bars do/,
    );
  });

  it('a version 1 file (bar features only, written before the trade state) still loads and scores', () => {
    const bars = loadBars(SPY).slice(0, 1500);
    const run = walkForwardReversal(bars, { ...small, tradeState: false });
    const file = buildModelFile(
      bars,
      run,
      validationReport(
        run,
        bars.map((b) => b.time),
      ),
    );
    // What version 1 wrote: no tradeState setting, the bar features alone.
    const { tradeState: _t, ...settings } = file.settings;
    const v1 = { ...file, version: 1, settings };
    expect(v1.features).not.toContain('trade_r');
    const loaded = loadModelFile(JSON.stringify(v1));
    expect(loaded.file.settings.tradeState).toBe(false);
    const p = scoreWithModel(bars, loaded);
    const same = scoreWithModel(bars, loadModelFile(JSON.stringify(file)));
    expect(Array.from(p)).toEqual(Array.from(same));
    expect(p.filter(Number.isFinite).length).toBeGreaterThan(1000);
  });

  it('a model file of another version, format or feature set is refused clearly', () => {
    const bars = loadBars(SPY).slice(0, 1500);
    const run = walkForwardReversal(bars, small);
    const file = buildModelFile(
      bars,
      run,
      validationReport(
        run,
        bars.map((b) => b.time),
      ),
    );
    const text = JSON.stringify(file);
    const loaded = loadModelFile(text);
    // The saved model scores the bars it came from like the final model it holds.
    expect(scoreWithModel(bars, loaded).filter(Number.isFinite).length).toBeGreaterThan(1000);
    expect(() => loadModelFile(JSON.stringify({ ...file, version: MODEL_VERSION + 1 }))).toThrow(
      /version 3 and this exitplan reads versions 1 and 2; retrain it/,
    );
    // A version 1 file (no trade-state features) that claims them is damaged.
    expect(file.features.slice(-2)).toEqual(['trade_leg_r', 'trade_mfe_r']);
    expect(() => loadModelFile(JSON.stringify({ ...file, version: 1 }))).toThrow(
      /a version 1 file cannot read trade-state features/,
    );
    expect(() => loadModelFile('{"format":"something-else"}')).toThrow(/not a reversal model file/);
    expect(() => loadModelFile('{oops')).toThrow(/model: the file is not JSON/);
    const broken = JSON.parse(text) as typeof file;
    broken.model.trees[3].left[0] = 999;
    expect(() => loadModelFile(JSON.stringify(broken))).toThrow(/tree 4 node 0 points outside the tree/);
    // Bars without volume give another feature set: the model says which features differ.
    const noVolume = bars.map(({ volume: _v, ...rest }) => rest);
    expect(() => scoreWithModel(noVolume, loaded)).toThrow(
      /missing: volume_z20, volume_surge20, volume_delta20\); retrain it on bars of this kind/,
    );
    try {
      loadModelFile('[]');
    } catch (e) {
      expect(e).toBeInstanceOf(MlError);
    }
  });
});
