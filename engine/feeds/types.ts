import type { Bar } from '../types.js';

/**
 * What a live feed reports about itself. Every surface shows it, so a frozen chart is never
 * mistaken for a quiet market.
 */
export type FeedStatus =
  /** First connection, a reconnect, or history still being fetched (`detail` says which). */
  | { state: 'connecting'; detail?: string }
  | { state: 'live' }
  /** Connected, but nothing arrived for `silentMs`: the numbers on screen may be old. */
  | { state: 'stale'; silentMs: number }
  | { state: 'offline'; reason: string; retryInMs: number }
  | { state: 'rate-limited'; retryInMs: number; httpStatus: number }
  /** Will not retry: unknown symbol, refused request. */
  | { state: 'failed'; reason: string };

export type FeedState = FeedStatus['state'];

/**
 * Something unusable arrived and was skipped (or repaired): shown, not fatal. `key` is stable
 * for one kind of problem, so a surface replaces the notice instead of stacking 200 of them;
 * `count` says how many times it happened on this feed.
 */
export interface FeedNotice {
  key: string;
  text: string;
  count: number;
}

export interface FeedHandlers {
  /** The first history, oldest first (with any stream updates that arrived meanwhile applied). */
  onHistory(bars: Bar[]): void;
  /** One update after the history: a new bar, or the forming bar again (same time = replace). */
  onBar(bar: Bar): void;
  onStatus(status: FeedStatus): void;
  onNotice?(notice: FeedNotice): void;
}

export interface Feed {
  stop(): void;
}

/** The part of an HTTP answer a feed reads (a browser Response fits). */
export interface FeedResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

/** What a socket tells the feed; the environment calls these. */
export interface SocketEvents {
  onOpen(): void;
  /** A text frame (anything else arrives as a non-string and is reported as malformed). */
  onMessage(data: unknown): void;
  onClose(): void;
}

export interface FeedSocket {
  close(): void;
}

export type TimerHandle = unknown;

export interface FeedClock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Everything a feed touches outside itself, passed in: the browser's fetch, WebSocket and
 * timers in the widget and the extension; fakes playing the exchange in Node tests.
 */
export interface FeedEnvironment {
  /** One GET. `timeoutMs` lets a real fetch abort; the feed also gives up on its own after it. */
  fetch(url: string, init: { timeoutMs: number }): Promise<FeedResponse>;
  /** Absent where there are no sockets (a polling feed never asks). May throw. */
  openSocket?(url: string, events: SocketEvents): FeedSocket;
  clock: FeedClock;
  /** 0 <= x < 1: jitter for reconnect delays. */
  random(): number;
}
