import type { Timeframe } from './timeframe.js';

export type SiteId = 'tradingview' | 'binance' | 'generic';

/** What the content script learned from the page: the chart's symbol and timeframe. */
export interface ChartContext {
  site: SiteId;
  /**
   * Canonical "EXCHANGE:TICKER" as TradingView writes it ("BINANCE:BTCUSDT", "NASDAQ:AAPL",
   * "BINANCE:BTCUSDT.P" for a perpetual), or a bare ticker the user typed. Plans are keyed by it.
   */
  symbol: string | null;
  timeframe: Timeframe | null;
  /** Why the symbol is missing, for the panel to show (unsupported page, nothing typed yet). */
  note?: string;
}

export function sameContext(a: ChartContext, b: ChartContext): boolean {
  return (
    a.site === b.site &&
    a.symbol === b.symbol &&
    a.timeframe?.label === b.timeframe?.label &&
    a.note === b.note
  );
}
