import type { ChartContext, SiteId } from '../shared/context.js';

/**
 * The parts of a page an adapter may read. The content script backs it with the live
 * document; unit tests back it with a saved fixture page, so adapters never touch `document`.
 */
export interface PageView {
  readonly url: string;
  readonly title: string;
  /** Trimmed text content of the first element matching the selector, or null. */
  text(selector: string): string | null;
  /** An attribute of the first element matching the selector, or null. */
  attr(selector: string, name: string): string | null;
}

/** One charting site: where it runs and how it reads the chart's symbol and timeframe. */
export interface SiteAdapter {
  readonly id: SiteId;
  /** Page URLs (as a URL object) this adapter understands. */
  matches(url: URL): boolean;
  read(page: PageView): ChartContext;
}
