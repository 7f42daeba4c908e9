import type { Bar } from '../types.js';
import { FeedMessageError } from './errors.js';
import { BINANCE_ENDPOINTS, BINANCE_INTERVALS } from './intervals.js';
import { parseKlineMessage, parseKlines, type KlineUpdate } from './binance-kline-parse.js';
import { FeedNotices, plural } from './notices.js';
import { BarSequencer, cleanHistory } from './sequencer.js';
import { FeedSupervisor, type RequestResult } from './supervisor.js';
import { binanceSymbolProblem } from './symbols.js';
import { queryString, withOrigin } from './urls.js';
import { StreamLink } from './stream-link.js';
import type { Feed, FeedEnvironment, FeedHandlers } from './types.js';

/**
 * No stream message for this long: `stale` (Binance pushes a kline update every 2 s, so 15 s
 * is seven missed updates). Four times this: the socket is taken for dead, closed, reopened
 * and the gap backfilled.
 */
export const DEFAULT_STALE_MS = 15_000;
/** Binance's largest page of klines. */
const PAGE = 1000;

export interface BinanceKlineOptions {
  market: 'spot' | 'futures';
  /** "BTCUSDT". */
  symbol: string;
  /** One of BINANCE_INTERVALS' labels: "1m", "5m", "1h". */
  interval: string;
  /** Bars of history on the first connect (at most 1000, Binance's page). Default 500. */
  historyBars?: number;
  staleMs?: number;
  requestTimeoutMs?: number;
  /** Another origin for the REST klines (a proxy, a test), e.g. "https://api.binance.com". */
  restBase?: string;
  /** Another origin for the stream, e.g. "wss://stream.binance.com:9443". */
  wsBase?: string;
}

/** Why these options cannot make a feed (the message to show), or null. */
export function binanceKlineProblem(options: BinanceKlineOptions): string | null {
  if (!BINANCE_INTERVALS.some((i) => i.label === options.interval))
    return `interval "${options.interval}" is not supported: use one of ${BINANCE_INTERVALS.map((i) => i.label).join(', ')}`;
  return binanceSymbolProblem(options.symbol);
}

/**
 * Binance klines: the stream is opened, then REST history asked for (or, after a drop, every
 * missed bar, page by page); stream messages are held until it is in and then pass the same
 * sequencer, so no bar's final values fall between the two. A new bar on the stream while the
 * last one was never seen final (a stall that resumed, a socket that opened after the history
 * answer) or after a skipped bar repairs the gap from REST first. `live` is reported only once
 * nothing is missing and the stream is open.
 */
export function startBinanceKlineFeed(
  options: BinanceKlineOptions,
  env: FeedEnvironment,
  handlers: FeedHandlers,
): Feed {
  const feed = new BinanceKlineFeed(options, env, handlers);
  feed.start();
  return feed;
}

class BinanceKlineFeed implements Feed {
  private readonly sup: FeedSupervisor;
  private readonly notices: FeedNotices;
  private readonly seq: BarSequencer;
  private readonly intervalSec: number;
  private readonly restUrl: string;
  private readonly link: StreamLink;
  /** idle: no history request running and none done since the last (re)connect failed. */
  private phase: 'idle' | 'syncing' | 'streaming' = 'idle';
  /** Bumped to abandon a history request in flight (stop). */
  private syncRun = 0;
  /** Stream updates that arrived while REST was being read, applied after it. */
  private held: KlineUpdate[] = [];
  private historyDelivered = false;
  /** Whether the last bar passed on is known to hold its final values. */
  private lastFinal = false;
  /** A stream bar a repair was already run for (it is not run twice for one bar). */
  private repairedFor = -Infinity;

  constructor(
    private readonly options: BinanceKlineOptions,
    env: FeedEnvironment,
    private readonly handlers: FeedHandlers,
  ) {
    this.sup = new FeedSupervisor(env, (s) => handlers.onStatus(s), 'Binance', options.requestTimeoutMs);
    this.notices = new FeedNotices(env.clock, handlers.onNotice?.bind(handlers));
    this.intervalSec = BINANCE_INTERVALS.find((i) => i.label === options.interval)?.seconds ?? 60;
    this.seq = new BarSequencer(this.intervalSec, () => Math.floor(env.clock.now() / 1000));
    const endpoints = BINANCE_ENDPOINTS[options.market];
    this.restUrl = withOrigin(endpoints.rest, options.restBase);
    const stream = `${options.symbol.toLowerCase()}@kline_${options.interval}`;
    this.link = new StreamLink(
      this.sup,
      env,
      `${withOrigin(endpoints.ws, options.wsBase)}${stream}`,
      options.staleMs ?? DEFAULT_STALE_MS,
      {
        connecting: (reconnect) =>
          reconnect ? 'reconnecting to the Binance stream' : 'opening the Binance stream',
        // The history request starts with the socket, not when it opens: a history that fails
        // (unknown symbol, rate limit) is heard even when the socket never opens. What the
        // stream sent before it opened is not lost: a bar it never saw final is repaired.
        connected: () => {
          if (this.phase !== 'syncing') void this.sync();
        },
        opened: () => {
          if (this.phase === 'streaming') this.nowLive();
        },
        message: (data) => this.message(data),
        dropped: () => undefined,
        streaming: () => this.phase === 'streaming',
      },
    );
  }

  start(): void {
    const problem = binanceKlineProblem(this.options);
    if (problem) return this.sup.fail(problem);
    this.link.start();
  }

  stop(): void {
    this.syncRun++;
    this.sup.stop();
    this.notices.stop();
    this.link.close();
  }

  private nowLive(): void {
    this.sup.succeeded();
    this.sup.report({ state: 'live' });
  }

  private message(data: unknown): void {
    let update: KlineUpdate | null;
    try {
      update = parseKlineMessage(data);
    } catch (error) {
      const detail = error instanceof FeedMessageError ? error.message : String(error);
      this.notices.add(
        'binance:malformed',
        (n) =>
          `Skipped ${plural(n, 'malformed Binance message')} (latest: ${detail}); the chart keeps going.`,
      );
      return;
    }
    if (!update) return;
    if (this.phase !== 'streaming') return void this.held.push(update);
    // Back to live (from stale, or a socket that opened after the history) only once the update
    // went in, not when it started a repair.
    if (this.apply(update, null) && this.sup.status?.state !== 'live') this.nowLive();
  }

  /**
   * One stream update through the sequencer: into `batch` (the first history) or onBar. A bar
   * that shows something is missing before it starts a repair and is held until it is done.
   * Returns false when it started one.
   */
  private apply(update: KlineUpdate, batch: Bar[] | null): boolean {
    const { bar } = update;
    const verdict = this.seq.verdict(bar);
    if (verdict === 'future') {
      this.refuseFuture(bar);
      return true;
    }
    if (verdict === 'old') return true;
    const last = this.seq.lastTime;
    const gap =
      verdict === 'add' && Number.isFinite(last) && (bar.time > last + this.intervalSec || !this.lastFinal);
    if (gap && this.repairedFor !== bar.time) {
      this.repairedFor = bar.time;
      this.held.unshift(update);
      void this.sync();
      return false;
    }
    this.commit(bar, update.closed, batch);
    return true;
  }

  private commit(bar: Bar, final: boolean, batch: Bar[] | null): void {
    const verdict = this.seq.accept(bar);
    if (verdict === 'future') return this.refuseFuture(bar);
    if (verdict === 'old') return;
    this.lastFinal = final;
    if (!batch) this.handlers.onBar(bar);
    else if (verdict === 'replace' && batch.length) batch[batch.length - 1] = bar;
    else batch.push(bar);
  }

  private refuseFuture(bar: Bar): void {
    const when = new Date(bar.time * 1000).toISOString();
    this.notices.add(
      'binance:future',
      (n) =>
        `Refused ${plural(n, 'Binance bar')} dated after this computer's clock (latest ${when}); later bars are kept.`,
    );
  }

  /**
   * REST from the last bar held (or the first history), every page until it is complete,
   * then the held stream updates. Status stays `connecting` until then.
   */
  private async sync(): Promise<void> {
    this.phase = 'syncing';
    const run = ++this.syncRun;
    const first = !this.historyDelivered;
    let batch: Bar[] | null = first ? [] : null;
    for (;;) {
      const from = this.seq.lastTime;
      if (!first) {
        const missing = Math.max(0, Math.round((this.sup.now() / 1000 - from) / this.intervalSec));
        this.sup.report({
          state: 'connecting',
          detail: `backfilling ${plural(missing, 'missed bar')} from Binance`,
        });
      }
      const result = await this.sup.request(this.pageUrl(first ? null : from));
      if (run !== this.syncRun || this.sup.stopped) return;
      const page = this.readPage(result);
      if (!page) {
        this.phase = 'idle'; // the reconnect that follows asks again
        return;
      }
      const nowSec = this.sup.now() / 1000;
      for (const bar of page.bars) this.commit(bar, bar.time + this.intervalSec <= nowSec, batch);
      // A short page is the last; so is one that did not move on (a server ignoring startTime).
      if (first || page.rows < PAGE || this.seq.lastTime <= from) break;
    }
    this.phase = 'streaming';
    if (batch) {
      // The first history: stream updates that came meanwhile join it, so nothing races its
      // load. (Delivered first, so a repair one of them starts is a backfill, not a reload.)
      this.historyDelivered = true;
      while (this.held.length && this.phase === 'streaming')
        if (!this.apply(this.held.shift()!, batch)) break;
      this.handlers.onHistory(batch);
      batch = null;
      if (this.phase !== 'streaming') return;
    }
    while (this.held.length && this.phase === 'streaming') if (!this.apply(this.held.shift()!, null)) return;
    // Live once the stream is open too; if it is not yet, its opening says so.
    if (this.link.open) this.nowLive();
  }

  private pageUrl(from: number | null): string {
    const params: [string, string][] = [
      ['symbol', this.options.symbol],
      ['interval', this.options.interval],
    ];
    if (from === null || !Number.isFinite(from)) {
      params.push(['limit', String(Math.max(1, Math.min(PAGE, this.options.historyBars ?? 500)))]);
    } else {
      // From the last bar held: it may have been still forming when the link dropped.
      params.push(['startTime', String(from * 1000)], ['limit', String(PAGE)]);
    }
    return `${this.restUrl}?${queryString(params)}`;
  }

  /** The page's bars, cleaned, and how many rows it had; or null after handling a failed request. */
  private readPage(result: RequestResult): { bars: Bar[]; rows: number } | null {
    if (!result.ok) {
      if (result.kind === 'retry') this.link.lost(`history request failed: ${result.reason}`);
      else if (result.kind === 'rate-limited') this.link.reconnectAfter(result);
      else {
        const body = result.body as { code?: number; msg?: string } | null;
        this.link.close();
        this.sup.fail(
          body?.code === -1121
            ? `Binance does not list ${this.options.symbol} (${this.options.market}).`
            : `Binance refused the request: ${body?.msg ?? `HTTP ${result.httpStatus}`}`,
        );
      }
      return null;
    }
    let bars: Bar[];
    try {
      bars = parseKlines(result.body);
    } catch (error) {
      this.link.lost(`Binance sent malformed klines: ${(error as Error).message}`);
      return null;
    }
    const clean = cleanHistory(bars);
    if (clean.unsorted || clean.repeated) {
      this.notices.add(
        'binance:history-order',
        () =>
          `Binance sent its history ${clean.unsorted ? 'out of time order' : 'in order'}${clean.repeated ? ` with ${plural(clean.repeated, 'repeated bar')}` : ''}: sorted, each bar kept once.`,
      );
    }
    return { bars: clean.bars, rows: bars.length };
  }
}
