import { highestBatch } from '../indicators/highest-high.js';
import { lowestBatch } from '../indicators/lowest-low.js';
import { smaBatch } from '../indicators/sma.js';
import type { Bar, Side } from '../types.js';
import type { BacktestBars, PriceColumns } from './bar-input.js';
import { BacktestError } from './errors.js';
import { seededRandom } from './prng.js';
import type { Entry } from './types.js';

/**
 * Built-in entry rules. Every rule decides at a bar's close from data up to and including
 * that bar, and the position opens at that close (the tracker's entry bar); exits can
 * happen from the next bar on.
 * - `donchian:N` breakout: long when close[t] > max(high[t-N..t-1]), short when
 *   close[t] < min(low[t-N..t-1]) (the channel of the N bars before t).
 * - `sma:F:S` cross: long when SMA(F) crosses above SMA(S) at t (SMA_F[t] > SMA_S[t] and
 *   SMA_F[t-1] <= SMA_S[t-1]), short when it crosses below.
 * - `random:SEED[:RATE[:SIDES]]`: each bar is an entry with probability RATE (default 0.01),
 *   long or short by a fair coin (SIDES `long` or `short` fixes it); seeded, so it repeats.
 *   It ignores prices altogether: a neutral baseline that isolates what the exit does.
 */
export type EntryRule =
  | { kind: 'donchian'; period: number }
  | { kind: 'sma'; fast: number; slow: number }
  | { kind: 'random'; seed: number; rate: number; sides: 'both' | Side };

const int = (text: string | undefined, what: string, rule: string): number => {
  const v = Number(text);
  if (text === undefined || !Number.isInteger(v) || v < 1 || v > 100_000) {
    throw new BacktestError(
      'entries',
      `entries: ${what} in "${rule}" must be a whole number from 1 to 100000`,
    );
  }
  return v;
};

/** Reads a rule (`donchian:20`, `sma:10:50`, `random:7:0.01:both`); null when the text is not a rule (a file path). */
export function parseEntryRule(text: string): EntryRule | null {
  const t = text.trim().toLowerCase();
  const parts = t.split(':');
  switch (parts[0]) {
    case 'donchian':
      return { kind: 'donchian', period: int(parts[1], 'the channel length', text) };
    case 'sma': {
      const fast = int(parts[1], 'the fast period', text);
      const slow = int(parts[2], 'the slow period', text);
      if (fast >= slow)
        throw new BacktestError(
          'entries',
          `entries: in "${text}" the fast SMA must be shorter than the slow one`,
        );
      return { kind: 'sma', fast, slow };
    }
    case 'random': {
      const seed = int(parts[1] ?? '1', 'the seed', text);
      const rate = parts[2] === undefined ? 0.01 : Number(parts[2]);
      if (!(rate > 0 && rate <= 1)) {
        throw new BacktestError(
          'entries',
          `entries: the rate in "${text}" must be a probability above 0 and at most 1`,
        );
      }
      const sides = parts[3] ?? 'both';
      if (sides !== 'both' && sides !== 'long' && sides !== 'short') {
        throw new BacktestError('entries', `entries: sides in "${text}" must be both, long or short`);
      }
      return { kind: 'random', seed, rate, sides };
    }
    default:
      return null;
  }
}

/** One field of the bars as a column (a plain loop: Float64Array.from with a map is slow). */
export function column(bars: BacktestBars, key: 'time' | 'high' | 'low' | 'close'): Float64Array {
  if (!Array.isArray(bars)) return (bars as PriceColumns)[key];
  const objects = bars as readonly Bar[];
  const out = new Float64Array(objects.length);
  for (let i = 0; i < objects.length; i++) out[i] = objects[i][key];
  return out;
}

/** The entry at bar `index`: filled at that bar's close. */
const entry = (time: Float64Array, close: Float64Array, index: number, side: Side): Entry => ({
  index,
  time: time[index],
  side,
  price: close[index],
});

function donchian(bars: BacktestBars, period: number): Entry[] {
  const time = column(bars, 'time');
  const close = column(bars, 'close');
  // hi[t - 1] = max(high[t-N..t-1]): the channel of the N bars before t, NaN while warming up.
  const hi = highestBatch(column(bars, 'high'), period);
  const lo = lowestBatch(column(bars, 'low'), period);
  const out: Entry[] = [];
  for (let t = period; t < close.length; t++) {
    const c = close[t];
    if (c > hi[t - 1]) out.push(entry(time, close, t, 'long'));
    else if (c < lo[t - 1]) out.push(entry(time, close, t, 'short'));
  }
  return out;
}

function smaCross(bars: BacktestBars, fast: number, slow: number): Entry[] {
  const time = column(bars, 'time');
  const close = column(bars, 'close');
  const f = smaBatch(close, fast);
  const s = smaBatch(close, slow);
  const out: Entry[] = [];
  for (let t = slow; t < close.length; t++) {
    const above = f[t] > s[t];
    const wasAbove = f[t - 1] > s[t - 1];
    const below = f[t] < s[t];
    const wasBelow = f[t - 1] < s[t - 1];
    if (above && !wasAbove) out.push(entry(time, close, t, 'long'));
    else if (below && !wasBelow) out.push(entry(time, close, t, 'short'));
  }
  return out;
}

function random(bars: BacktestBars, seed: number, rate: number, sides: 'both' | Side): Entry[] {
  const time = column(bars, 'time');
  const close = column(bars, 'close');
  const draw = seededRandom(seed);
  const out: Entry[] = [];
  for (let t = 0; t < close.length; t++) {
    // Two draws per bar whatever happens, so the sequence does not depend on the rate.
    const hit = draw() < rate;
    const coin = draw() < 0.5;
    if (hit) out.push(entry(time, close, t, sides === 'both' ? (coin ? 'long' : 'short') : sides));
  }
  return out;
}

/** The entries a rule produces on these bars (objects or columns), in time order. */
export function ruleEntries(bars: BacktestBars, rule: EntryRule): Entry[] {
  switch (rule.kind) {
    case 'donchian':
      return donchian(bars, rule.period);
    case 'sma':
      return smaCross(bars, rule.fast, rule.slow);
    case 'random':
      return random(bars, rule.seed, rule.rate, rule.sides);
  }
}
