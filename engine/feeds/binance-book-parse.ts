import type { BookTop, BookTrade } from '../book/types.js';
import { FeedMessageError, feedNumber } from './errors.js';

export type BookMessage = { kind: 'top'; top: BookTop } | { kind: 'trade'; trade: BookTrade };

/**
 * One message of Binance's `<symbol>@bookTicker` or `<symbol>@aggTrade` stream, raw or combined
 * (`{stream, data}`). The same rule as the kline parser: JSON that is neither is null (not
 * ours); text that is not JSON, or one of ours with a field missing or wrong, throws naming the
 * field. Spot's bookTicker has no time: `receivedAtMs` (the clock when it came) stands in.
 */
export function parseBookMessage(text: unknown, receivedAtMs: number): BookMessage | null {
  if (typeof text !== 'string') throw new FeedMessageError('stream message is not text', 'message');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new FeedMessageError('stream message is not JSON', 'message');
  }
  const event =
    message && typeof message === 'object' && 'data' in message
      ? (message as { data: unknown }).data
      : message;
  if (!event || typeof event !== 'object') return null;
  const f = event as Record<string, unknown>;
  if (f.e === 'aggTrade') return { kind: 'trade', trade: aggTrade(f) };
  // Spot's bookTicker carries no event type; futures' says "bookTicker". Both have u, b, B, a, A.
  if (f.e === 'bookTicker' || (f.e === undefined && 'u' in f && 'b' in f && 'a' in f))
    return { kind: 'top', top: bookTicker(f, receivedAtMs) };
  return null;
}

function bookTicker(f: Record<string, unknown>, receivedAtMs: number): BookTop {
  const top: BookTop = {
    timeMs:
      f.T !== undefined ? feedNumber(f.T, 'T') : f.E !== undefined ? feedNumber(f.E, 'E') : receivedAtMs,
    bidPrice: feedNumber(f.b, 'b'),
    bidSize: feedNumber(f.B, 'B'),
    askPrice: feedNumber(f.a, 'a'),
    askSize: feedNumber(f.A, 'A'),
    updateId: feedNumber(f.u, 'u'),
  };
  if (top.bidSize < 0 || top.askSize < 0) throw new FeedMessageError('bookTicker: a size is negative', 'B/A');
  // An empty side (LOBSTER writes ±9999999999 for it) or a zero price is no quote.
  if (!(top.bidPrice > 0)) throw new FeedMessageError(`bookTicker: bid ${top.bidPrice} is not a price`, 'b');
  // A crossed top (bid above ask) is not a book anyone can trade on: refused, not shown.
  if (top.bidPrice > top.askPrice)
    throw new FeedMessageError(`bookTicker: bid ${top.bidPrice} is above ask ${top.askPrice}`, 'b/a');
  return top;
}

function aggTrade(f: Record<string, unknown>): BookTrade {
  if (typeof f.m !== 'boolean')
    throw new FeedMessageError(`aggTrade m is ${JSON.stringify(f.m)}, expected true or false`, 'm');
  const trade: BookTrade = {
    timeMs: feedNumber(f.T, 'T'),
    price: feedNumber(f.p, 'p'),
    size: feedNumber(f.q, 'q'),
    // m: "is the buyer the market maker?" Then the seller took liquidity: a sell.
    aggressor: f.m ? 'sell' : 'buy',
    id: feedNumber(f.a, 'a'),
  };
  if (trade.price <= 0 || trade.size <= 0)
    throw new FeedMessageError('aggTrade: price and quantity must be above 0', trade.price <= 0 ? 'p' : 'q');
  return trade;
}

/** GET /api/v3/aggTrades: [{a, p, q, f, l, T, m, M}, ...]. */
export function parseAggTrades(body: unknown): BookTrade[] {
  if (!Array.isArray(body)) throw new FeedMessageError('aggTrades response is not an array', 'body');
  return body.map((row: unknown, i) => {
    if (!row || typeof row !== 'object')
      throw new FeedMessageError(`aggTrade ${i} is not an object`, `[${i}]`);
    try {
      return aggTrade(row as Record<string, unknown>);
    } catch (error) {
      const e = error as FeedMessageError;
      throw new FeedMessageError(`aggTrade ${i}: ${e.message}`, `[${i}].${e.field}`);
    }
  });
}
