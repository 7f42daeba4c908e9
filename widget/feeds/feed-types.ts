import type { Bar, FeedState } from '../../engine/index.js';

/**
 * The engine's feed states (connecting, live, stale, offline, rate-limited, failed: see
 * engine/feeds/types.ts), and `closed` once the widget stopped its feed.
 */
export type FeedStatus = FeedState | 'closed';

export interface FeedSink {
  /** The first history, oldest first. */
  onBars(bars: Bar[]): void;
  /** One new bar or an update of the forming bar. */
  onBar(bar: Bar): void;
  onStatus(status: FeedStatus, detail?: string): void;
}

export interface BinanceFeedOptions {
  kind: 'binance';
  /** e.g. BTCUSDT */
  symbol: string;
  /** Binance kline interval, e.g. 1m, 5m, 1h. */
  interval: string;
  restBase?: string;
  wsBase?: string;
  /** Bars of history fetched on the first connect (max 1000). */
  history?: number;
  /** No message for this long marks the feed stale (default 15 s; four times it: reconnect). */
  staleMs?: number;
}

export interface SimulatedFeedOptions {
  kind: 'simulated';
  /** Real bars to replay; the widget's loaded bars after `startBars` when absent. */
  bars?: Bar[];
  /** Milliseconds between ticks (default 250). */
  tickMs?: number;
  /** Ticks that build each bar (default 4: open, adverse extreme, favourable extreme, close). */
  ticksPerBar?: number;
  /** Bars shown as history before the feed starts (default: all but the last 200). */
  startBars?: number;
}

export type FeedOptions = BinanceFeedOptions | SimulatedFeedOptions;

export interface Feed {
  start(sink: FeedSink): void;
  stop(): void;
}
