import type { Bar } from '../../engine/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import { backoffDelay, parseRetryAfter, rateLimitDelay } from './backoff.js';
import { FeedMessageError } from './binance-parse.js';
import { pickInterval } from './intervals.js';
import type { Feed, FeedEnvironment, FeedHandlers, FeedStatus } from './types.js';
import { parseYahooChart } from './yahoo-parse.js';

export const YAHOO_CHART_URL = 'https://query1.finance.yahoo.com/v8/finance/chart/';

/** Yahoo's chart intervals with how far back each may reach (Yahoo refuses longer ranges). */
export const YAHOO_INTERVALS = (
  [
    ['1m', 60, 7],
    ['2m', 120, 59],
    ['5m', 300, 59],
    ['15m', 900, 59],
    ['30m', 1800, 59],
    ['60m', 3600, 729],
    ['1d', 86400, 36500],
    ['1wk', 604800, 36500],
    ['1mo', 2592000, 36500],
  ] as const
).map(([label, seconds, maxDays]) => ({ label, seconds, maxDays }));

export interface YahooFeedOptions {
  /** Yahoo's spelling: SPY, ES=F, EURUSD=X, BTC-USD. */
  symbol: string;
  timeframe: Timeframe;
  historyBars?: number;
  pollMs?: number;
}

/**
 * Yahoo has no public stream, so the feed polls. Each poll asks from the last bar known
 * (period1) to now, which also backfills whatever a failed poll missed. Polls that fail
 * back off; a 429 waits at least Retry-After; an unknown symbol stops with a reason.
 */
export function startYahooFeed(
  options: YahooFeedOptions,
  env: FeedEnvironment,
  handlers: FeedHandlers,
): Feed {
  const picked = pickInterval(options.timeframe, YAHOO_INTERVALS);
  const spec = YAHOO_INTERVALS.find((i) => i.label === picked.interval)!;
  const pollMs = options.pollMs ?? 15_000;
  const abort = new AbortController();
  let stopped = false;
  let attempt = 0;
  let lastTime: number | null = null;
  let lastSuccessAt = env.now();
  let status: FeedStatus['state'] | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  if (picked.note) handlers.onWarning?.(picked.note);

  const report = (next: FeedStatus): void => {
    if (stopped) return;
    if (next.state === status && (next.state === 'live' || next.state === 'connecting')) return;
    status = next.state;
    handlers.onStatus(next);
  };
  const schedule = (ms: number): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void poll(), ms);
  };

  function url(): string {
    const nowSec = Math.floor(env.now() / 1000);
    const back = Math.min((options.historyBars ?? 500) * spec.seconds, spec.maxDays * 86400);
    const period1 = lastTime ?? nowSec - back;
    const params = new URLSearchParams({
      interval: spec.label,
      period1: String(period1),
      period2: String(nowSec + spec.seconds),
    });
    return `${YAHOO_CHART_URL}${encodeURIComponent(options.symbol)}?${params}`;
  }

  async function poll(): Promise<void> {
    if (stopped) return;
    if (lastTime === null) report({ state: 'connecting' });
    let response: Response;
    try {
      response = await env.fetch(url(), { signal: abort.signal });
    } catch (error) {
      if (stopped) return;
      return failed(`Yahoo Finance unreachable (${(error as Error).message})`);
    }
    if (stopped) return;
    if (response.status === 429) {
      const wait = rateLimitDelay(
        429,
        parseRetryAfter(response.headers.get('retry-after'), env.now()),
        attempt++,
        env.random(),
      );
      report({ state: 'rate-limited', retryInMs: wait, httpStatus: 429 });
      return schedule(wait);
    }
    if (response.status === 404) {
      report({ state: 'failed', reason: `Yahoo Finance has no data for ${options.symbol}.` });
      return;
    }
    if (!response.ok) return failed(`Yahoo Finance answered HTTP ${response.status}`);
    let bars: Bar[];
    try {
      bars = parseYahooChart(await response.json());
    } catch (error) {
      return failed(
        error instanceof FeedMessageError
          ? `Malformed chart data: ${error.message}`
          : 'Chart data was not JSON',
      );
    }
    if (stopped) return;
    attempt = 0;
    lastSuccessAt = env.now();
    if (lastTime === null) handlers.onHistory(bars);
    else for (const bar of bars) if (bar.time >= lastTime) handlers.onBar(bar);
    if (bars.length) lastTime = Math.max(lastTime ?? -Infinity, bars[bars.length - 1].time);
    report({ state: 'live' });
    schedule(pollMs);
  }

  function failed(reason: string): void {
    const retryInMs = Math.max(pollMs, backoffDelay(attempt++, env.random()));
    // A failed poll after live data: the chart is stale until a poll gets through again.
    if (lastTime !== null && status === 'live')
      report({ state: 'stale', silentMs: env.now() - lastSuccessAt });
    report({ state: 'offline', reason, retryInMs });
    schedule(retryInMs);
  }

  void poll();
  return {
    stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
