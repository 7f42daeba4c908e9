import {
  binanceKlineProblem,
  describeFeedStatus,
  startBinanceKlineFeed,
  type Feed as EngineFeed,
  type FeedEnvironment,
  type FeedStatus as EngineFeedStatus,
} from '../../engine/index.js';
import { browserFeedEnvironment } from './browser-environment.js';
import type { BinanceFeedOptions, Feed, FeedSink } from './feed-types.js';

/**
 * The widget's `feed="binance"`: the engine's Binance kline feed (engine/feeds), told what the
 * element's attributes say and reporting to the widget's sink. All the feed logic (sequencing,
 * backfill, reconnects, staleness) lives in the engine, shared with the extension.
 */
export class BinanceKlineFeed implements Feed {
  private feed: EngineFeed | null = null;
  private status: EngineFeedStatus | null = null;
  private sink: FeedSink | null = null;

  constructor(
    private readonly options: BinanceFeedOptions,
    private readonly env: FeedEnvironment = browserFeedEnvironment(),
  ) {
    const problem = binanceKlineProblem(this.engineOptions());
    if (problem) throw new TypeError(problem);
  }

  start(sink: FeedSink): void {
    this.stop();
    this.sink = sink;
    this.feed = startBinanceKlineFeed(this.engineOptions(), this.env, {
      onHistory: (bars) => sink.onBars(bars),
      onBar: (bar) => sink.onBar(bar),
      onStatus: (status) => {
        this.status = status;
        sink.onStatus(status.state, describeFeedStatus(status));
      },
      // The widget has one line for the feed: a notice takes it until the next change of state.
      onNotice: (notice) => sink.onStatus(this.status?.state ?? 'connecting', notice.text),
    });
  }

  stop(): void {
    if (!this.feed) return;
    this.feed.stop();
    this.feed = null;
    this.status = null;
    this.sink?.onStatus('closed', 'the feed was stopped');
  }

  private engineOptions() {
    const o = this.options;
    return {
      market: 'spot' as const,
      symbol: o.symbol,
      interval: o.interval,
      historyBars: o.history,
      staleMs: o.staleMs,
      restBase: o.restBase,
      wsBase: o.wsBase,
    };
  }
}
