import { RollingMedian } from './rolling-median.js';
import type { BookDepth, BookTop, BookTrade } from './types.js';

/** Slots of BookIndicators' touch array: this update's time and touch. */
const TIME = 0;
const BID_PRICE = 1;
const BID_SIZE = 2;
const ASK_PRICE = 3;
const ASK_SIZE = 4;

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
  /** The last depth snapshot's top `topLevels` sizes a side, best first (made once). */
  private readonly bidSizes: Float64Array;
  private readonly askSizes: Float64Array;
  /** How many of those slots the last snapshot filled. */
  private nBids = 0;
  private nAsks = 0;
  /** This update's time and touch, handed to `touch()` (the slots TIME, BID_PRICE, ... above). */
  private readonly touchIn = new Float64Array(5);
  constructor(
    /** How far back the depth median looks, ms. */
    readonly depthWindowMs = 60_000,
    /** How many levels per side the top-N imbalance sums (Binance's partial book has 5, 10 or 20). */
    readonly topLevels = 5,
  ) {
    if (!(Number.isInteger(topLevels) && topLevels >= 1))
      throw new RangeError(`topLevels must be a whole number of levels, 1 or more (got ${topLevels})`);
    this.median = new RollingMedian(depthWindowMs);
    this.bidSizes = new Float64Array(topLevels);
    this.askSizes = new Float64Array(topLevels);
  }

  /**
   * A depth snapshot: the level-1 numbers from its best levels (as `update`), then the top-N
   * imbalance over at most `topLevels` levels a side. O(topLevels), a constant, without
   * allocating (test/bench/book.bench.ts measures the bytes): the sizes are copied into two
   * arrays made once, the touch reaches `touch()` through a typed array (shared with `update`,
   * so one compiled `touch` serves both paths), and no double is chosen with `c ? x : NaN`,
   * which V8 boxed here (16 bytes each: 49 to 64 bytes an update before).
   */
  updateDepth(depth: BookDepth): void {
    this.copyLevels(depth);
    const { bids, asks } = depth;
    const t = this.touchIn;
    t[TIME] = depth.timeMs;
    t[BID_PRICE] = NaN;
    t[ASK_PRICE] = NaN;
    t[BID_SIZE] = 0;
    t[ASK_SIZE] = 0;
    if (this.nBids > 0) {
      t[BID_PRICE] = bids[0][0];
      t[BID_SIZE] = this.bidSizes[0];
    }
    if (this.nAsks > 0) {
      t[ASK_PRICE] = asks[0][0];
      t[ASK_SIZE] = this.askSizes[0];
    }
    this.touch();
    this.sumLevels();
  }

  /**
   * The top-N imbalance alone from a depth snapshot, the level-1 numbers left as they are: for a
   * source whose touch comes from a faster stream (Binance's bookTicker, every change) while the
   * levels come every 100 ms, so the touch is not counted twice.
   */
  updateTopLevels(depth: BookDepth): void {
    this.copyLevels(depth);
    this.sumLevels();
  }

  private copyLevels(depth: BookDepth): void {
    const { bids, asks } = depth;
    const n = this.topLevels;
    const nBids = bids.length < n ? bids.length : n;
    const nAsks = asks.length < n ? asks.length : n;
    const bidSizes = this.bidSizes;
    const askSizes = this.askSizes;
    for (let i = 0; i < nBids; i++) bidSizes[i] = bids[i][1];
    for (let i = 0; i < nAsks; i++) askSizes[i] = asks[i][1];
    this.nBids = nBids;
    this.nAsks = nAsks;
  }

  private sumLevels(): void {
    let bidSum = 0;
    let askSum = 0;
    for (let i = 0; i < this.nBids; i++) bidSum += this.bidSizes[i];
    for (let i = 0; i < this.nAsks; i++) askSum += this.askSizes[i];
    const total = bidSum + askSum;
    this.imbalanceTop = NaN;
    if (total > 0) this.imbalanceTop = (bidSum - askSum) / total;
  }

  update(top: BookTop): void {
    const t = this.touchIn;
    t[TIME] = top.timeMs;
    t[BID_PRICE] = top.bidPrice;
    t[BID_SIZE] = top.bidSize;
    t[ASK_PRICE] = top.askPrice;
    t[ASK_SIZE] = top.askSize;
    this.touch();
  }

  private touch(): void {
    const t = this.touchIn;
    const timeMs = t[TIME];
    const bidSize = t[BID_SIZE];
    const askSize = t[ASK_SIZE];
    this.mid = (t[BID_PRICE] + t[ASK_PRICE]) / 2;
    this.spread = t[ASK_PRICE] - t[BID_PRICE];
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
