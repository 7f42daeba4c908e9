import type { Bar } from '../types.js';
import { YAHOO_CHART_URL, YAHOO_INTERVALS } from './intervals.js';
import { FeedNotices, plural } from './notices.js';
import { BarSequencer, cleanHistory } from './sequencer.js';
import { FeedSupervisor, type RequestResult } from './supervisor.js';
import { yahooSymbolProblem } from './symbols.js';
import { queryString } from './urls.js';
import type { Feed, FeedEnvironment, FeedHandlers } from './types.js';
import { parseYahooChart } from './yahoo-parse.js';

export const DEFAULT_POLL_MS = 15_000;

export interface YahooPollOptions {
  /** Yahoo's spelling: SPY, ES=F, EURUSD=X, BTC-USD. */
  symbol: string;
  /** One of YAHOO_INTERVALS' labels: "5m", "60m", "1d". */
  interval: string;
  historyBars?: number;
  pollMs?: number;
  requestTimeoutMs?: number;
}

export function yahooPollProblem(options: YahooPollOptions): string | null {
  if (!YAHOO_INTERVALS.some((i) => i.label === options.interval))
    return `interval "${options.interval}" is not offered by Yahoo Finance: use one of ${YAHOO_INTERVALS.map((i) => i.label).join(', ')}`;
  return yahooSymbolProblem(options.symbol);
}

/**
 * Yahoo has no public stream, so the feed polls, on the same machinery as the Binance stream:
 * each poll is timed out, a failed or hung one makes the chart `stale` and retries with
 * backoff (never sooner than the next poll), a 429 waits at least Retry-After, an unknown
 * symbol stops with a reason. Each poll asks from the last bar held, which also backfills
 * whatever failed polls missed.
 */
export function startYahooPoll(
  options: YahooPollOptions,
  env: FeedEnvironment,
  handlers: FeedHandlers,
): Feed {
  const sup = new FeedSupervisor(env, (s) => handlers.onStatus(s), 'Yahoo Finance', options.requestTimeoutMs);
  const notices = new FeedNotices(env.clock, handlers.onNotice?.bind(handlers));
  const spec = YAHOO_INTERVALS.find((i) => i.label === options.interval) ?? YAHOO_INTERVALS[0];
  const seq = new BarSequencer(spec.seconds, () => Math.floor(env.clock.now() / 1000));
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let historyDelivered = false;
  let lastSuccessAt = env.clock.now();
  const stop = (): void => {
    sup.stop();
    notices.stop();
  };

  const url = (): string => {
    const nowSec = Math.floor(sup.now() / 1000);
    const back = Math.min((options.historyBars ?? 500) * spec.seconds, spec.maxDays * 86400);
    const period1 = historyDelivered ? seq.lastTime : nowSec - back;
    const params: [string, string][] = [
      ['interval', spec.label],
      ['period1', String(period1)],
      ['period2', String(nowSec + spec.seconds)],
    ];
    return `${YAHOO_CHART_URL}${encodeURIComponent(options.symbol)}?${queryString(params)}`;
  };

  const failed = (reason: string): void => {
    // A failed poll after live data: the chart is stale until a poll gets through again.
    if (historyDelivered && sup.status?.state === 'live')
      sup.report({ state: 'stale', silentMs: sup.now() - lastSuccessAt });
    sup.retry(reason, () => void poll(), pollMs);
  };

  const cleaned = (body: unknown): Bar[] => {
    const clean = cleanHistory(parseYahooChart(body));
    if (clean.unsorted || clean.repeated)
      notices.add(
        'yahoo:history-order',
        () => 'Yahoo Finance sent bars out of order or repeated: sorted, each bar kept once.',
      );
    return clean.bars;
  };

  const handle = (result: RequestResult): Bar[] | null => {
    if (!result.ok) {
      if (result.kind === 'retry') failed(result.reason);
      else if (result.kind === 'rate-limited') sup.rateLimited(result, () => void poll());
      else
        sup.fail(
          result.httpStatus === 404
            ? `Yahoo Finance has no data for ${options.symbol}.`
            : `Yahoo Finance refused the request (HTTP ${result.httpStatus}).`,
        );
      return null;
    }
    try {
      return cleaned(result.body);
    } catch (error) {
      failed(`Yahoo Finance sent malformed chart data: ${(error as Error).message}`);
      return null;
    }
  };

  async function poll(): Promise<void> {
    if (!historyDelivered) sup.report({ state: 'connecting', detail: 'loading Yahoo Finance history' });
    const result = await sup.request(url());
    if (sup.stopped) return;
    const bars = handle(result);
    if (!bars) return;
    const batch: Bar[] = [];
    for (const bar of bars) {
      const verdict = seq.accept(bar);
      if (verdict === 'future') {
        const when = new Date(bar.time * 1000).toISOString();
        notices.add(
          'yahoo:future',
          (n) =>
            `Refused ${plural(n, 'Yahoo Finance bar')} dated after this computer's clock (latest ${when}).`,
        );
      } else if (verdict !== 'old') {
        if (!historyDelivered) {
          if (verdict === 'replace' && batch.length) batch[batch.length - 1] = bar;
          else batch.push(bar);
        } else handlers.onBar(bar);
      }
    }
    if (!historyDelivered) {
      historyDelivered = true;
      handlers.onHistory(batch);
    }
    sup.succeeded();
    lastSuccessAt = sup.now();
    sup.report({ state: 'live' });
    sup.later(pollMs, () => void poll());
  }

  const problem = yahooPollProblem(options);
  if (problem) sup.fail(problem);
  else void poll();
  return { stop };
}
