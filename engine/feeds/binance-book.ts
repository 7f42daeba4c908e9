import type { BookDepth, BookTop, BookTrade } from '../book/types.js';
import { parseAggTrades, parseBookMessage, type BookMessage } from './binance-book-parse.js';
import { DEFAULT_STALE_MS } from './binance-klines.js';
import { FeedMessageError } from './errors.js';
import { BINANCE_BOOK_ENDPOINTS } from './intervals.js';
import { FeedNotices, plural } from './notices.js';
import { StreamLink } from './stream-link.js';
import { FeedSupervisor, type RequestResult } from './supervisor.js';
import { binanceSymbolProblem } from './symbols.js';
import { queryString, withOrigin } from './urls.js';
import type { Feed, FeedEnvironment, FeedNotice, FeedStatus } from './types.js';

/** `depth20@100ms`: the top 20 levels a side every 100 ms (spot and futures; also depth5, depth10). */
export type BinanceBookStream = 'bookTicker' | 'aggTrade' | `depth${5 | 10 | 20}@100ms`;

export interface BinanceBookOptions {
  market: 'spot' | 'futures';
  /** "BTCUSDT". */
  symbol: string;
  /** The streams to follow on one combined socket; both by default. */
  streams?: readonly BinanceBookStream[];
  staleMs?: number;
  requestTimeoutMs?: number;
  /** Another origin for the REST trades (a proxy, a test). */
  restBase?: string;
  /** Another origin for the combined stream. */
  wsBase?: string;
  /**
   * Missed trades fetched from REST after a gap, at most (default 5,000, five pages). A longer
   * gap (a laptop asleep for hours) is reported with its size instead of fetched.
   */
  maxTradeBackfill?: number;
}

export interface BookFeedHandlers {
  onTop?(top: BookTop): void;
  onTrade?(trade: BookTrade): void;
  /** A partial book snapshot (`depth<N>@100ms`), newest first by its update id. */
  onDepth?(depth: BookDepth): void;
  onStatus(status: FeedStatus): void;
  onNotice?(notice: FeedNotice): void;
}

const PAGE = 1000;

/**
 * Binance's best bid/ask (`@bookTicker`), partial book (`@depth20@100ms`: snapshots, ordered by
 * their update id like the tops) and aggregate trades (`@aggTrade`) on the feed stack:
 * the same reconnect, timeout and stale handling as the klines (StreamLink). Tops are ordered
 * by their update id (a repeated or older one is dropped; the next one supersedes what a drop
 * missed). Trades are ordered by their aggregate id, which Binance numbers without holes: a
 * hole (after a reconnect or a lost message) is filled from REST before later trades pass, so
 * none is lost or doubled.
 */
export function startBinanceBookFeed(
  options: BinanceBookOptions,
  env: FeedEnvironment,
  handlers: BookFeedHandlers,
): Feed {
  const feed = new BinanceBookFeed(options, env, handlers);
  feed.start();
  return feed;
}

class BinanceBookFeed implements Feed {
  private readonly sup: FeedSupervisor;
  private readonly notices: FeedNotices;
  private readonly link: StreamLink;
  private readonly tradesUrl: string;
  private readonly maxBackfill: number;
  private phase: 'idle' | 'streaming' | 'syncing' = 'idle';
  private lastUpdateId = -Infinity;
  private lastDepthId = -Infinity;
  private lastTradeId: number | null = null;
  /** Trades that came while a hole before them was being filled. */
  private held: BookTrade[] = [];

  constructor(
    private readonly options: BinanceBookOptions,
    private readonly env: FeedEnvironment,
    private readonly handlers: BookFeedHandlers,
  ) {
    this.sup = new FeedSupervisor(env, (s) => handlers.onStatus(s), 'Binance', options.requestTimeoutMs);
    this.notices = new FeedNotices(env.clock, handlers.onNotice?.bind(handlers));
    this.maxBackfill = options.maxTradeBackfill ?? 5000;
    const endpoints = BINANCE_BOOK_ENDPOINTS[options.market];
    this.tradesUrl = withOrigin(endpoints.trades, options.restBase);
    const symbol = options.symbol.toLowerCase();
    const streams = (options.streams ?? ['bookTicker', 'aggTrade']).map((s) => `${symbol}@${s}`).join('/');
    const url = `${withOrigin(endpoints.ws, options.wsBase)}?streams=${streams}`;
    this.link = new StreamLink(this.sup, env, url, options.staleMs ?? DEFAULT_STALE_MS, {
      connecting: (reconnect) =>
        reconnect ? 'reconnecting to the Binance book stream' : 'opening the Binance book stream',
      opened: () => (this.phase = 'streaming'),
      message: (data) => this.message(data),
      dropped: () => {
        this.phase = 'idle';
        this.held = [];
      },
      streaming: () => this.phase === 'streaming',
    });
  }

  start(): void {
    const problem = binanceSymbolProblem(this.options.symbol);
    if (problem) return this.sup.fail(problem);
    if (this.options.streams && this.options.streams.length === 0)
      return this.sup.fail(
        'No Binance book stream asked for: give bookTicker, aggTrade, depth20@100ms or several.',
      );
    this.link.start();
  }

  stop(): void {
    this.sup.stop();
    this.notices.stop();
    this.link.close();
  }

  private message(data: unknown): void {
    let message: BookMessage | null;
    try {
      message = parseBookMessage(data, this.env.clock.now());
    } catch (error) {
      const detail = error instanceof FeedMessageError ? error.message : String(error);
      this.notices.add(
        'binance-book:malformed',
        (n) => `Skipped ${plural(n, 'malformed Binance book message')} (latest: ${detail}).`,
      );
      return;
    }
    if (!message) return;
    // Data flows again: live (unless a hole in the trades is still being filled).
    if (this.phase === 'streaming' && this.sup.status?.state !== 'live') {
      this.sup.succeeded();
      this.sup.report({ state: 'live' });
    }
    if (message.kind === 'top') this.top(message.top);
    else if (message.kind === 'depth') this.depth(message.depth);
    else this.trade(message.trade);
  }

  /** A partial book is a whole snapshot: an older or repeated one is dropped, none is waited for. */
  private depth(depth: BookDepth): void {
    const id = depth.updateId ?? -Infinity;
    if (id <= this.lastDepthId && Number.isFinite(id)) return;
    this.lastDepthId = id;
    this.handlers.onDepth?.(depth);
  }

  private top(top: BookTop): void {
    const id = top.updateId ?? -Infinity;
    if (id <= this.lastUpdateId && Number.isFinite(id)) return;
    this.lastUpdateId = id;
    this.handlers.onTop?.(top);
  }

  /** Returns false when the trade waits (held) behind a hole being filled. */
  private trade(trade: BookTrade): boolean {
    const id = trade.id ?? NaN;
    const last = this.lastTradeId;
    if (last !== null && id <= last) return true;
    if (this.phase === 'syncing') {
      this.held.push(trade);
      return false;
    }
    if (last !== null && id > last + 1) {
      this.held.push(trade);
      this.phase = 'syncing';
      void this.fill(this.link.generation, last + 1, id - 1);
      return false;
    }
    this.lastTradeId = id;
    this.handlers.onTrade?.(trade);
    return true;
  }

  /** Fetches trades fromId..toId from REST, page by page, then lets the held ones through. */
  private async fill(gen: number, fromId: number, toId: number): Promise<void> {
    const missing = toId - fromId + 1;
    if (missing > this.maxBackfill) {
      this.notices.add(
        'binance-book:trades-skipped',
        () =>
          `Binance trades ${fromId}-${toId} (${plural(missing, 'trade')}) were missed while the stream was down: more than ${this.maxBackfill} to fetch, so the trade flow resumes after them.`,
      );
    } else {
      this.sup.report({
        state: 'connecting',
        detail: `backfilling ${plural(missing, 'missed trade')} from Binance`,
      });
      let next = fromId;
      while (next <= toId) {
        const params: [string, string][] = [
          ['symbol', this.options.symbol],
          ['fromId', String(next)],
          ['limit', String(Math.min(PAGE, toId - next + 1))],
        ];
        const result = await this.sup.request(`${this.tradesUrl}?${queryString(params)}`);
        if (!this.link.current(gen)) return;
        if (!result.ok) return this.failed(result);
        let trades: BookTrade[];
        try {
          trades = parseAggTrades(result.body).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
        } catch (error) {
          return this.link.lost(`Binance sent malformed trades: ${(error as Error).message}`);
        }
        const before = next;
        for (const t of trades) {
          const id = t.id ?? NaN;
          if (id < next || id > toId) continue;
          this.lastTradeId = id;
          next = id + 1;
          this.handlers.onTrade?.(t);
        }
        if (next === before) break; // REST has none of them: do not ask forever
      }
    }
    this.lastTradeId = Math.max(this.lastTradeId ?? toId, toId);
    this.phase = 'streaming';
    const held = this.held.splice(0);
    for (let i = 0; i < held.length; i++) {
      if (!this.trade(held[i])) {
        // Another hole: the rest wait behind it, in order.
        this.held.push(...held.slice(i + 1));
        return;
      }
    }
    this.sup.succeeded();
    this.sup.report({ state: 'live' });
  }

  private failed(result: Exclude<RequestResult, { ok: true }>): void {
    if (result.kind === 'retry') return this.link.lost(`trade history request failed: ${result.reason}`);
    if (result.kind === 'rate-limited') return this.link.reconnectAfter(result);
    this.link.close();
    const body = result.body as { code?: number; msg?: string } | null;
    this.sup.fail(
      body?.code === -1121
        ? `Binance does not list ${this.options.symbol} (${this.options.market}).`
        : `Binance refused the trade history request: ${body?.msg ?? `HTTP ${result.httpStatus}`}`,
    );
  }
}
