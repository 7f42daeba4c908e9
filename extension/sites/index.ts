import { binance } from './binance.js';
import { generic } from './generic.js';
import { tradingView } from './tradingview.js';
import type { SiteAdapter } from './types.js';

export type { PageView, SiteAdapter } from './types.js';

/** Site adapters, most specific first; the generic one always matches. */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [tradingView, binance, generic];

export function pickAdapter(href: string): SiteAdapter {
  const url = new URL(href);
  return SITE_ADAPTERS.find((adapter) => adapter.matches(url)) ?? generic;
}
