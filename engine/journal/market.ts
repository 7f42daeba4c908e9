import { atrBatch } from '../indicators/atr.js';
import { rsiBatch } from '../indicators/rsi.js';
import type { Bar } from '../types.js';
import { barIndexAt } from './replay.js';
import type { JournalTrade } from './types.js';

/**
 * Fills in the market at each fill from bars, where the fill does not carry it already (a fill
 * typed in, or imported): the bar the fill fell in, and ATR(14) and RSI(14) at the close of the
 * bar before it, the last values known when the fill happened (the fill's own bar was still
 * forming). Bid, ask and mid come only from a live book feed and are never invented here.
 */
export function withMarket(trade: JournalTrade, bars: readonly Bar[]): JournalTrade {
  const close = Float64Array.from(bars, (b) => b.close);
  const atr = atrBatch(
    Float64Array.from(bars, (b) => b.high),
    Float64Array.from(bars, (b) => b.low),
    close,
    14,
  );
  const rsi = rsiBatch(close, 14);
  return {
    ...trade,
    fills: trade.fills.map((f) => {
      if (f.market?.bar) return f;
      const i = barIndexAt(bars, f.time);
      if (i < 0) return f;
      const indicators: Record<string, number> = {};
      if (i > 0 && Number.isFinite(atr[i - 1])) indicators.atr14 = atr[i - 1];
      if (i > 0 && Number.isFinite(rsi[i - 1])) indicators.rsi14 = rsi[i - 1];
      return {
        ...f,
        market: { ...f.market, bar: { ...bars[i] }, indicators: { ...indicators, ...f.market?.indicators } },
      };
    }),
  };
}
