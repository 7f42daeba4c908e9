// Batch functions write into caller-owned buffers when given (charts that recompute on every
// tick reuse them): same numbers as fresh outputs, every stale element overwritten, and a
// buffer of the wrong length refused by name.
import { describe, expect, it } from 'vitest';
import {
  atrBatch,
  bbandsBatch,
  emaBatch,
  highestBatch,
  IndicatorError,
  lowestBatch,
  rsiBatch,
  smaBatch,
  stddevBatch,
  trueRangeBatch,
} from '../../../engine/indicators/index.js';
import { readColumns } from '../../bench/series.js';

const c = readColumns('eurusd_1h_2017-2018.csv');
const n = c.close.length;
/** A buffer full of garbage, to prove every element is written. */
const stale = (): Float64Array => new Float64Array(n).fill(-123.5);

describe('batch outputs into reused buffers', () => {
  it('single-column functions: identical to fresh outputs, NaN warm-up included', () => {
    const cases: [string, (out?: Float64Array) => Float64Array][] = [
      ['trueRangeBatch', (o) => trueRangeBatch(c.high, c.low, c.close, o)],
      ['atrBatch', (o) => atrBatch(c.high, c.low, c.close, 14, o)],
      ['rsiBatch', (o) => rsiBatch(c.close, 14, o)],
      ['smaBatch', (o) => smaBatch(c.close, 20, o)],
      ['emaBatch', (o) => emaBatch(c.close, 20, o)],
      ['stddevBatch', (o) => stddevBatch(c.close, 20, o)],
      ['highestBatch', (o) => highestBatch(c.high, 22, o)],
      ['lowestBatch', (o) => lowestBatch(c.low, 22, o)],
    ];
    for (const [name, run] of cases) {
      const buffer = stale();
      const got = run(buffer);
      expect(got, name).toBe(buffer);
      expect(got, name).toEqual(run());
    }
  });

  it('bbandsBatch fills the three band buffers; %B and bandwidth still derive from them', () => {
    const target = { upper: stale(), middle: stale(), lower: stale() };
    const got = bbandsBatch(c.close, 20, 2, target);
    const fresh = bbandsBatch(c.close, 20, 2);
    expect(got.upper).toBe(target.upper);
    expect(got.middle).toEqual(fresh.middle);
    expect(got.upper).toEqual(fresh.upper);
    expect(got.lower).toEqual(fresh.lower);
    expect(got.percentB).toEqual(fresh.percentB);
    expect(got.bandwidth).toEqual(fresh.bandwidth);
  });

  it('a buffer of the wrong length is refused with the field named', () => {
    try {
      rsiBatch(c.close, 14, new Float64Array(n - 1));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IndicatorError);
      expect((e as IndicatorError).field).toBe('out');
      expect((e as IndicatorError).message).toContain(`out has length ${n - 1}, the input ${n}`);
    }
  });
});
