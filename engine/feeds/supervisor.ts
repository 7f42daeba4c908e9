import { backoffDelay, parseRetryAfter, rateLimitDelay } from './backoff.js';
import type { FeedEnvironment, FeedStatus, TimerHandle } from './types.js';

/** A request not answered (head and body) within this long is given up and retried. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export type RequestResult =
  | { ok: true; body: unknown }
  /** Unreachable, timed out, a 5xx or a body that is not JSON: worth retrying. */
  | { ok: false; kind: 'retry'; reason: string }
  | { ok: false; kind: 'rate-limited'; httpStatus: number; waitMs: number }
  /** A 4xx other than a rate limit: retrying would get the same answer. */
  | { ok: false; kind: 'refused'; httpStatus: number; body: unknown };

/**
 * The machinery every live feed shares: timers that die with the feed, timed requests sorted
 * into what to do next, reconnect attempts with backoff, and a status that is reported once per
 * change. Feeds (Binance klines, Yahoo polls, the book streams) hold one and describe only
 * what is their own: URLs, parsing, sequencing.
 */
export class FeedSupervisor {
  stopped = false;
  private attempt = 0;
  private last: FeedStatus | null = null;
  private readonly timers = new Set<TimerHandle>();

  constructor(
    private readonly env: FeedEnvironment,
    private readonly onStatus: (status: FeedStatus) => void,
    /** Named in every message: "Binance", "Yahoo Finance". */
    readonly source: string,
    readonly requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  now(): number {
    return this.env.clock.now();
  }

  get status(): FeedStatus | null {
    return this.last;
  }

  /** Reports a change; the same live, stale or connecting (same detail) again is not news. */
  report(next: FeedStatus): void {
    if (this.stopped) return;
    const prev = this.last;
    if (
      prev &&
      prev.state === next.state &&
      (next.state === 'live' ||
        next.state === 'stale' ||
        (next.state === 'connecting' && prev.state === 'connecting' && prev.detail === next.detail))
    )
      return;
    this.last = next;
    this.onStatus(next);
  }

  /** Runs `run` after `ms` unless the feed stopped first. */
  later(ms: number, run: () => void): TimerHandle | undefined {
    if (this.stopped) return undefined;
    const handle = this.env.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.stopped) run();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.env.clock.clearTimeout(handle);
    this.timers.delete(handle);
  }

  /** Data flowed: the next failure starts the backoff from its first step again. */
  succeeded(): void {
    this.attempt = 0;
  }

  /** Reports offline and tries `run` again after the next backoff step (at least `minMs`). */
  retry(reason: string, run: () => void, minMs = 0): TimerHandle | undefined {
    if (this.stopped) return undefined;
    const retryInMs = Math.max(minMs, backoffDelay(this.attempt++, this.env.random()));
    this.report({ state: 'offline', reason, retryInMs });
    return this.later(retryInMs, run);
  }

  /** Reports the rate limit and tries `run` again when it has passed. */
  rateLimited(result: { httpStatus: number; waitMs: number }, run: () => void): TimerHandle | undefined {
    this.report({ state: 'rate-limited', retryInMs: result.waitMs, httpStatus: result.httpStatus });
    return this.later(result.waitMs, run);
  }

  fail(reason: string): void {
    this.report({ state: 'failed', reason });
    this.stop();
  }

  /** One GET, read to JSON, given up after requestTimeoutMs even if the answer never comes. */
  request(url: string): Promise<RequestResult> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (result: RequestResult): void => {
        if (done) return;
        done = true;
        this.cancel(timer);
        resolve(result);
      };
      const timer = this.later(this.requestTimeoutMs, () =>
        finish({
          ok: false,
          kind: 'retry',
          reason: `${this.source} did not answer within ${Math.round(this.requestTimeoutMs / 1000)} s`,
        }),
      );
      this.send(url).then(finish, (error: unknown) =>
        finish({
          ok: false,
          kind: 'retry',
          reason: `${this.source} unreachable (${error instanceof Error ? error.message : String(error)})`,
        }),
      );
    });
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers) this.env.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private async send(url: string): Promise<RequestResult> {
    const response = await this.env.fetch(url, { timeoutMs: this.requestTimeoutMs });
    const status = response.status;
    if (status === 429 || status === 418) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.now());
      return {
        ok: false,
        kind: 'rate-limited',
        httpStatus: status,
        waitMs: rateLimitDelay(status, retryAfter, this.attempt++, this.env.random()),
      };
    }
    if (status >= 400 && status < 500) {
      const body = await response.json().catch(() => null);
      return { ok: false, kind: 'refused', httpStatus: status, body };
    }
    if (!response.ok) return { ok: false, kind: 'retry', reason: `${this.source} answered HTTP ${status}` };
    try {
      return { ok: true, body: await response.json() };
    } catch {
      return { ok: false, kind: 'retry', reason: `${this.source} answered with something that is not JSON` };
    }
  }
}
