import type { ChartContext } from '../shared/context.js';
import { timeframeFromLabel } from '../shared/timeframe.js';
import { cleanTicker } from './symbol-format.js';
import type { PageView, SiteAdapter } from './types.js';

/**
 * binance.com trade pages. Spot: /<locale>/trade/BTC_USDT?type=spot ; USDⓈ-M futures:
 * /<locale>/futures/BTCUSDT. The pair is in the path (the app pushState()s on a pair switch),
 * the title repeats it ("43,210.50 | BTCUSDT | Binance Spot"), and the chart toolbar marks the
 * active interval. Symbols are written the way TradingView names them so that a plan saved on
 * one site is found on the other: BINANCE:BTCUSDT (spot) and BINANCE:BTCUSDT.P (perpetual).
 */
export const SELECTORS = {
  activeInterval: '.kline-toolbar [role="tab"][aria-selected="true"]',
} as const;

const SPOT = /^\/(?:[a-z]{2}(?:-[A-Za-z]{2,4})?\/)?trade\/([A-Za-z0-9]+)_([A-Za-z0-9]+)\/?$/;
const FUTURES = /^\/(?:[a-z]{2}(?:-[A-Za-z]{2,4})?\/)?futures\/([A-Za-z0-9]+)\/?$/;

export const binance: SiteAdapter = {
  id: 'binance',
  matches: (url) =>
    /(^|\.)binance\.com$/.test(url.hostname) && (SPOT.test(url.pathname) || FUTURES.test(url.pathname)),
  read(page: PageView): ChartContext {
    const url = new URL(page.url);
    const spot = SPOT.exec(url.pathname);
    const futures = FUTURES.exec(url.pathname);
    const timeframe = timeframeFromLabel(page.text(SELECTORS.activeInterval) ?? '');
    let ticker: string | null = null;
    if (spot) ticker = cleanTicker(spot[1] + spot[2]);
    else if (futures) ticker = cleanTicker(futures[1]);
    if (!ticker)
      return { site: 'binance', symbol: null, timeframe, note: 'This Binance page has no trading pair.' };
    return { site: 'binance', symbol: spot ? `BINANCE:${ticker}` : `BINANCE:${ticker}.P`, timeframe };
  },
};
