import type { BookDepth, BookLevel, BookTop, BookTrade } from '../book/types.js';
import { FeedMessageError, feedNumber } from './errors.js';

export type BookMessage =
  { kind: 'top'; top: BookTop } | { kind: 'trade'; trade: BookTrade } | { kind: 'depth'; depth: BookDepth };

/**
 * One message of Binance's `<symbol>@bookTicker`, `<symbol>@aggTrade` or `<symbol>@depth<N>@100ms`
 * (partial book) stream, raw or combined
 * (`{stream, data}`). The same rule as the kline parser: JSON that is neither is null (not
 * ours); text that is not JSON, or one of ours with a field missing or wrong, throws naming the
 * field. Spot's bookTicker and partial book have no time: `receivedAtMs` (the clock when it
 * came) stands in.
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
  // Spot's partial book: {lastUpdateId, bids, asks}; futures': {e: "depthUpdate", E, T, u, b, a}.
  if (f.e === undefined && 'lastUpdateId' in f && 'bids' in f)
    return { kind: 'depth', depth: depth(f, 'lastUpdateId', 'bids', 'asks', receivedAtMs) };
  if (f.e === 'depthUpdate') return { kind: 'depth', depth: depth(f, 'u', 'b', 'a', receivedAtMs) };
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

function depth(
  f: Record<string, unknown>,
  idField: string,
  bidsField: string,
  asksField: string,
  receivedAtMs: number,
): BookDepth {
  const book: BookDepth = {
    timeMs: f.T !== undefined ? feedNumber(f.T, 'T') : receivedAtMs,
    bids: levels(f[bidsField], bidsField, -1),
    asks: levels(f[asksField], asksField, 1),
    updateId: feedNumber(f[idField], idField),
  };
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid && ask && bid[0] > ask[0])
    throw new FeedMessageError(
      `depth: best bid ${bid[0]} is above best ask ${ask[0]}`,
      `${bidsField}/${asksField}`,
    );
  return book;
}

/** [["price", "qty"], ...] best first: bids falling (dir -1), asks rising (dir 1). */
function levels(raw: unknown, field: string, dir: 1 | -1): BookLevel[] {
  if (!Array.isArray(raw)) throw new FeedMessageError(`depth ${field} is not a list of levels`, field);
  return raw.map((level: unknown, i): BookLevel => {
    if (!Array.isArray(level) || level.length < 2)
      throw new FeedMessageError(`depth ${field}[${i}] is not [price, quantity]`, `${field}[${i}]`);
    const price = feedNumber(level[0], `${field}[${i}][0]`);
    const size = feedNumber(level[1], `${field}[${i}][1]`);
    if (!(price > 0) || size < 0)
      throw new FeedMessageError(
        `depth ${field}[${i}]: price must be above 0 and quantity 0 or more`,
        `${field}[${i}]`,
      );
    const before = i > 0 ? (raw[i - 1] as unknown[]) : null;
    if (before && dir * (price - Number(before[0])) <= 0)
      throw new FeedMessageError(`depth ${field}[${i}]: price ${price} is out of order`, `${field}[${i}][0]`);
    return [price, size];
  });
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
