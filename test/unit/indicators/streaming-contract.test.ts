// One contract, run against every streaming indicator on real data (EURUSD 1h and CME Euro FX
// 1m, the latter full of flat minutes and equal highs/lows that stress ties and zero widths):
// - streaming add == the batch function, bit for bit, at every bar (`add` returns `value`);
// - `value` is null exactly before the documented first index (TA-Lib's conventions);
// - replace(last) with the same input changes nothing;
// - replace with another input and back restores the state exactly;
// - add(wrong) then replace(right) == having added only the right one;
// - count counts adds, not replaces; replace on a fresh indicator acts as add;
// - reset() returns to a fresh state that reproduces the same numbers;
// - the `...OrNaN` getters (what the exit context reads per bar) equal their nullable twins with
//   NaN for null, at every step of all of the above.
import { describe, expect, it } from 'vitest';
import {
  ATR,
  atrBatch,
  BollingerBands,
  bbandsBatch,
  EMA,
  emaBatch,
  HighestHigh,
  highestBatch,
  LowestLow,
  lowestBatch,
  RSI,
  rsiBatch,
  SMA,
  smaBatch,
  StdDev,
  stddevBatch,
  SwingPivots,
  TrueRange,
  trueRangeBatch,
} from '../../../engine/indicators/index.js';
import type { Bar, StreamingIndicator } from '../../../engine/types.js';
import { type Columns, columnsToBars, readColumns } from '../../bench/series.js';
import { naivePivotValueSeries } from './naive.js';

interface Output<T> {
  label: string;
  read: (ind: T) => number | null;
  expected: Float64Array;
}

interface Case<In, T extends StreamingIndicator<In>> {
  name: string;
  make: () => T;
  input: (bar: Bar) => In;
  perturb: (x: In) => In;
  /** Documented index of the first non-null value. */
  firstIndex: number;
  /** Expected `value` per bar (NaN = null), then any extra getters. */
  outputs: (c: Columns) => Output<T>[];
}

const files = ['eurusd_1h_2017-2018.csv', '6eh4_cme_eurofx_fut_1m_2024-01.csv'];
const bump = (x: number): number => x * 1.013 + 0.7;
const bumpBar = (b: Bar): Bar => ({ ...b, high: bump(b.high), low: b.low * 0.99, close: bump(b.close) });

const same = (a: number | null, b: number): boolean => Object.is(a ?? NaN, b);

function firstMismatch<T>(ind: T, outputs: Output<T>[], i: number): string | null {
  for (const o of outputs) {
    const got = o.read(ind);
    if (!same(got, o.expected[i])) return `${o.label} at ${i}: got ${String(got)}, want ${o.expected[i]}`;
  }
  return null;
}

function contract<In, T extends StreamingIndicator<In>>(spec: Case<In, T>): void {
  describe.each(files)(`${spec.name} streaming contract on %s`, (file) => {
    const c = readColumns(file);
    const inputs = columnsToBars(c).map(spec.input);
    const outputs = spec.outputs(c);
    const value: Output<T> = outputs[0];

    it('add == batch bit for bit, add returns value, nulls exactly before the first index', () => {
      const ind = spec.make();
      let bad: string | null = null;
      for (let i = 0; i < inputs.length && !bad; i++) {
        const ret = ind.add(inputs[i]);
        if (ret !== ind.value) bad = `add returned ${ret} but value is ${ind.value} at ${i}`;
        else if (ind.count !== i + 1) bad = `count ${ind.count} after ${i + 1} adds`;
        else if ((ind.value === null) !== i < spec.firstIndex) bad = `null-ness wrong at ${i}: ${ind.value}`;
        else bad = firstMismatch(ind, outputs, i);
      }
      expect(bad).toBeNull();
    });

    it('replace(same) is a no-op; replace(other) then replace(back) restores', () => {
      const ind = spec.make();
      let bad: string | null = null;
      for (let i = 0; i < inputs.length && !bad; i++) {
        ind.add(inputs[i]);
        ind.replace(inputs[i]);
        bad = firstMismatch(ind, outputs, i);
        if (bad) break;
        ind.replace(spec.perturb(inputs[i]));
        ind.replace(inputs[i]);
        if (ind.count !== i + 1) bad = `count ${ind.count} after ${i + 1} adds and replaces`;
        else bad = firstMismatch(ind, outputs, i);
      }
      expect(bad).toBeNull();
    });

    it('add(wrong) then replace(right) == adding only the right input', () => {
      const ind = spec.make();
      let bad: string | null = null;
      for (let i = 0; i < inputs.length && !bad; i++) {
        ind.add(spec.perturb(inputs[i]));
        ind.replace(inputs[i]);
        bad = firstMismatch(ind, outputs, i);
      }
      expect(bad).toBeNull();
    });

    it('replace on a fresh indicator acts as add; reset() starts over identically', () => {
      const ind = spec.make();
      const nothingYet = (): void => {
        for (const o of outputs) expect(o.read(ind) ?? NaN, o.label).toBeNaN();
      };
      nothingYet();
      ind.replace(inputs[0]);
      expect(ind.count).toBe(1);
      for (let i = 1; i < 300; i++) ind.add(inputs[i]);
      ind.reset();
      expect(ind.count).toBe(0);
      expect(ind.value).toBeNull();
      nothingYet();
      let bad: string | null = null;
      for (let i = 0; i < 1000 && !bad; i++) {
        ind.add(inputs[i]);
        bad = firstMismatch(ind, outputs, i);
      }
      expect(bad).toBeNull();
      expect(same(ind.value, value.expected[999])).toBe(true);
    });
  });
}

const close = (b: Bar): number => b.close;
const val = <T extends StreamingIndicator<unknown>>(expected: Float64Array): Output<T> => ({
  label: 'value',
  read: (ind) => ind.value,
  expected,
});
/** `valueOrNaN` against the same expected column as `value` (NaN where value is null). */
const valOrNaN = <T extends { valueOrNaN: number }>(expected: Float64Array): Output<T> => ({
  label: 'valueOrNaN',
  read: (ind) => ind.valueOrNaN,
  expected,
});

contract({
  name: 'TrueRange',
  make: () => new TrueRange(),
  input: (b) => b,
  perturb: bumpBar,
  firstIndex: 1,
  outputs: (c) => [val(trueRangeBatch(c.high, c.low, c.close))],
});
contract({
  name: 'ATR(14)',
  make: () => new ATR(14),
  input: (b) => b,
  perturb: bumpBar,
  firstIndex: 14,
  outputs: (c) => [
    val(atrBatch(c.high, c.low, c.close, 14)),
    valOrNaN(atrBatch(c.high, c.low, c.close, 14)),
    { label: 'trueRange', read: (a: ATR) => a.trueRange, expected: trueRangeBatch(c.high, c.low, c.close) },
  ],
});
contract({
  name: 'RSI(14)',
  make: () => new RSI(14),
  input: close,
  perturb: bump,
  firstIndex: 14,
  outputs: (c) => [val(rsiBatch(c.close, 14)), valOrNaN(rsiBatch(c.close, 14))],
});
contract({
  name: 'SMA(20)',
  make: () => new SMA(20),
  input: close,
  perturb: bump,
  firstIndex: 19,
  outputs: (c) => [val(smaBatch(c.close, 20))],
});
contract({
  name: 'EMA(20)',
  make: () => new EMA(20),
  input: close,
  perturb: bump,
  firstIndex: 19,
  outputs: (c) => [val(emaBatch(c.close, 20))],
});
contract({
  name: 'StdDev(20)',
  make: () => new StdDev(20),
  input: close,
  perturb: bump,
  firstIndex: 19,
  outputs: (c) => [
    val(stddevBatch(c.close, 20)),
    valOrNaN(stddevBatch(c.close, 20)),
    { label: 'mean', read: (s: StdDev) => s.mean, expected: bbandsBatch(c.close, 20, 2).middle },
    { label: 'meanOrNaN', read: (s: StdDev) => s.meanOrNaN, expected: bbandsBatch(c.close, 20, 2).middle },
  ],
});
contract({
  name: 'BollingerBands(20, 2)',
  make: () => new BollingerBands(20, 2),
  input: close,
  perturb: bump,
  firstIndex: 19,
  outputs: (c) => {
    const bb = bbandsBatch(c.close, 20, 2);
    return [
      val(bb.middle),
      { label: 'upper', read: (b: BollingerBands) => b.upper, expected: bb.upper },
      { label: 'lower', read: (b: BollingerBands) => b.lower, expected: bb.lower },
      { label: 'percentB', read: (b: BollingerBands) => b.percentB, expected: bb.percentB },
      { label: 'bandwidth', read: (b: BollingerBands) => b.bandwidth, expected: bb.bandwidth },
      { label: 'upperOrNaN', read: (b: BollingerBands) => b.upperOrNaN, expected: bb.upper },
      { label: 'lowerOrNaN', read: (b: BollingerBands) => b.lowerOrNaN, expected: bb.lower },
      { label: 'bandwidthOrNaN', read: (b: BollingerBands) => b.bandwidthOrNaN, expected: bb.bandwidth },
      { label: 'sigma', read: (b: BollingerBands) => b.sigma, expected: stddevBatch(c.close, 20) },
    ];
  },
});
contract({
  name: 'HighestHigh(22)',
  make: () => new HighestHigh(22),
  input: (b) => b.high,
  perturb: bump,
  firstIndex: 21,
  outputs: (c) => [val(highestBatch(c.high, 22)), valOrNaN(highestBatch(c.high, 22))],
});
contract({
  name: 'LowestLow(22)',
  make: () => new LowestLow(22),
  input: (b) => b.low,
  perturb: (x) => x * 0.98,
  firstIndex: 21,
  outputs: (c) => [val(lowestBatch(c.low, 22)), valOrNaN(lowestBatch(c.low, 22))],
});

describe.each(files)('push (add without a result) on %s', (file) => {
  const bars = columnsToBars(readColumns(file));
  /** One indicator fed by add, its twin by push: value and count agree at every bar. */
  const agree = (
    byAdd: StreamingIndicator<unknown>,
    add: (b: Bar) => unknown,
    byPush: StreamingIndicator<unknown>,
    push: (b: Bar) => void,
  ): string | null => {
    for (let i = 0; i < bars.length; i++) {
      add(bars[i]);
      push(bars[i]);
      if (!same(byPush.value, byAdd.value ?? NaN) || byPush.count !== byAdd.count) return `at ${i}`;
    }
    return null;
  };
  it('ATR, RSI and Bollinger bands fed by push read as fed by add, at every bar', () => {
    const [a1, a2] = [new ATR(14), new ATR(14)];
    expect(
      agree(
        a1,
        (b) => a1.add(b),
        a2,
        (b) => a2.push(b),
      ),
    ).toBeNull();
    const [r1, r2] = [new RSI(14), new RSI(14)];
    expect(
      agree(
        r1,
        (b) => r1.add(b.close),
        r2,
        (b) => r2.push(b.close),
      ),
    ).toBeNull();
    const [b1, b2] = [new BollingerBands(20, 2), new BollingerBands(20, 2)];
    expect(
      agree(
        b1,
        (b) => b1.add(b.close),
        b2,
        (b) => b2.push(b.close),
      ),
    ).toBeNull();
  });
});

describe.each(files)('SwingPivots(3, 2) streaming contract on %s', (file) => {
  // No batch twin: the reference is the naive definition (test/unit/indicators/naive.ts).
  const c = readColumns(file);
  const bars = columnsToBars(c);
  const expected = naivePivotValueSeries(Array.from(c.high), Array.from(c.low), 3, 2);
  const firstIndex = expected.findIndex((v) => !Number.isNaN(v));
  const check = (mode: 'add' | 'same' | 'wrong'): string | null => {
    const sp = new SwingPivots(3, 2);
    for (let i = 0; i < bars.length; i++) {
      if (mode === 'wrong') {
        sp.add(bumpBar(bars[i]));
        sp.replace(bars[i]);
      } else {
        sp.add(bars[i]);
        if (mode === 'same') {
          sp.replace(bars[i]);
          sp.replace(bumpBar(bars[i]));
          sp.replace(bars[i]);
        }
      }
      if (sp.count !== i + 1) return `count ${sp.count} at ${i}`;
      if (!same(sp.value, expected[i])) return `value at ${i}: ${sp.value} vs ${expected[i]}`;
      if ((sp.value === null) !== i < firstIndex) return `null-ness at ${i}`;
    }
    return null;
  };

  it('add matches the definition; the first pivot is confirmed `right` bars after it', () => {
    expect(firstIndex).toBeGreaterThanOrEqual(3 + 2);
    expect(check('add')).toBeNull();
  });
  it('replace(same) is a no-op and replace(other) then back restores', () => {
    expect(check('same')).toBeNull();
  });
  it('add(wrong) then replace(right) == adding only the right bar', () => {
    expect(check('wrong')).toBeNull();
  });
  it('reset() starts over', () => {
    const sp = new SwingPivots(3, 2);
    for (let i = 0; i < 500; i++) sp.add(bars[i]);
    sp.reset();
    expect(sp.count).toBe(0);
    expect(sp.value).toBeNull();
    expect(sp.lastHigh).toBeNull();
    expect(sp.upSwing).toBeNull();
    for (let i = 0; i < 500; i++) sp.add(bars[i]);
    expect(same(sp.value, expected[499])).toBe(true);
  });
});
