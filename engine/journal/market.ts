import { atrBatch } from '../indicators/atr.js';
import { rsiBatch } from '../indicators/rsi.js';
import { REGIMES, regimesBatch } from '../ml/regimes.js';
import type { Bar } from '../types.js';
import { barIndexAt } from './replay.js';
import type { FillMarket, JournalTrade, ReversalAtFill } from './types.js';

/** What a live surface knew at the fill beyond the bars: the book and the chart's models, null when off. */
export interface LiveMarket {
  bid: number | null;
  ask: number | null;
  /** The chart's reversal model now: p(reversal) at the last closed bar; null when no model is ready. */
  reversal: ReversalAtFill | null;
  /** The regime the chart's exit policy addon shows now; null without the addon. */
  policyRegime: string | null;
}

/** Indicator columns and regimes over one series, computed once for all the fills on it. */
interface MarketColumns {
  atr: Float64Array;
  rsi: Float64Array;
  regimes: Uint8Array;
}

function columns(bars: readonly Bar[]): MarketColumns {
  const close = Float64Array.from(bars, (b) => b.close);
  const atr = atrBatch(
    Float64Array.from(bars, (b) => b.high),
    Float64Array.from(bars, (b) => b.low),
    close,
    14,
  );
  return { atr, rsi: rsiBatch(close, 14), regimes: regimesBatch(bars) };
}

/**
 * The market at bar i from the bars alone: the bar itself, and ATR(14), RSI(14) and the regime
 * at the close of the bar before, the last values known when the fill happened (the fill's own
 * bar was still forming). Every input is causal, so bars after i change nothing.
 */
function fromBars(bars: readonly Bar[], cols: MarketColumns, i: number): FillMarket {
  const indicators: Record<string, number> = {};
  if (i > 0 && Number.isFinite(cols.atr[i - 1])) indicators.atr14 = cols.atr[i - 1];
  if (i > 0 && Number.isFinite(cols.rsi[i - 1])) indicators.rsi14 = cols.rsi[i - 1];
  const regime = i > 0 ? REGIMES[cols.regimes[i - 1]] : undefined;
  return {
    bar: { ...bars[i] },
    indicators,
    ...(regime && regime !== 'none' ? { regime } : {}),
  };
}

/**
 * The snapshot a live surface (the panel) records with a fill: the bar-derived fields above,
 * plus the book's bid, ask and mid (null without a book) and what the chart's models show now.
 * The models' state is the chart's current one, so it is recorded only for a fill in the
 * chart's newest bar, the reversal probability only when scored at the bar just before it:
 * a fill typed for an earlier bar gets neither (the models have moved on since; a later
 * value would be look-ahead). Returns null when no bar holds the time.
 */
export function marketAt(bars: readonly Bar[], time: number, live: LiveMarket): FillMarket | null {
  const i = barIndexAt(bars, time);
  if (i < 0) return null;
  const book =
    live.bid !== null && live.ask !== null
      ? { bid: live.bid, ask: live.ask, mid: (live.bid + live.ask) / 2 }
      : { bid: null, ask: null, mid: null };
  const now = i === bars.length - 1;
  const reversal = live.reversal;
  return {
    regime: null,
    ...fromBars(bars, columns(bars.slice(0, i + 1)), i),
    ...book,
    ...(now && i > 0 && reversal && reversal.barTime === bars[i - 1].time
      ? { reversal: { ...reversal } }
      : {}),
    ...(now && live.policyRegime ? { policyRegime: live.policyRegime } : {}),
  };
}

/**
 * Fills in the market at each fill from bars, where the fill does not carry it already (a fill
 * typed in, or imported). Bid, ask and mid come only from a live book feed and are never
 * invented here; a snapshot a fill already has is kept as it is.
 */
export function withMarket(trade: JournalTrade, bars: readonly Bar[]): JournalTrade {
  const cols = columns(bars);
  return {
    ...trade,
    fills: trade.fills.map((f) => {
      if (f.market?.bar) return f;
      const i = barIndexAt(bars, f.time);
      if (i < 0) return f;
      const known = fromBars(bars, cols, i);
      return {
        ...f,
        market: { ...f.market, ...known, indicators: { ...known.indicators, ...f.market?.indicators } },
      };
    }),
  };
}
