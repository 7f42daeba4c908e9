import type { Bar } from '../../engine/index.js';

/** What a feed reports about itself; the panel shows it so a frozen chart is never mistaken for a quiet one. */
export type FeedStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  /** Connected, but nothing arrived for `silentMs`: the numbers on screen may be old. */
  | { state: 'stale'; silentMs: number }
  | { state: 'offline'; reason: string; retryInMs: number }
  | { state: 'rate-limited'; retryInMs: number; httpStatus: number }
  /** Will not retry: unknown symbol, unsupported market. */
  | { state: 'failed'; reason: string };

export interface FeedHandlers {
  /** The initial history, oldest first; called again with the full series after a resync. */
  onHistory(bars: Bar[]): void;
  /** One update: a new bar, or the still-forming last bar again (same time = replace). */
  onBar(bar: Bar): void;
  onStatus(status: FeedStatus): void;
  /** Something unusable arrived (malformed message) and was skipped: shown, not fatal. */
  onWarning?(message: string): void;
}

export interface Feed {
  stop(): void;
}

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** The browser pieces a feed talks to, passed in so tests can drive them from real recorded bars. */
export interface FeedEnvironment {
  fetch: FetchLike;
  WebSocket?: new (url: string) => WebSocket;
  now(): number;
  /** 0 <= x < 1; jitter for reconnect delays. */
  random(): number;
}

export function browserFeedEnvironment(): FeedEnvironment {
  return {
    fetch: (url, init) => fetch(url, init),
    WebSocket,
    now: () => Date.now(),
    random: Math.random,
  };
}
