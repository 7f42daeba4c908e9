import type { ChartContext } from '../shared/context.js';
import { timeframeFromLabel, timeframeFromTradingView } from '../shared/timeframe.js';
import { cleanSymbol } from './symbol-format.js';
import type { PageView, SiteAdapter } from './types.js';

/**
 * Any other page (opened on demand from the toolbar): the user types the symbol in the
 * panel. A `symbol=` / `interval=` query, as many chart embeds use, is picked up as a hint.
 */
export const generic: SiteAdapter = {
  id: 'generic',
  matches: () => true,
  read(page: PageView): ChartContext {
    const url = new URL(page.url);
    const hint = url.searchParams.get('symbol') ?? url.searchParams.get('tvwidgetsymbol');
    const symbol = hint ? cleanSymbol(hint) : null;
    const interval = url.searchParams.get('interval');
    const timeframe = interval ? (timeframeFromTradingView(interval) ?? timeframeFromLabel(interval)) : null;
    return symbol
      ? { site: 'generic', symbol, timeframe }
      : { site: 'generic', symbol: null, timeframe, note: 'Type the symbol this page shows.' };
  },
};
