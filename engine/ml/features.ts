import { atrBatch } from '../indicators/atr.js';
import { bbandsBatch } from '../indicators/bollinger-bands.js';
import { emaBatch } from '../indicators/ema.js';
import { rsiBatch } from '../indicators/rsi.js';
import { smaBatch } from '../indicators/sma.js';
import { stddevBatch } from '../indicators/stddev.js';
import type { Bar } from '../types.js';
import { MlError } from './errors.js';
import { matrix, type FeatureMatrix } from './matrix.js';

/**
 * The reversal model's features per bar, causal: each value at bar t is computed from bars
 * 0..t only (the engine's batch indicators, which equal its streaming ones bar for bar).
 * Formulas in docs/reversal-model.md. Which optional groups a series gets (volume, hour of
 * day, session) is decided from its first DECIDE_BARS bars, so a longer file never changes
 * the feature set of a shorter one.
 */

export const ATR_PERIOD = 14;
const RANK_WINDOW = 250;
const STD_PERIOD = 20;
const BB_PERIOD = 20;
const BB_K = 2;
const EMA_PERIOD = 50;
const VOLUME_PERIOD = 20;
/**
 * Bars before the first complete row when every feature warms up at once: ATR(14) is first
 * defined at bar 14 and its rank needs 250 of them (a session feature can start later).
 */
export const CORE_WARMUP = ATR_PERIOD + RANK_WINDOW - 1;
/** Bars the optional feature groups are decided from. */
export const DECIDE_BARS = 2000;
/** A time step this many times the usual one is a session break. */
const SESSION_GAP_STEPS = 30;

const CORE = [
  'atr_pct',
  'ret_std20',
  'atr_rank250',
  'bb_width',
  'bb_pctb',
  'rsi14',
  'move1_atr',
  'move5_atr',
  'move20_atr',
  'ema50_dist_atr',
  'range_atr',
  'close_loc',
] as const;
const VOLUME = ['volume_z20', 'volume_surge20', 'volume_delta20'] as const;

export interface FeatureGroups {
  volume: boolean;
  /** Intraday bars: the hour of day means something. */
  hour: boolean;
  /** The market closes (session breaks in the data): bars since the session opened. */
  session: boolean;
}

export interface BarFeatures {
  /** Every bar, warm-up rows NaN. */
  matrix: FeatureMatrix;
  groups: FeatureGroups;
  /** ATR(14) at each bar's close: the labels' unit. */
  atr: Float64Array;
  /** First bar with every feature defined. */
  warmup: number;
  /**
   * Whether bar t is a sample: past the warm-up with ATR above zero (a market that has not
   * moved for 14 bars has no barrier to set and no ATR-scaled feature).
   */
  valid: Uint8Array;
  /** The engine's exhaustion rule at each bar's close, per side (RSI14 70/30 and the 20x2 band). */
  exhaustionLong: Uint8Array;
  exhaustionShort: Uint8Array;
}

/** The optional groups, from the first DECIDE_BARS bars. */
export function featureGroups(bars: readonly Bar[]): FeatureGroups {
  const m = Math.min(bars.length, DECIDE_BARS);
  let withVolume = 0;
  let nonZero = false;
  const steps: number[] = [];
  for (let i = 0; i < m; i++) {
    const v = bars[i].volume;
    if (v !== undefined && Number.isFinite(v)) {
      withVolume++;
      if (v !== 0) nonZero = true;
    }
    if (i > 0) steps.push(bars[i].time - bars[i - 1].time);
  }
  steps.sort((a, b) => a - b);
  const step = steps.length > 0 ? steps[steps.length >> 1] : 86_400;
  const breaks = steps.filter((s) => s >= SESSION_GAP_STEPS * step).length;
  const intraday = step < 86_400;
  return { volume: m > 0 && withVolume === m && nonZero, hour: intraday, session: intraday && breaks >= 2 };
}

export function featureNames(groups: FeatureGroups): string[] {
  return [
    ...CORE,
    ...(groups.volume ? VOLUME : []),
    ...(groups.hour ? ['hour_utc'] : []),
    'weekday_utc',
    ...(groups.session ? ['session_bar'] : []),
  ];
}

/** The feature matrix of a series (one row per bar). */
export function barFeatures(bars: readonly Bar[], groups = featureGroups(bars)): BarFeatures {
  const n = bars.length;
  const names = featureNames(groups);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    time[i] = b.time;
    open[i] = b.open;
    high[i] = b.high;
    low[i] = b.low;
    close[i] = b.close;
    volume[i] = b.volume ?? NaN;
  }
  const columns = new Map<string, Float64Array>();
  const column = (name: string): Float64Array => {
    const c = new Float64Array(n).fill(NaN);
    columns.set(name, c);
    return c;
  };
  const atr = n > ATR_PERIOD ? atrBatch(high, low, close, ATR_PERIOD) : new Float64Array(n).fill(NaN);
  const rsi = n > 14 ? rsiBatch(close, 14) : new Float64Array(n).fill(NaN);
  const bands =
    n >= BB_PERIOD
      ? bbandsBatch(close, BB_PERIOD, BB_K)
      : {
          upper: new Float64Array(n).fill(NaN),
          middle: new Float64Array(n).fill(NaN),
          lower: new Float64Array(n).fill(NaN),
        };
  const ema = n >= EMA_PERIOD ? emaBatch(close, EMA_PERIOD) : new Float64Array(n).fill(NaN);
  // Log returns from bar 1 on; their rolling deviation is shifted back into bar indexes.
  const returns = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) returns[i - 1] = Math.log(close[i] / close[i - 1]);
  const retStd = returns.length >= STD_PERIOD ? stddevBatch(returns, STD_PERIOD) : null;

  const atrPct = column('atr_pct');
  const std = column('ret_std20');
  const rank = column('atr_rank250');
  const width = column('bb_width');
  const pctb = column('bb_pctb');
  const rsiCol = column('rsi14');
  const moves = [1, 5, 20].map((k) => [k, column(`move${k}_atr`)] as const);
  const emaDist = column('ema50_dist_atr');
  const range = column('range_atr');
  const loc = column('close_loc');
  for (let i = 0; i < n; i++) {
    const a = atr[i];
    atrPct[i] = a / close[i];
    if (retStd !== null && i >= 1) std[i] = retStd[i - 1];
    const span = bands.upper[i] - bands.lower[i];
    width[i] = span / bands.middle[i];
    // Zero width: every close of the window is the same, so the close sits on the middle.
    pctb[i] = span > 0 ? (close[i] - bands.lower[i]) / span : span === 0 ? 0.5 : NaN;
    rsiCol[i] = rsi[i];
    for (const [k, c] of moves) if (i >= k) c[i] = (close[i] - close[i - k]) / a;
    emaDist[i] = (close[i] - ema[i]) / a;
    range[i] = (high[i] - low[i]) / a;
    const hl = high[i] - low[i];
    loc[i] = hl > 0 ? (close[i] - low[i]) / hl : 0.5;
  }
  // Percentile rank of ATR/close among the last RANK_WINDOW values (itself included).
  for (let i = 0; i < n; i++) {
    if (i < RANK_WINDOW - 1 || !Number.isFinite(atrPct[i - RANK_WINDOW + 1])) continue;
    const x = atrPct[i];
    let below = 0;
    for (let j = i - RANK_WINDOW + 1; j <= i; j++) if (atrPct[j] <= x) below++;
    rank[i] = below / RANK_WINDOW;
  }
  if (groups.volume) volumeFeatures(open, close, volume, column);
  if (groups.hour) {
    const hour = column('hour_utc');
    for (let i = 0; i < n; i++) hour[i] = (((time[i] % 86_400) + 86_400) % 86_400) / 3600;
  }
  const weekday = column('weekday_utc');
  // 1970-01-01 was a Thursday (4).
  for (let i = 0; i < n; i++) weekday[i] = (((Math.floor(time[i] / 86_400) + 4) % 7) + 7) % 7;
  if (groups.session) sessionFeature(time, column('session_bar'));

  const values = new Float64Array(n * names.length);
  const ordered = names.map((name) => columns.get(name)!);
  let warmup = n;
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let complete = true;
    for (let f = 0; f < ordered.length; f++) {
      const v = ordered[f][i];
      values[i * names.length + f] = v;
      if (Number.isNaN(v)) complete = false;
    }
    if (complete && warmup === n) warmup = i;
  }
  for (let i = warmup; i < n; i++) {
    if (!(atr[i] > 0)) continue; // no barrier, no scale: not a sample (see `valid`)
    for (let f = 0; f < ordered.length; f++) {
      const v = ordered[f][i];
      if (!Number.isFinite(v))
        throw new MlError(
          'features',
          `features: ${names[f]} is ${v} at bar ${i + 1} (time ${time[i]}); check that bar and the ${names[f].startsWith('volume') ? 'volume' : 'prices'} just before it`,
        );
    }
    valid[i] = 1;
  }
  const exhaustionLong = new Uint8Array(n);
  const exhaustionShort = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // The engine's exhaustionSignal with its defaults (rsi14>70<30, bb20x2), on the close.
    if (!(width[i] > 0)) continue;
    exhaustionLong[i] = rsi[i] >= 70 && high[i] >= bands.upper[i] ? 1 : 0;
    exhaustionShort[i] = rsi[i] <= 30 && low[i] <= bands.lower[i] ? 1 : 0;
  }
  return { matrix: matrix(names, n, values), groups, atr, warmup, valid, exhaustionLong, exhaustionShort };
}

function volumeFeatures(
  open: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  column: (name: string) => Float64Array,
): void {
  const n = volume.length;
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(volume[i]))
      throw new MlError(
        'volume',
        `volume: bar ${i + 1} has no volume while the first bars do; give every bar a volume or none`,
      );
  const z = column('volume_z20');
  const surge = column('volume_surge20');
  const delta = column('volume_delta20');
  if (n < VOLUME_PERIOD) return;
  const mean = smaBatch(volume, VOLUME_PERIOD);
  const sd = stddevBatch(volume, VOLUME_PERIOD);
  let signed = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const dir = Math.sign(close[i] - open[i]);
    signed += dir * volume[i];
    total += volume[i];
    if (i >= VOLUME_PERIOD) {
      const j = i - VOLUME_PERIOD;
      signed -= Math.sign(close[j] - open[j]) * volume[j];
      total -= volume[j];
    }
    if (i < VOLUME_PERIOD - 1) continue;
    // Equal volumes over the window: the bar is at the mean (z 0), as usual as its neighbours (surge 1).
    z[i] = sd[i] > 0 ? (volume[i] - mean[i]) / sd[i] : 0;
    surge[i] = mean[i] > 0 ? volume[i] / mean[i] : 1;
    // No volume traded in the window: no delta either way. Running sums drift only in the
    // last bits here; the ratio is clamped to its range so a drifted total cannot push it out.
    delta[i] = total > 0 ? Math.max(-1, Math.min(1, signed / total)) : 0;
  }
}

/** Bars since the last session break (a step of SESSION_GAP_STEPS usual steps); NaN before the first. */
function sessionFeature(time: Float64Array, out: Float64Array): void {
  const n = time.length;
  const m = Math.min(n, DECIDE_BARS);
  const steps: number[] = [];
  for (let i = 1; i < m; i++) steps.push(time[i] - time[i - 1]);
  steps.sort((a, b) => a - b);
  const step = steps[steps.length >> 1];
  let opened = -1;
  for (let i = 1; i < n; i++) {
    if (time[i] - time[i - 1] >= SESSION_GAP_STEPS * step) opened = i;
    if (opened >= 0) out[i] = i - opened;
  }
}
