import type { Bar } from '../engine/index.js';
import type { Feed, FeedStatus } from './feeds/feed-types.js';

/** What a live feed drives in the widget. */
export interface FeedTarget {
  /** Loads the feed's first history as the chart's bars; false when the chart already has bars. */
  loadFirst(bars: Bar[]): boolean;
  push(bar: Bar): void;
  /** Whether the widget has drawn its plan (a bar before that has nowhere to go). */
  ready(): boolean;
  status(status: FeedStatus, detail: string): void;
}

/** Starts `feed` into the widget: history first, then every bar (and every backfill) in order. */
export function connectFeed(feed: Feed, target: FeedTarget): void {
  feed.start({
    onBars: (bars) => {
      if (target.loadFirst(bars)) return;
      for (const bar of bars) target.push(bar);
    },
    onBar: (bar) => {
      if (target.ready()) target.push(bar);
    },
    onStatus: (status, detail) => target.status(status, detail ?? ''),
  });
}
