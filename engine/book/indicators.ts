import { RollingMedian } from './rolling-median.js';
import type { BookDepth, BookTop, BookTrade } from './types.js';

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
  /**
   * Imbalance over the top `topLevels` levels of each side (fewer when the book shows fewer):
   * (bid size - ask size) / (bid size + ask size), summed over those levels. Set by
   * `updateDepth` only; NaN until a depth update (a level-1 source knows no levels behind the top).
   */
  imbalanceTop = NaN;
  /** Cumulative volume delta: buyer-initiated size minus seller-initiated size, since the start. */
  cvd = 0;
  updates = 0;
  private readonly median: RollingMedian;
  constructor(
    /** How far back the depth median looks, ms. */
    readonly depthWindowMs = 60_000,
    /** How many levels per side the top-N imbalance sums (Binance's partial book has 5, 10 or 20). */
    readonly topLevels = 5,
  ) {
    this.median = new RollingMedian(depthWindowMs);
  }

  /**
   * A depth snapshot: the level-1 numbers from its best levels (as `update`), then the top-N
   * imbalance over at most `topLevels` levels a side. O(topLevels), a constant, without allocating.
   */
  updateDepth(depth: BookDepth): void {
    const bid = depth.bids[0];
    const ask = depth.asks[0];
    // Scalars, not a BookTop filled per update (that stored boxed doubles: ~90 bytes an update).
    this.touch(depth.timeMs, bid ? bid[0] : NaN, bid ? bid[1] : 0, ask ? ask[0] : NaN, ask ? ask[1] : 0);
    let bids = 0;
    let asks = 0;
    const n = this.topLevels;
    for (let i = 0; i < n && i < depth.bids.length; i++) bids += depth.bids[i][1];
    for (let i = 0; i < n && i < depth.asks.length; i++) asks += depth.asks[i][1];
    this.imbalanceTop = bids + asks > 0 ? (bids - asks) / (bids + asks) : NaN;
  }

  update(top: BookTop): void {
    this.touch(top.timeMs, top.bidPrice, top.bidSize, top.askPrice, top.askSize);
  }

  private touch(timeMs: number, bidPrice: number, bidSize: number, askPrice: number, askSize: number): void {
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
    this.mid = this.spread = this.spreadBps = this.depth = this.imbalance = this.imbalanceTop = NaN;
    this.depthMedian = this.depthRatio = NaN;
    this.cvd = 0;
    this.updates = 0;
    this.median.reset();
  }
}
