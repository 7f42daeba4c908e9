import type { Bar, FeedHandlers as EngineFeedHandlers } from '../../engine/index.js';

export type { Feed, FeedEnvironment, FeedStatus } from '../../engine/index.js';
export { browserFeedEnvironment } from '../../widget/index.js';

/** What the panel hears from a feed (engine/feeds does the work; this is its panel-side shape). */
export interface FeedHandlers {
  /** The initial history, oldest first. */
  onHistory(bars: Bar[]): void;
  /** One update: a new bar, or the still-forming last bar again (same time = replace). */
  onBar(bar: Bar): void;
  onStatus: EngineFeedHandlers['onStatus'];
  /**
   * Something unusable arrived and was skipped: shown, not fatal. `key` is the same for every
   * repeat of one problem (the text carries the count), so the panel replaces the notice.
   */
  onWarning?(message: string, key: string): void;
}

/** The engine's handlers for the panel's. */
export function engineHandlers(handlers: FeedHandlers): EngineFeedHandlers {
  return {
    onHistory: (bars) => handlers.onHistory(bars),
    onBar: (bar) => handlers.onBar(bar),
    onStatus: (status) => handlers.onStatus(status),
    onNotice: (notice) => handlers.onWarning?.(notice.text, `feed:${notice.key}`),
  };
}
