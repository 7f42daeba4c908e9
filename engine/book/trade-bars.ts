import type { Bar } from '../types.js';
import type { BookTrade } from './types.js';

/**
 * OHLCV bars built from trades, bucketed on whole multiples of `seconds` in UNIX time (New York's
 * offset is whole hours, so 1 s and 1 min buckets are also whole local seconds and minutes).
 * A bar is handed out when the first trade of a later bucket arrives (or on `flush`), so a bar is
 * only ever seen complete; a bucket without trades gives no bar. Bar.time is UNIX seconds, the
 * bucket's start, like every other bar in the engine.
 */
export class TradeBarBuilder {
  private bucket = NaN;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;

  constructor(
    readonly seconds: number,
    private readonly onBar: (bar: Bar) => void,
  ) {
    if (!(Number.isInteger(seconds) && seconds >= 1))
      throw new RangeError('bar seconds must be a whole number >= 1');
  }

  add(trade: BookTrade): void {
    const bucket = Math.floor(trade.timeMs / (this.seconds * 1000));
    if (bucket !== this.bucket) {
      this.flush();
      this.bucket = bucket;
      this.open = this.high = this.low = trade.price;
      this.volume = 0;
    }
    if (trade.price > this.high) this.high = trade.price;
    if (trade.price < this.low) this.low = trade.price;
    this.close = trade.price;
    this.volume += trade.size;
  }

  /** Hands out the bar being built (at the end of the data). */
  flush(): void {
    if (Number.isNaN(this.bucket)) return;
    this.onBar({
      time: this.bucket * this.seconds,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
    });
    this.bucket = NaN;
  }
}
