/**
 * The order book's smallest plain shapes, shared by every source (Binance streams live, LOBSTER
 * files replayed). Times are UNIX milliseconds: book events are sub-second, bars are not.
 */

/** The best bid and ask with their sizes at one moment. */
export interface BookTop {
  timeMs: number;
  bidPrice: number;
  bidSize: number;
  askPrice: number;
  askSize: number;
  /** The source's update id when it has one (Binance's `u`): orders the updates. */
  updateId?: number;
}

/**
 * One trade and who crossed the spread. `buy`: the buyer was the taker (lifted the ask);
 * `sell`: the seller was (hit the bid).
 */
export interface BookTrade {
  timeMs: number;
  price: number;
  size: number;
  aggressor: 'buy' | 'sell';
  /** The source's trade id when it has one (Binance's aggregate id `a`): orders the trades. */
  id?: number;
}

/** One price level: price and size. */
export type BookLevel = readonly [price: number, size: number];

/**
 * The top levels of each side at one moment (Binance's `@depth20@100ms` partial book): bids
 * best (highest) first, asks best (lowest) first. A side may be empty.
 */
export interface BookDepth {
  timeMs: number;
  bids: readonly BookLevel[];
  asks: readonly BookLevel[];
  /** The source's update id (Binance's `lastUpdateId` or `u`): orders the snapshots. */
  updateId?: number;
}
