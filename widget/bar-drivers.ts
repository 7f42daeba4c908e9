import type { Bar, BarColumns } from '../engine/index.js';
import type { EarlyEngine, SourceHost } from './data-sources.js';
import { connectFeed } from './feed-link.js';
import type { Feed } from './feeds/feed-types.js';
import { ReplayDriver } from './replay-driver.js';
import type { ViewState } from './view-store.js';
import type { WidgetOptions } from './types.js';

/** What the drivers need from their widget (widget/controller.ts). */
export interface DriverTarget {
  isDestroyed(): boolean;
  /** Whether the plan is drawn, and whether any bars are loaded (a feed's history loads only the first time). */
  isReady(): boolean;
  hasBars(): boolean;
  load(bars: Bar[]): Promise<void>;
  loadColumns(columns: BarColumns, early: EarlyEngine | null): Promise<void>;
  /** Queues a load after the work already queued (a feed's first history); a failure goes to fail. */
  queueLoad(bars: Bar[]): void;
  /** A replay's Restart: the chart anew with these bars, the plan kept. */
  reload(bars: Bar[]): Promise<void>;
  /** push(bar), with a failure shown as the widget's error. */
  push(bar: Bar): void;
  setState(patch: Partial<ViewState>): void;
}

/**
 * What brings bars in after the data source's first load: a replay playing the rest of a file,
 * or a live feed. The data source (widget/data-sources.ts) starts one of them through host();
 * the widget pauses or stops them when it fails or goes away.
 */
export class BarDrivers {
  private replay: ReplayDriver | null = null;
  private feed: Feed | null = null;

  constructor(
    private readonly options: WidgetOptions,
    private readonly target: DriverTarget,
  ) {}

  /** The replay's controls (the rest of the file pushed bar by bar, like a live feed), when replaying. */
  get replayDriver(): ReplayDriver | null {
    return this.replay;
  }

  /** What the data source drives. */
  host(): SourceHost {
    const target = this.target;
    return {
      isDestroyed: () => target.isDestroyed(),
      load: (bars) => target.load(bars),
      loadColumns: (columns, early) => target.loadColumns(columns, early),
      startReplay: (bars, shown) => this.startReplay(bars, shown),
      startFeed: (feed) => this.startFeed(feed),
    };
  }

  private startReplay(bars: Bar[], shown: number): void {
    this.replay = new ReplayDriver(bars, shown, this.options.replay?.speed ?? 8, {
      push: (bar) => this.target.push(bar),
      reload: (initial) => this.target.reload(initial),
      onState: (replay) => this.target.setState({ replay }),
    });
    this.replay.begin();
    if (this.options.replay?.autoplay) this.replay.play();
  }

  private startFeed(feed: Feed): void {
    this.feed = feed;
    const target = this.target;
    connectFeed(feed, {
      // The feed's first history loads the chart; later bars (and a backfill) are pushed.
      loadFirst: (bars) => {
        if (target.isReady() || target.hasBars()) return false;
        target.queueLoad(bars);
        return true;
      },
      push: (bar) => target.push(bar),
      ready: () => target.isReady(),
      status: (status, detail) => target.setState({ feed: { status, detail } }),
    });
  }

  /** Pauses the replay and stops the feed (the widget failed or is removed). */
  stop(): void {
    this.replay?.pause();
    this.feed?.stop();
  }
}
