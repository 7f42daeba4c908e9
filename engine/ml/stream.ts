import { ATR } from '../indicators/atr.js';
import { BollingerBands } from '../indicators/bollinger-bands.js';
import { EMA } from '../indicators/ema.js';
import { RSI } from '../indicators/rsi.js';
import { SMA } from '../indicators/sma.js';
import { StdDev } from '../indicators/stddev.js';
import type { Bar, Side } from '../types.js';
import { MlError } from './errors.js';
import { DECIDE_BARS, featureNames, type FeatureGroups } from './features.js';
import { TRADE_FEATURES, VirtualTrade, writeTradeState, type TradeState } from './trade-state.js';
import type { TreeEnsemble } from './trees.js';

/**
 * The reversal probability bar by bar, as a live chart needs it at each close: the features of
 * features.ts from the engine's streaming indicators (O(1) per bar but for the 250-bar ATR
 * rank), then the trees. Gives what barFeatures + the ensemble give for the same bars (to
 * the bit; test/unit/ml/stream.test.ts). `add` takes closed bars only. A model that reads the
 * trade state gets the virtual trade's (trade-state.ts), or the state of the real trade passed
 * to `add`.
 */
export class ReversalStream {
  readonly names: readonly string[];
  private readonly row: Float64Array;
  private readonly atr = new ATR(14);
  private readonly rsi = new RSI(14);
  private readonly bb = new BollingerBands(20, 2);
  private readonly ema = new EMA(50);
  private readonly retStd = new StdDev(20);
  private readonly volMean = new SMA(20);
  private readonly volStd = new StdDev(20);
  /** The last 21 closes (close t-k for the moves), ring. */
  private readonly closes = new Float64Array(21);
  /** The last 250 values of ATR / close, ring (NaN while ATR warms up), and its finite ones sorted. */
  private readonly atrPcts = new Float64Array(250).fill(NaN);
  private readonly sortedPcts = new Float64Array(250);
  private sortedCount = 0;
  /** sign(c - o) x v and v of the last 20 bars, rings. */
  private readonly signed = new Float64Array(20);
  private readonly volumes = new Float64Array(20);
  private signedSum = 0;
  private volumeSum = 0;
  private count = 0;
  private lastTime = NaN;
  private sessionOpened = -1;
  /** The virtual trade, when the model reads the trade state. */
  private readonly virtual: VirtualTrade | null;
  /** Where the trade-state features start in the row (the bar features' count). */
  private readonly barWidth: number;

  constructor(
    private readonly ensemble: TreeEnsemble,
    /** The model's feature list: the stream refuses to run other features. */
    features: readonly string[],
    private readonly groups: FeatureGroups,
    /** The usual time step (median of the first bars), for session breaks. */
    private readonly step: number,
    /** The model's side: the virtual trade's. */
    side: Side = 'long',
  ) {
    const bar = featureNames(groups);
    this.barWidth = bar.length;
    const trade = features.length === bar.length + TRADE_FEATURES.length;
    this.names = trade ? [...bar, ...TRADE_FEATURES] : bar;
    if (this.names.join(',') !== features.join(','))
      throw new MlError(
        'model',
        `model: it reads the features ${features.join(', ')}, and these bars give ${bar.join(', ')}${trade ? ` and the trade state` : ''}; retrain it on bars of this kind`,
      );
    this.row = new Float64Array(this.names.length);
    this.virtual = trade ? new VirtualTrade(side) : null;
  }

  /** A stream for a chart's bars: the feature groups and time step from its history. */
  static forHistory(
    ensemble: TreeEnsemble,
    features: readonly string[],
    groups: FeatureGroups,
    history: readonly Bar[],
    side: Side = 'long',
  ): ReversalStream {
    const m = Math.min(history.length, DECIDE_BARS);
    const steps: number[] = [];
    for (let i = 1; i < m; i++) steps.push(history[i].time - history[i - 1].time);
    steps.sort((a, b) => a - b);
    return new ReversalStream(
      ensemble,
      features,
      groups,
      steps.length > 0 ? steps[steps.length >> 1] : 0,
      side,
    );
  }

  /**
   * Adds a closed bar; returns p(reversal) at its close, NaN while the features warm up or ATR
   * is 0. `trade`: the real trade's state at this close, for a model that reads the trade state
   * (the virtual trade's otherwise).
   */
  add(bar: Bar, trade: TradeState | null = null): number {
    const i = this.count++;
    const { high, low, close } = bar;
    this.atr.push(bar);
    this.rsi.push(close);
    this.bb.push(close);
    this.ema.add(close);
    if (i > 0) this.retStd.push(Math.log(close / this.closes[(i - 1) % 21]));
    this.closes[i % 21] = close;
    const a = this.atr.valueOrNaN;
    const atrPct = a / close;
    this.slideRank(i % 250, atrPct);
    const row = this.row;
    let f = 0;
    row[f++] = atrPct;
    row[f++] = this.retStd.valueOrNaN;
    row[f++] = this.rank(atrPct);
    const upper = this.bb.upperOrNaN;
    const lower = this.bb.lowerOrNaN;
    const span = upper - lower;
    row[f++] = span / (this.bb.middle ?? NaN);
    row[f++] = span > 0 ? (close - lower) / span : span === 0 ? 0.5 : NaN;
    row[f++] = this.rsi.valueOrNaN;
    row[f++] = i >= 1 ? (close - this.closes[(i - 1) % 21]) / a : NaN;
    row[f++] = i >= 5 ? (close - this.closes[(i - 5) % 21]) / a : NaN;
    row[f++] = i >= 20 ? (close - this.closes[(i - 20) % 21]) / a : NaN;
    row[f++] = (close - (this.ema.value ?? NaN)) / a;
    row[f++] = (high - low) / a;
    row[f++] = high - low > 0 ? (close - low) / (high - low) : 0.5;
    if (this.groups.volume) f = this.volumeFeatures(bar, i, f);
    const time = bar.time;
    if (this.groups.hour) row[f++] = (((time % 86_400) + 86_400) % 86_400) / 3600;
    row[f++] = (((Math.floor(time / 86_400) + 4) % 7) + 7) % 7;
    if (this.groups.session) {
      if (i > 0 && time - this.lastTime >= 30 * this.step) this.sessionOpened = i;
      row[f++] = this.sessionOpened >= 0 ? i - this.sessionOpened : NaN;
    }
    this.lastTime = time;
    let sample = a > 0;
    for (let k = 0; k < f && sample; k++) if (!Number.isFinite(row[k])) sample = false;
    const virtual = this.virtual;
    if (virtual !== null) {
      virtual.step(high, low, close, sample, a);
      if (sample) writeTradeState(trade ?? virtual.state, close, row, this.barWidth);
      // A real trade without a risk (stop at the entry) has no R: no score rather than a guess.
      for (let k = this.barWidth; k < row.length && sample; k++) if (!Number.isFinite(row[k])) sample = false;
    }
    if (!sample) return NaN;
    return this.ensemble.predict(row, 0);
  }

  /**
   * The rank window moves on: the value leaving it is taken out of the sorted copy and the new
   * one put in (binary search and a block move, instead of 250 comparisons per bar). Once the
   * window is full both happen in one move of the values between the two places only (what
   * lies outside them stays put), which leaves the same sorted copy as a removal then an insertion.
   */
  private slideRank(slot: number, x: number): void {
    const sorted = this.sortedPcts;
    const leaving = this.atrPcts[slot];
    this.atrPcts[slot] = x;
    const n = this.sortedCount;
    if (Number.isFinite(leaving) && Number.isFinite(x)) {
      const from = lowerBound(sorted, n, leaving);
      const to = lowerBound(sorted, n, x);
      if (to > from) {
        sorted.copyWithin(from, from + 1, to);
        sorted[to - 1] = x;
      } else {
        sorted.copyWithin(to + 1, to, from);
        sorted[to] = x;
      }
      return;
    }
    if (Number.isFinite(leaving)) {
      const at = lowerBound(sorted, n, leaving);
      sorted.copyWithin(at, at + 1, n);
      this.sortedCount--;
    }
    if (Number.isFinite(x)) {
      const at = lowerBound(sorted, this.sortedCount, x);
      sorted.copyWithin(at + 1, at, this.sortedCount);
      sorted[at] = x;
      this.sortedCount++;
    }
  }

  /** Share of the window's values <= x, once all 250 are defined (features.ts atr_rank250). */
  private rank(x: number): number {
    if (this.sortedCount < 250) return NaN;
    // Values <= x: the first index holding a value above x.
    let lo = 0;
    let hi = 250;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (this.sortedPcts[m] <= x) lo = m + 1;
      else hi = m;
    }
    return lo / 250;
  }

  private volumeFeatures(bar: Bar, i: number, f: number): number {
    const v = bar.volume ?? NaN;
    const row = this.row;
    this.volMean.add(v);
    this.volStd.push(v);
    // Added first, then the bar 20 back taken off: the batch's order, so the sums round alike.
    const slot = i % 20;
    const signed = Math.sign(bar.close - bar.open) * v;
    this.signedSum += signed;
    this.volumeSum += v;
    if (i >= 20) {
      this.signedSum -= this.signed[slot];
      this.volumeSum -= this.volumes[slot];
    }
    this.signed[slot] = signed;
    this.volumes[slot] = v;
    if (i < 19) {
      row[f] = row[f + 1] = row[f + 2] = NaN;
      return f + 3;
    }
    const mean = this.volMean.value ?? NaN;
    const sd = this.volStd.valueOrNaN;
    row[f++] = sd > 0 ? (v - mean) / sd : 0;
    row[f++] = mean > 0 ? v / mean : 1;
    row[f++] = this.volumeSum > 0 ? Math.max(-1, Math.min(1, this.signedSum / this.volumeSum)) : 0;
    return f;
  }
}

/** First index in sorted[0..n) holding a value >= x. */
function lowerBound(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (sorted[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
