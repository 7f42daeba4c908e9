import type { Bar } from '../../engine/index.js';
import type { Feed, FeedSink } from './feed-types.js';

/**
 * The steps a real bar goes through while it forms, built only from its own OHLC: open,
 * then the nearer extreme, then the farther one, then the close. Each step is the bar as
 * a live feed would report it at that moment.
 */
export function formingSteps(bar: Bar, steps: number): Bar[] {
  const downFirst = Math.abs(bar.open - bar.low) <= Math.abs(bar.high - bar.open);
  const path = downFirst
    ? [bar.open, bar.low, bar.high, bar.close]
    : [bar.open, bar.high, bar.low, bar.close];
  const n = Math.max(1, Math.min(4, Math.floor(steps)));
  const out: Bar[] = [];
  let high = bar.open;
  let low = bar.open;
  for (const price of path) {
    high = Math.max(high, price);
    low = Math.min(low, price);
    out.push({ time: bar.time, open: bar.open, high, low, close: price, volume: bar.volume });
  }
  // With fewer than 4 steps keep the last ones: the final report must be the whole bar.
  return out.slice(4 - n);
}

/** Replays real bars as a live feed would deliver them: several updates per bar, on a timer. */
export class SimulatedFeed implements Feed {
  private timer: ReturnType<typeof setInterval> | undefined;
  private queue: Bar[] = [];

  constructor(
    private readonly bars: Bar[],
    private readonly tickMs = 250,
    private readonly ticksPerBar = 4,
  ) {}

  start(sink: FeedSink): void {
    this.stop();
    let index = 0;
    sink.onStatus('live', 'simulated feed replaying real bars');
    this.timer = setInterval(() => {
      if (this.queue.length === 0) {
        if (index >= this.bars.length) {
          clearInterval(this.timer);
          sink.onStatus('stale', 'the simulated feed has no more bars');
          return;
        }
        this.queue = formingSteps(this.bars[index++], this.ticksPerBar);
      }
      const next = this.queue.shift();
      if (next) sink.onBar(next);
    }, this.tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}
