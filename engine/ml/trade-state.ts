import type { Bar, Side } from '../types.js';
import { MlError } from './errors.js';
import type { BarFeatures } from './features.js';
import { matrix } from './matrix.js';

/**
 * The trade-state features of the reversal model (issue 17): where the trade that asks the
 * question stands at bar t's close, in R (the trade's initial risk per unit). Formulas in
 * docs/reversal-model.md.
 *
 * Training needs a trade at every sample bar, and the lab's trades (one entry rule, one policy)
 * cover only some bars and differ from policy to policy. So training reads a *virtual trade*
 * per side, the same for every policy and every chart: it opens at the close of the first
 * sample bar, with the lab's stop (2 x ATR(14) at the entry: R = 2 x ATR) and a leg at every
 * whole R, and it closes at the bar whose adverse extreme touches its stop or once it has been
 * held VIRTUAL_HOLD_MAX bars; the next one opens at that bar's close. Its state at t depends on
 * bars up to t only. Where a real trade exists (a lab trade, the plan on a chart) its own
 * state replaces the virtual one: the model was taught on "a trade in this state", whoever holds it.
 */
export const TRADE_FEATURES = [
  'trade_r',
  'trade_bars',
  'trade_stop_r',
  'trade_leg_r',
  'trade_mfe_r',
] as const;
/** The virtual trade's stop in ATR(14) at its entry: the lab policies' atr14x2. */
export const VIRTUAL_STOP_ATR = 2;
/** Bars a virtual trade is held at most (five label horizons at the defaults). */
export const VIRTUAL_HOLD_MAX = 100;

/** A trade as the features read it at one bar's close. */
export interface TradeState {
  side: Side;
  entry: number;
  /** Initial risk per unit (|entry - initial stop|), above 0: the R. */
  risk: number;
  /** The stop in force. */
  stop: number;
  /** Best favourable excursion from the entry so far, in price (>= 0). */
  mfe: number;
  /** Bars since the entry bar (0 on it). */
  bars: number;
  /** The nearest leg (target) not yet reached, in R from the entry; NaN: none left, read as the next whole R. */
  nextLegR: number;
}

/** Whether a model's feature list ends with the trade-state features (and has none elsewhere). */
export function readsTradeState(names: readonly string[]): boolean {
  const k = names.length - TRADE_FEATURES.length;
  const tail = k >= 0 && TRADE_FEATURES.every((f, j) => names[k + j] === f);
  const anywhere = names.some((f) => f.startsWith('trade_'));
  if (anywhere && !tail)
    throw new MlError(
      'model',
      `model: its trade-state features must be the last ones, in the order ${TRADE_FEATURES.join(', ')}; the file is damaged, retrain it`,
    );
  return tail;
}

/** Writes the five features of `s` at the close `close` into out[at..at+4]. */
export function writeTradeState(s: TradeState, close: number, out: Float64Array, at: number): void {
  const dir = s.side === 'long' ? 1 : -1;
  const r = (dir * (close - s.entry)) / s.risk;
  const mfeR = s.mfe / s.risk;
  const leg = s.nextLegR === s.nextLegR ? s.nextLegR : Math.floor(mfeR) + 1;
  out[at] = r;
  out[at + 1] = s.bars;
  out[at + 2] = (dir * (close - s.stop)) / s.risk;
  out[at + 3] = leg - r;
  out[at + 4] = mfeR;
}

/**
 * The virtual trade, bar by bar (batch and stream share it, so they agree bit for bit): `step`
 * at each bar's close with whether the bar is a sample and its ATR; `state` is then the trade
 * at that close (null before the first sample bar).
 */
export class VirtualTrade {
  readonly state: TradeState;
  open = false;
  private readonly dir: 1 | -1;

  constructor(side: Side) {
    this.dir = side === 'long' ? 1 : -1;
    this.state = { side, entry: NaN, risk: NaN, stop: NaN, mfe: 0, bars: 0, nextLegR: NaN };
  }

  step(high: number, low: number, close: number, sample: boolean, atr: number): void {
    const s = this.state;
    const dir = this.dir;
    if (this.open) {
      s.bars++;
      const favourable = dir * ((dir === 1 ? high : low) - s.entry);
      if (favourable > s.mfe) s.mfe = favourable;
      const adverse = dir === 1 ? low : high;
      if (dir * (adverse - s.stop) <= 0 || s.bars >= VIRTUAL_HOLD_MAX) this.open = false;
    }
    if (!this.open && sample) {
      s.entry = close;
      s.risk = VIRTUAL_STOP_ATR * atr;
      s.stop = close - dir * s.risk;
      s.mfe = 0;
      s.bars = 0;
      this.open = true;
    }
  }
}

/**
 * `features` with the virtual trade's five columns appended (per side: the trade is long or
 * short). Rows that are not samples read NaN there; `valid` is unchanged (the trade is open at
 * every sample bar's close).
 */
export function withTradeState(features: BarFeatures, bars: readonly Bar[], side: Side): BarFeatures {
  const { width, rows, values, names } = features.matrix;
  const w = width + TRADE_FEATURES.length;
  const out = new Float64Array(rows * w).fill(NaN);
  const trade = new VirtualTrade(side);
  for (let i = 0; i < rows; i++) {
    out.set(values.subarray(i * width, (i + 1) * width), i * w);
    const b = bars[i];
    const sample = features.valid[i] === 1;
    trade.step(b.high, b.low, b.close, sample, features.atr[i]);
    if (sample) writeTradeState(trade.state, b.close, out, i * w + width);
  }
  return { ...features, matrix: matrix([...names, ...TRADE_FEATURES], rows, out) };
}

/** The nearest leg above the MFE (`mfeR`, in R): NaN when every leg is reached (or there is none). */
export function nextLegR(legs: readonly { r: number }[], mfeR: number): number {
  let best = NaN;
  for (let j = 0; j < legs.length; j++) {
    const r = legs[j].r;
    if (r > mfeR && !(r >= best)) best = r;
  }
  return best;
}

/**
 * Fills `out` with a real trade's state at bar t's close: its levels (engine/exits), the stop
 * in force during bar t, the MFE through bar t (in price) and the bars since its entry bar.
 */
export function tradeStateOf(
  out: TradeState,
  levels: { side: Side; entry: number; riskPerUnit: number; legs: readonly { r: number }[] },
  stop: number,
  mfe: number,
  bars: number,
): TradeState {
  out.side = levels.side;
  out.entry = levels.entry;
  out.risk = levels.riskPerUnit;
  out.stop = stop;
  out.mfe = mfe > 0 ? mfe : 0;
  out.bars = bars;
  out.nextLegR = nextLegR(levels.legs, out.mfe / levels.riskPerUnit);
  return out;
}
