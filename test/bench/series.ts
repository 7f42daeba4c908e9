// Shared by every benchmark (and the indicator tests): real OHLCV from ../shared/data as
// Float64Array columns, the 1,000,000-bar chained series, and median timers (CPU time).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bar } from '../../engine/types.js';

export interface Columns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** ../shared/data relative to the project root (where npm and vitest run). */
export const DATA_DIR = path.resolve(process.cwd(), '../shared/data');

/** Every real series in ../shared/data (the reference sheets live in a subfolder). */
export function dataFiles(): string[] {
  return fs
    .readdirSync(DATA_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort();
}

/**
 * Reads one normalised file (`time,open,high,low,close,volume`, see the data README). A test
 * helper, not the product's CSV parser: the format here is fixed, so any surprise is fatal.
 */
export function readColumns(file: string): Columns {
  const text = fs.readFileSync(path.join(DATA_DIR, file), 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== 'time,open,high,low,close,volume')
    throw new Error(`${file}: unexpected header ${lines[0]}`);
  const n = lines.length - 1;
  const cols: Columns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const order = [cols.time, cols.open, cols.high, cols.low, cols.close, cols.volume];
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    for (let c = 0; c < 6; c++) {
      const v = Number(cells[c]);
      if (!Number.isFinite(v)) throw new Error(`${file}: row ${i + 2} column ${c + 1} is not a number`);
      order[c][i] = v;
    }
  }
  return cols;
}

export const MILLION = 1_000_000;
export const BTC_5M = 'btcusdt_binance_5m_2020-12_2021-07.csv';

let million: Columns | null = null;

/**
 * 1,000,000 bars from chained copies of the BTC 5m series. Each copy is rescaled so its first
 * open equals the previous copy's last close (prices stay positive and continuous) and shifted
 * in time to start one bar step after the previous copy's end. Cached per process.
 */
export function loadMillionBarSeries(): Columns {
  if (million) return million;
  const src = readColumns(BTC_5M);
  const len = src.close.length;
  const step = src.time[1] - src.time[0];
  const out: Columns = {
    time: new Float64Array(MILLION),
    open: new Float64Array(MILLION),
    high: new Float64Array(MILLION),
    low: new Float64Array(MILLION),
    close: new Float64Array(MILLION),
    volume: new Float64Array(MILLION),
  };
  let scale = 1;
  let timeShift = 0;
  for (let i = 0; i < MILLION; i++) {
    const j = i % len;
    if (j === 0 && i > 0) {
      scale = out.close[i - 1] / src.open[0];
      timeShift = out.time[i - 1] + step - src.time[0];
    }
    out.time[i] = src.time[j] + timeShift;
    out.open[i] = src.open[j] * scale;
    out.high[i] = src.high[j] * scale;
    out.low[i] = src.low[j] * scale;
    out.close[i] = src.close[j] * scale;
    out.volume[i] = src.volume[j];
  }
  million = out;
  return out;
}

/** Column data as bar objects (what streaming consumers are fed). */
export function columnsToBars(c: Columns): Bar[] {
  const bars: Bar[] = new Array<Bar>(c.close.length);
  for (let i = 0; i < bars.length; i++) {
    bars[i] = {
      time: c.time[i],
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close: c.close[i],
      volume: c.volume[i],
    };
  }
  return bars;
}

/** Plain Array copy: the talib binding silently misreads typed arrays. */
export function toArray(x: Float64Array): number[] {
  return Array.from(x);
}

/**
 * Full collection when the process runs with --expose-gc (scripts/bench.mjs passes it), then a
 * short pause. V8 finishes sweeping (and promotes, and compacts) on helper threads after a
 * collection; their CPU time would land in the next timed run, which is why we collect twice
 * and let the helpers drain for 50 ms before any measurement starts.
 */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  gc();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/**
 * What every bench measures: the CPU time (user + system, all threads of this process, so GC
 * helpers and page faults count) that fn costs, in ms. Not wall time: on a shared, oversubscribed
 * VM wall time swings 3-5x from run to run with other people's load, CPU time within ~20%.
 */
export function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Wall-clock ms of one call (for figures a human waits for). */
export function wallMs(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Median CPU ms (see cpuMs) of `reps` runs of fn, after `warmups` untimed runs (V8 may need a few
 * calls to reach its optimised tier and stop deoptimising on unseen paths). Garbage from the
 * previous run is collected before each timed run, so no run pays for another's allocations.
 */
export function timeMedian(fn: () => unknown, reps: number, warmups = 1): number {
  for (let w = 0; w < warmups; w++) fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    collectGarbage();
    times.push(cpuMs(fn));
  }
  return median(times);
}

/**
 * Side-by-side medians: runs every fn once per round, in turn, for `rounds` rounds (after one
 * warm-up round), so a shared machine's load swings hit every contender alike. `reps[i]`
 * optionally caps how many rounds fn i takes part in (slow libraries need fewer).
 */
export function timeRounds(fns: (() => unknown)[], rounds: number, reps: number[] = []): number[] {
  for (const fn of fns) fn();
  const times: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      if (r >= (reps[i] ?? rounds)) return;
      collectGarbage();
      times[i].push(cpuMs(fn));
    });
  }
  return times.map(median);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * How fast this machine is right now: CPU ns per iteration of a plain floating-point add loop
 * (median of 5 runs of 2e7 iterations). On a shared VM this moves with other people's load;
 * printed next to the figures so they can be read in context.
 */
export function calibrationNs(): number {
  const loop = (): number => {
    let s = 0;
    for (let i = 0; i < 2e7; i++) s += i * 0.5;
    return s;
  };
  loop();
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) runs.push((cpuMs(loop) * 1e6) / 2e7);
  return median(runs);
}
