import type { ChartContext } from '../shared/context.js';
import { timeframeFromLabel, timeframeFromTradingView } from '../shared/timeframe.js';
import { cleanSymbol, cleanTicker, splitSymbol } from './symbol-format.js';
import type { PageView, SiteAdapter } from './types.js';

/**
 * tradingview.com chart pages: /chart/, /chart/<layoutId>/, with `?symbol=EXCHANGE:TICKER&interval=60`.
 * The app rewrites the query when the user switches symbol, but not always at once, so the
 * toolbar's symbol button (ticker only) and the legend (exchange) are read too, and the URL's
 * symbol is trusted only when its ticker agrees with the toolbar.
 */
export const SELECTORS = {
  symbolButton: '#header-toolbar-symbol-search .js-button-text',
  intervalChecked: '#header-toolbar-intervals button[aria-checked="true"]',
  legendExchange: '[data-name="legend-series-item"] [data-name="legend-source-exchange"]',
} as const;

export const tradingView: SiteAdapter = {
  id: 'tradingview',
  matches: (url) => /(^|\.)tradingview\.com$/.test(url.hostname) && url.pathname.startsWith('/chart'),
  read(page: PageView): ChartContext {
    const url = new URL(page.url);
    const fromUrl = url.searchParams.get('symbol');
    const urlSymbol = fromUrl ? cleanSymbol(fromUrl) : null;
    const buttonText = page.text(SELECTORS.symbolButton);
    // The title starts with the ticker: "BTCUSDT 43,210.50 ▲ +1.23% Unnamed".
    const titleTicker = cleanTicker(page.title.split(/\s+/)[0] ?? '');
    const ticker = (buttonText ? cleanTicker(buttonText) : null) ?? titleTicker;

    let symbol: string | null = null;
    if (urlSymbol && (!ticker || splitSymbol(urlSymbol).ticker === ticker)) symbol = urlSymbol;
    else if (ticker) {
      const exchange = page.text(SELECTORS.legendExchange);
      symbol = cleanSymbol(exchange ? `${exchange}:${ticker}` : ticker);
    }

    const checked = page.attr(SELECTORS.intervalChecked, 'data-value');
    const urlInterval = url.searchParams.get('interval');
    const timeframe =
      (checked ? timeframeFromTradingView(checked) : null) ??
      (urlInterval ? timeframeFromTradingView(urlInterval) : null) ??
      timeframeFromLabel(page.text(SELECTORS.intervalChecked) ?? '');
    return symbol
      ? { site: 'tradingview', symbol, timeframe }
      : { site: 'tradingview', symbol: null, timeframe, note: 'No symbol found on this TradingView page.' };
  },
};
