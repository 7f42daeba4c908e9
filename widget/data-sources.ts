import type { Bar, BarColumns } from '../engine/index.js';
import type { EngineApi, EngineClient } from './engine-client.js';
import { WidgetError } from './errors.js';
import { BinanceKlineFeed } from './feeds/binance-feed.js';
import type { BinanceFeedOptions, Feed, SimulatedFeedOptions } from './feeds/feed-types.js';
import { SimulatedFeed } from './feeds/simulated-feed.js';
import { loadedBarList, type LoadedBars } from './load-bars.js';
import type { WidgetOptions } from './types.js';

/** A worker's calls before it has answered, and the engine it turns out to be (see beginEngine). */
export interface EarlyEngine {
  api: EngineApi;
  ready: Promise<EngineClient>;
}

/** What a data source drives in its widget. */
export interface SourceHost {
  isDestroyed(): boolean;
  /** Loads bars and draws the plan over them. */
  load(bars: Bar[]): Promise<void>;
  /** A file's columns: all to the engine (the early worker calls when given), a window to the chart. */
  loadColumns(columns: BarColumns, early: EarlyEngine | null): Promise<void>;
  /** After load: play the rest of `bars` from `shown` on as a replay. */
  startReplay(bars: Bar[], shown: number): void;
  startFeed(feed: Feed): void;
}

/** The engine as the source finds it: its early calls (a worker), and the engine once it answers. */
export interface StartingEngine {
  early: EngineApi | null;
  started: Promise<EngineClient>;
}

/**
 * Where a widget's bars come from and how they are played: one strategy per source. The bars
 * of `src`, `text` or `bars` are read by load-bars.ts while the engine starts; `readsBars`
 * says whether this source wants them.
 */
export interface DataSource {
  readonly readsBars: boolean;
  start(host: SourceHost, loaded: LoadedBars | null, engine: StartingEngine): Promise<void>;
}

const NO_BARS = 'The data has a header but no bars. Give at least one row of time,open,high,low,close.';

function barList(loaded: LoadedBars | null): Bar[] {
  const bars = loaded ? loadedBarList(loaded) : [];
  if (bars.length === 0) throw new WidgetError('bars', NO_BARS);
  return bars;
}

/** A file, text or bars drawn as they are (static), or waiting for push() (live without a feed). */
function staticSource(columnsFirst: boolean): DataSource {
  return {
    readsBars: true,
    async start(host, loaded, engine) {
      if (columnsFirst && loaded && 'columns' in loaded) {
        // The bars go to the worker now, even if it has not answered yet (see beginEngine); the
        // page-thread engine (no worker tried) is awaited first, its script may still be loading.
        if (!engine.early) await engine.started;
        await host.loadColumns(loaded.columns, engine.early && { api: engine.early, ready: engine.started });
        return;
      }
      await engine.started;
      if (host.isDestroyed()) return;
      await host.load(barList(loaded));
    },
  };
}

/** History replayed bar by bar from the entry on (or `start`, see replayStart). */
function replaySource(start: (bars: Bar[]) => number): DataSource {
  return {
    readsBars: true,
    async start(host, loaded, engine) {
      await engine.started;
      if (host.isDestroyed()) return;
      const bars = barList(loaded);
      const shown = start(bars);
      await host.load(bars.slice(0, shown));
      // Removed while loading: no clock may start after that.
      if (!host.isDestroyed()) host.startReplay(bars, shown);
    },
  };
}

/** A file's last bars (or given ones) played as live ticks by the simulated feed. */
function simulatedSource(options: SimulatedFeedOptions): DataSource {
  return {
    readsBars: true,
    async start(host, loaded, engine) {
      await engine.started;
      if (host.isDestroyed()) return;
      const bars = barList(loaded);
      const shown = options.startBars ?? Math.max(1, bars.length - 200);
      await host.load(bars.slice(0, shown));
      if (host.isDestroyed()) return;
      const ticks = options.bars ?? bars.slice(shown);
      host.startFeed(new SimulatedFeed(ticks, options.tickMs ?? 250, options.ticksPerBar ?? 4));
    },
  };
}

/** Binance: the history comes with the feed's REST backfill, the plan loads on its first batch. */
function binanceSource(options: BinanceFeedOptions): DataSource {
  return {
    readsBars: false,
    async start(host, _loaded, engine) {
      await engine.started;
      if (!host.isDestroyed()) host.startFeed(new BinanceKlineFeed(options));
    },
  };
}

export function pickSource(options: WidgetOptions, replayStart: (bars: Bar[]) => number): DataSource {
  const mode = options.mode ?? 'static';
  const feed = options.feed;
  if (mode === 'live' && feed?.kind === 'binance') return binanceSource(feed);
  if (mode === 'live' && feed?.kind === 'simulated') return simulatedSource(feed);
  if (mode === 'replay') return replaySource(replayStart);
  return staticSource(mode === 'static');
}
