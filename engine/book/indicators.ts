import { RollingMedian } from './rolling-median.js';
import type { BookTop, BookTrade } from './types.js';

/**
 * The streaming numbers a book gives, refreshed in O(1) per update (the depth median's insert
 * is a binary search and a memmove, see RollingMedian) without allocating. A side that is empty
 * (price NaN, size 0) makes mid, spread and spreadBps NaN until it fills again; depth and
 * imbalance still read (an empty ask is imbalance +1, the book's honest state).
 */
export class BookIndicators {
  mid = NaN;
  /** Ask - bid, in price. */
  spread = NaN;
  /** Spread over the mid, in basis points. */
  spreadBps = NaN;
  /** Shares (or coins) at the best bid plus the best ask. */
  depth = NaN;
  /** (bid size - ask size) / (bid size + ask size), -1..1; NaN when both sides are empty. */
  imbalance = NaN;
  /** Median top-of-book depth over the window before this update (this update not included). */
  depthMedian = NaN;
  /** depth / depthMedian: 0.3 means the top holds 70% less than usual. NaN until the window is full. */
  depthRatio = NaN;
  /** Cumulative volume delta: buyer-initiated size minus seller-initiated size, since the start. */
  cvd = 0;
  updates = 0;
  private readonly median: RollingMedian;

  constructor(
    /** How far back the depth median looks, ms. */
    readonly depthWindowMs = 60_000,
  ) {
    this.median = new RollingMedian(depthWindowMs);
  }

  update(top: BookTop): void {
    const { bidPrice, askPrice, bidSize, askSize, timeMs } = top;
    this.mid = (bidPrice + askPrice) / 2;
    this.spread = askPrice - bidPrice;
    this.spreadBps = (this.spread / this.mid) * 1e4;
    const depth = bidSize + askSize;
    this.depth = depth;
    this.imbalance = depth > 0 ? (bidSize - askSize) / depth : NaN;
    this.median.evict(timeMs);
    this.depthMedian = this.median.value;
    this.depthRatio = this.median.warm(timeMs) ? depth / this.depthMedian : NaN;
    this.median.add(timeMs, depth);
    this.updates++;
  }

  addTrade(trade: BookTrade): void {
    this.cvd += trade.aggressor === 'buy' ? trade.size : -trade.size;
  }

  reset(): void {
    this.mid = this.spread = this.spreadBps = this.depth = this.imbalance = NaN;
    this.depthMedian = this.depthRatio = NaN;
    this.cvd = 0;
    this.updates = 0;
    this.median.reset();
  }
}
