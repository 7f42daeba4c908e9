import type { Bar } from '../../engine/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import { backoffDelay, parseRetryAfter, rateLimitDelay } from './backoff.js';
import { FeedMessageError, parseKlineEvent, parseKlines } from './binance-parse.js';
import { pickInterval } from './intervals.js';
import type { Feed, FeedEnvironment, FeedHandlers, FeedStatus } from './types.js';

/** Binance's kline intervals (both spot and USDⓈ-M futures), shortest first. */
export const BINANCE_INTERVALS = (
  [
    ['1m', 60],
    ['3m', 180],
    ['5m', 300],
    ['15m', 900],
    ['30m', 1800],
    ['1h', 3600],
    ['2h', 7200],
    ['4h', 14400],
    ['6h', 21600],
    ['8h', 28800],
    ['12h', 43200],
    ['1d', 86400],
    ['3d', 259200],
    ['1w', 604800],
    ['1M', 2592000],
  ] as const
).map(([label, seconds]) => ({ label, seconds }));

export const BINANCE_ENDPOINTS = {
  spot: { rest: 'https://api.binance.com/api/v3/klines', ws: 'wss://stream.binance.com:9443/ws/' },
  futures: { rest: 'https://fapi.binance.com/fapi/v1/klines', ws: 'wss://fstream.binance.com/ws/' },
} as const;

export interface BinanceFeedOptions {
  market: 'spot' | 'futures';
  /** "BTCUSDT". */
  symbol: string;
  timeframe: Timeframe;
  historyBars?: number;
  /** No stream message for this long: stale; four times this: reconnect. */
  staleMs?: number;
}

/**
 * History from REST klines, then the kline WebSocket. A dropped socket reconnects with
 * backoff and first backfills the bars it missed from REST; 429/418 answers wait at least
 * Retry-After; an unknown symbol stops with a reason instead of retrying forever.
 */
export function startBinanceFeed(
  options: BinanceFeedOptions,
  env: FeedEnvironment,
  handlers: FeedHandlers,
): Feed {
  const endpoints = BINANCE_ENDPOINTS[options.market];
  const { interval, note } = pickInterval(options.timeframe, BINANCE_INTERVALS);
  const staleMs = options.staleMs ?? 30_000;
  const abort = new AbortController();
  let stopped = false;
  let attempt = 0;
  let lastTime: number | null = null;
  let socket: WebSocket | null = null;
  let lastMessageAt = env.now();
  let status: FeedStatus['state'] | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const report = (next: FeedStatus): void => {
    if (stopped) return;
    if (
      next.state === status &&
      (next.state === 'live' || next.state === 'stale' || next.state === 'connecting')
    )
      return;
    status = next.state;
    handlers.onStatus(next);
  };
  if (note) handlers.onWarning?.(note);

  const retryLater = (ms: number): void => {
    if (stopped) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void sync(), ms);
  };

  const restUrl = (): string => {
    const params = new URLSearchParams({ symbol: options.symbol, interval });
    if (lastTime === null) params.set('limit', String(options.historyBars ?? 500));
    else {
      params.set('startTime', String(lastTime * 1000));
      params.set('limit', '1000');
    }
    return `${endpoints.rest}?${params}`;
  };

  /** Loads history (first time) or backfills from the last known bar, then (re)opens the stream. */
  async function sync(): Promise<void> {
    if (stopped) return;
    report({ state: 'connecting' });
    let response: Response;
    try {
      response = await env.fetch(restUrl(), { signal: abort.signal });
    } catch (error) {
      if (stopped) return;
      const retryInMs = backoffDelay(attempt++, env.random());
      report({ state: 'offline', reason: `Binance unreachable (${(error as Error).message})`, retryInMs });
      return retryLater(retryInMs);
    }
    if (stopped) return;
    if (response.status === 429 || response.status === 418) {
      const wait = rateLimitDelay(
        response.status,
        parseRetryAfter(response.headers.get('retry-after'), env.now()),
        attempt++,
        env.random(),
      );
      report({ state: 'rate-limited', retryInMs: wait, httpStatus: response.status });
      return retryLater(wait);
    }
    if (response.status >= 400 && response.status < 500) {
      const body = (await response.json().catch(() => null)) as { code?: number; msg?: string } | null;
      const reason =
        body?.code === -1121
          ? `Binance does not list ${options.symbol} (${options.market}).`
          : `Binance refused the request: ${body?.msg ?? `HTTP ${response.status}`}`;
      report({ state: 'failed', reason });
      return;
    }
    if (!response.ok) {
      const retryInMs = backoffDelay(attempt++, env.random());
      report({ state: 'offline', reason: `Binance answered HTTP ${response.status}`, retryInMs });
      return retryLater(retryInMs);
    }
    let bars: Bar[];
    try {
      bars = parseKlines(await response.json());
    } catch (error) {
      const retryInMs = backoffDelay(attempt++, env.random());
      const reason =
        error instanceof FeedMessageError ? `Malformed klines: ${error.message}` : 'Klines were not JSON';
      report({ state: 'offline', reason, retryInMs });
      return retryLater(retryInMs);
    }
    if (stopped) return;
    if (lastTime === null) {
      handlers.onHistory(bars);
    } else {
      for (const bar of bars) if (bar.time >= lastTime) handlers.onBar(bar);
    }
    if (bars.length) lastTime = Math.max(lastTime ?? -Infinity, bars[bars.length - 1].time);
    openSocket();
  }

  function openSocket(): void {
    if (stopped || !env.WebSocket) return;
    const ws = new env.WebSocket(`${endpoints.ws}${options.symbol.toLowerCase()}@kline_${interval}`);
    socket = ws;
    lastMessageAt = env.now();
    ws.onmessage = (event: MessageEvent) => {
      if (stopped || socket !== ws) return;
      lastMessageAt = env.now();
      let parsed: { bar: Bar };
      try {
        parsed = parseKlineEvent(typeof event.data === 'string' ? event.data : '');
      } catch (error) {
        handlers.onWarning?.(`Skipped a malformed Binance message: ${(error as Error).message}`);
        return;
      }
      attempt = 0;
      report({ state: 'live' });
      if (lastTime !== null && parsed.bar.time < lastTime) return;
      lastTime = parsed.bar.time;
      handlers.onBar(parsed.bar);
    };
    ws.onopen = () => report({ state: 'live' });
    ws.onclose = () => {
      if (stopped || socket !== ws) return;
      socket = null;
      const retryInMs = backoffDelay(attempt++, env.random());
      report({ state: 'offline', reason: 'Binance stream closed', retryInMs });
      retryLater(retryInMs);
    };
  }

  // The watchdog: a socket can stay "open" while nothing flows (sleeping laptop, proxy).
  const watchdog = setInterval(
    () => {
      if (stopped || !socket) return;
      const silentMs = env.now() - lastMessageAt;
      if (silentMs >= staleMs * 4) {
        const ws = socket;
        socket = null;
        ws.close();
        const retryInMs = backoffDelay(attempt++, env.random());
        report({ state: 'offline', reason: 'Binance stream went silent', retryInMs });
        retryLater(retryInMs);
      } else if (silentMs >= staleMs) report({ state: 'stale', silentMs });
    },
    Math.max(250, staleMs / 4),
  );

  void sync();
  return {
    stop() {
      stopped = true;
      abort.abort();
      clearInterval(watchdog);
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}
