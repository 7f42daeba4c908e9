import { ATR, atrBatch } from '../indicators/atr.js';
import { BollingerBands, bbandsBatch } from '../indicators/bollinger-bands.js';
import { RSI, rsiBatch } from '../indicators/rsi.js';
import type { Bar } from '../types.js';

/**
 * The market regime of every bar, causal (bar t reads bars 0..t only), with the thresholds
 * written down here and in docs/exit-policy.md. One classifier (`classify`) is fed by two
 * readers that compute the same readings: `regimesBatch` over columns with the engine's batch
 * indicators, and `RegimeStream`, a constant amount of work per bar with the engine's
 * streaming indicators and fixed-size rings. They agree bar for bar (test/unit/ml/regimes.test.ts).
 */
export type Regime = 'none' | 'trending' | 'resistance' | 'shift' | 'quiet';

/** Codes in columns and the policy's state; index into REGIMES. */
export const REGIMES: readonly Regime[] = ['none', 'trending', 'resistance', 'shift', 'quiet'];

export const REGIME_SETTINGS = {
  atrPeriod: 14,
  /** ATR percentile window (bars): quiet when the ATR ranks in the lowest `quietPercentile` of it. */
  percentileWindow: 100,
  quietPercentile: 0.2,
  /** Kaufman efficiency ratio |c - c[n]| / sum |dc| over `erPeriod` bars; trending needs >= erTrend. */
  erPeriod: 10,
  erTrend: 0.5,
  /** A new `extremeWindow`-bar high (or low) within the last `recentBars` bars: higher highs. */
  extremeWindow: 20,
  recentBars: 5,
  /** Near resistance: close at or beyond a Bollinger band, or within `nearAtr` x ATR of the prior extreme... */
  bbPeriod: 20,
  bbK: 2,
  nearAtr: 0.25,
  /** ...with momentum fading: RSI less extreme than `fadeLag` bars before. */
  rsiPeriod: 14,
  fadeLag: 3,
  /** Shift: volume z-score (against the previous `volumeWindow` bars) >= volumeZ, or TR >= atrJump x the previous ATR. */
  volumeWindow: 20,
  volumeZ: 3,
  atrJump: 2.5,
} as const;

const S = REGIME_SETTINGS;

/** The readings of one bar that decide its regime (NaN while warming up). */
export interface RegimeReadings {
  close: number;
  trueRange: number;
  atr: number;
  atrBefore: number;
  atrPercentile: number;
  er: number;
  /** Bars since the last new extremeWindow-bar high / low (Infinity: none seen). */
  sinceHigh: number;
  sinceLow: number;
  priorHigh: number;
  priorLow: number;
  upper: number;
  lower: number;
  rsi: number;
  rsiBefore: number;
  volumeZ: number;
}

/** The regime of one bar from its readings: shift, then resistance, then trending, then quiet. */
export function classify(r: RegimeReadings): number {
  if (!(r.atr > 0) || !Number.isFinite(r.priorHigh)) return 0;
  if (r.volumeZ >= S.volumeZ || (r.atrBefore > 0 && r.trueRange >= S.atrJump * r.atrBefore)) return 3;
  const fadingUp = r.rsi < r.rsiBefore;
  const fadingDown = r.rsi > r.rsiBefore;
  const atTop = r.close >= r.upper || r.priorHigh - r.close <= S.nearAtr * r.atr;
  const atBottom = r.close <= r.lower || r.close - r.priorLow <= S.nearAtr * r.atr;
  if ((atTop && fadingUp) || (atBottom && fadingDown)) return 2;
  if (r.er >= S.erTrend && Math.min(r.sinceHigh, r.sinceLow) < S.recentBars) return 1;
  if (r.atrPercentile <= S.quietPercentile) return 4;
  return 0;
}

/** Fraction of `window` (oldest first, `count` values) strictly below `x`. */
function rankBelow(values: ArrayLike<number>, start: number, count: number, size: number, x: number): number {
  let below = 0;
  for (let k = 0; k < count; k++) if (values[(start + k) % size] < x) below++;
  return below / count;
}

/** Mean and population standard deviation of a ring's values, oldest first; z of x against them. */
function zScore(values: ArrayLike<number>, start: number, count: number, size: number, x: number): number {
  let sum = 0;
  for (let k = 0; k < count; k++) sum += values[(start + k) % size];
  const mean = sum / count;
  let sq = 0;
  for (let k = 0; k < count; k++) {
    const d = values[(start + k) % size] - mean;
    sq += d * d;
  }
  const sd = Math.sqrt(sq / count);
  return sd > 0 ? (x - mean) / sd : 0;
}

function emptyReadings(): RegimeReadings {
  return {
    close: NaN,
    trueRange: NaN,
    atr: NaN,
    atrBefore: NaN,
    atrPercentile: NaN,
    er: NaN,
    sinceHigh: Infinity,
    sinceLow: Infinity,
    priorHigh: NaN,
    priorLow: NaN,
    upper: NaN,
    lower: NaN,
    rsi: NaN,
    rsiBefore: NaN,
    volumeZ: NaN,
  };
}

/**
 * Regime codes of every bar (see classify), over the whole series at once. `percentile`, when
 * given, receives each bar's ATR percentile (NaN while warming up): the exit policy's state reads it.
 */
export function regimesBatch(bars: readonly Bar[], percentile?: Float64Array): Uint8Array {
  const n = bars.length;
  const high = Float64Array.from(bars, (b) => b.high);
  const low = Float64Array.from(bars, (b) => b.low);
  const close = Float64Array.from(bars, (b) => b.close);
  const volume = Float64Array.from(bars, (b) => b.volume ?? NaN);
  const atr = atrBatch(high, low, close, S.atrPeriod);
  const rsi = rsiBatch(close, S.rsiPeriod);
  const bands = bbandsBatch(close, S.bbPeriod, S.bbK);
  const out = new Uint8Array(n);
  const r = emptyReadings();
  const W = S.extremeWindow;
  let lastHigh = -Infinity;
  let lastLow = -Infinity;
  let atrSeen = 0;
  for (let t = 0; t < n; t++) {
    const c = close[t];
    r.close = c;
    r.trueRange =
      t === 0 ? high[t] - low[t] : Math.max(high[t], close[t - 1]) - Math.min(low[t], close[t - 1]);
    r.atr = atr[t];
    r.atrBefore = t > 0 ? atr[t - 1] : NaN;
    if (Number.isFinite(atr[t])) atrSeen++;
    const pc = Math.min(atrSeen, S.percentileWindow);
    r.atrPercentile = atrSeen >= S.percentileWindow ? rankBelow(atr, t - pc + 1, pc, Infinity, atr[t]) : NaN;
    if (t >= S.erPeriod) {
      let path = 0;
      for (let k = t - S.erPeriod + 1; k <= t; k++) path += Math.abs(close[k] - close[k - 1]);
      r.er = path > 0 ? Math.abs(c - close[t - S.erPeriod]) / path : 0;
    } else r.er = NaN;
    if (t >= W) {
      let hh = -Infinity;
      let ll = Infinity;
      for (let k = t - W; k < t; k++) {
        if (high[k] > hh) hh = high[k];
        if (low[k] < ll) ll = low[k];
      }
      r.priorHigh = hh;
      r.priorLow = ll;
      if (high[t] >= hh) lastHigh = t;
      if (low[t] <= ll) lastLow = t;
    } else {
      r.priorHigh = NaN;
      r.priorLow = NaN;
    }
    r.sinceHigh = t - lastHigh;
    r.sinceLow = t - lastLow;
    r.upper = bands.upper[t];
    r.lower = bands.lower[t];
    r.rsi = rsi[t];
    r.rsiBefore = t >= S.fadeLag ? rsi[t - S.fadeLag] : NaN;
    const V = S.volumeWindow;
    r.volumeZ = t >= V && Number.isFinite(volume[t]) ? zScore(volume, t - V, V, Infinity, volume[t]) : NaN;
    out[t] = classify(r);
    if (percentile) percentile[t] = r.atrPercentile;
  }
  return out;
}

/** A fixed-size ring of the last `size` values, oldest first from `start`. */
class Ring {
  readonly values: Float64Array;
  count = 0;
  private next = 0;
  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }
  push(x: number): void {
    this.values[this.next] = x;
    this.next = (this.next + 1) % this.size;
    if (this.count < this.size) this.count++;
  }
  get start(): number {
    return this.count < this.size ? 0 : this.next;
  }
  /** The value `back` pushes ago (0: the last). */
  ago(back: number): number {
    return this.values[(this.next - 1 - back + 2 * this.size) % this.size];
  }
}

/**
 * The regime bar by bar: each `add` costs a constant amount of work (the rings are of fixed
 * size, at most 100 values scanned), whatever the series' length.
 */
export class RegimeStream {
  private readonly atr = new ATR(S.atrPeriod);
  private readonly rsi = new RSI(S.rsiPeriod);
  private readonly bands = new BollingerBands(S.bbPeriod, S.bbK);
  private readonly atrs = new Ring(S.percentileWindow);
  private readonly closes = new Ring(S.erPeriod + 1);
  private readonly highs = new Ring(S.extremeWindow);
  private readonly lows = new Ring(S.extremeWindow);
  private readonly rsis = new Ring(S.fadeLag + 1);
  private readonly volumes = new Ring(S.volumeWindow);
  private readonly r = emptyReadings();
  private t = -1;
  private lastHigh = -Infinity;
  private lastLow = -Infinity;
  private prevClose = NaN;
  private prevAtr = NaN;

  /** The ATR percentile at the last bar added (NaN while warming up): the exit policy's state reads it. */
  get atrPercentile(): number {
    return this.r.atrPercentile;
  }

  add(bar: Bar): number {
    const r = this.r;
    const t = ++this.t;
    this.atr.push(bar);
    this.rsi.push(bar.close);
    this.bands.push(bar.close);
    const atr = this.atr.valueOrNaN;
    r.close = bar.close;
    r.trueRange =
      t === 0 ? bar.high - bar.low : Math.max(bar.high, this.prevClose) - Math.min(bar.low, this.prevClose);
    r.atr = atr;
    r.atrBefore = this.prevAtr;
    if (Number.isFinite(atr)) this.atrs.push(atr);
    const a = this.atrs;
    r.atrPercentile = a.count >= a.size ? rankBelow(a.values, a.start, a.count, a.size, atr) : NaN;
    this.closes.push(bar.close);
    const c = this.closes;
    if (c.count > S.erPeriod) {
      let path = 0;
      for (let k = S.erPeriod - 1; k >= 0; k--) path += Math.abs(c.ago(k) - c.ago(k + 1));
      r.er = path > 0 ? Math.abs(bar.close - c.ago(S.erPeriod)) / path : 0;
    } else r.er = NaN;
    const h = this.highs;
    const l = this.lows;
    if (h.count >= h.size) {
      let hh = -Infinity;
      let ll = Infinity;
      for (let k = 0; k < h.size; k++) {
        const i = (h.start + k) % h.size;
        if (h.values[i] > hh) hh = h.values[i];
        if (l.values[i] < ll) ll = l.values[i];
      }
      r.priorHigh = hh;
      r.priorLow = ll;
      if (bar.high >= hh) this.lastHigh = t;
      if (bar.low <= ll) this.lastLow = t;
    }
    h.push(bar.high);
    l.push(bar.low);
    r.sinceHigh = t - this.lastHigh;
    r.sinceLow = t - this.lastLow;
    r.upper = this.bands.upperOrNaN;
    r.lower = this.bands.lowerOrNaN;
    r.rsi = this.rsi.valueOrNaN;
    this.rsis.push(r.rsi);
    r.rsiBefore = this.rsis.count > S.fadeLag ? this.rsis.ago(S.fadeLag) : NaN;
    const v = this.volumes;
    const vol = bar.volume ?? NaN;
    r.volumeZ =
      v.count >= v.size && Number.isFinite(vol) ? zScore(v.values, v.start, v.count, v.size, vol) : NaN;
    v.push(vol);
    this.prevClose = bar.close;
    this.prevAtr = atr;
    return classify(r);
  }
}

/** How the lab's adaptive policy answers each regime (docs/exit-policy.md, "the response matrix"). */
export const RESPONSE_MATRIX: Readonly<Record<Regime, { logic: string; urgency: string }>> = {
  trending: { logic: 'relaxed trailing stop (3 x ATR14): hold the runner', urgency: 'low' },
  resistance: {
    logic: 'exhaustion sniping: sell 25% when the RSI/Bollinger exhaustion fires',
    urgency: 'medium',
  },
  shift: { logic: 'flash exit: close everything at this close', urgency: 'immediate' },
  quiet: { logic: 'temporal decay: close after 20 bars below 0.5R of progress', urgency: 'low' },
  none: { logic: 'the plan as it stands (stop and trail)', urgency: 'low' },
};
