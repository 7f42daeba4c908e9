import type { Side } from '../types.js';
import type { BookTop } from './types.js';

/**
 * Where a market exit fills on a book, and what that costs against the mid.
 *
 * The rule: a long sells into the bid, a short buys from the ask (the touch). The visible size
 * at the touch fills there; what is bigger than it is assumed to meet more levels behind, each as
 * thick as the touch and one spread further away (a spread of at least one tick): a level-1 feed
 * shows no more, and a book usually thins and widens the way it looks at its top. So a size of
 * 2.5 times the touch fills 1 x at the touch, 1 x one spread worse and 0.5 x two spreads worse.
 */
export interface BookFill {
  /** Average price of the fill; NaN when the side to fill against is empty. */
  price: number;
  /** The best price on the side filled against. */
  touch: number;
  /** The mid of the book the fill is made on. */
  mid: number;
  /** Price levels (beyond the touch) the size walked. */
  levelsWalked: number;
}

export function emptyFill(): BookFill {
  return { price: NaN, touch: NaN, mid: NaN, levelsWalked: 0 };
}

/** Fills `size` units of the exit of a `side` position on `top`, into `into` (no allocation). */
export function fillExit(top: BookTop, side: Side, size: number, tick: number, into: BookFill): BookFill {
  const long = side === 'long';
  const touch = long ? top.bidPrice : top.askPrice;
  const visible = long ? top.bidSize : top.askSize;
  into.touch = touch;
  into.mid = (top.bidPrice + top.askPrice) / 2;
  into.levelsWalked = 0;
  if (Number.isNaN(touch) || !(visible > 0) || !(size > 0)) {
    into.price = NaN;
    return into;
  }
  const spread = top.askPrice - top.bidPrice;
  const step = Math.max(Number.isFinite(spread) ? spread : 0, tick);
  const dir = long ? -1 : 1;
  // Whole levels of `visible` units, then the remainder one level further (closed form: a huge
  // size against a thin touch costs no loop).
  const full = Math.floor(size / visible);
  const rest = size - full * visible;
  const fullCost = visible * (full * touch + dir * step * ((full * (full - 1)) / 2));
  const level = rest > 0 ? full : full - 1;
  const cost = fullCost + rest * (touch + dir * full * step);
  into.levelsWalked = level;
  into.price = cost / size;
  return into;
}

/** Slippage of a fill against a reference mid, as a cost (positive: worse than the mid). */
export function slippageAgainstMid(side: Side, mid: number, price: number): number {
  return side === 'long' ? mid - price : price - mid;
}
