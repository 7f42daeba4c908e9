import { BookError } from './book-error.js';
import { dateFromLobsterName, newYorkMidnightMs } from './ny-time.js';
import type { BookTop, BookTrade } from './types.js';

/**
 * LOBSTER message + orderbook files, read row by row (one pair of lines at a time, so a day of
 * any size streams through in constant memory). Row k of the orderbook file is the book right
 * after event k of the message file. Message: Time (seconds after New York midnight), Type
 * (1 new, 2 partial cancel, 3 delete, 4 visible execution, 5 hidden execution, 7 trading halt),
 * OrderId, Size, Price (dollars x 10,000), Direction (-1 sell limit order, 1 buy limit order).
 * Orderbook: BestAsk, BestAskVolume, BestBid, BestBidVolume (then more levels, which level-1
 * readers skip). An empty side is marked by price 9999999999 (ask) or -9999999999 (bid): it
 * becomes price NaN and size 0 here, so nothing downstream mistakes the marker for a price.
 */

export const LOBSTER_EMPTY_ASK = 9_999_999_999;
export const LOBSTER_EMPTY_BID = -9_999_999_999;
const PRICE_SCALE = 10_000;

/** What a type 7 event says: halted, quoting resumed (price 0), trading resumed (price 1). */
export type HaltState = 'halted' | 'quoting' | 'trading';

export interface LobsterHandler {
  /** An execution (type 4 or 5), before the book it leaves. The object is reused: copy what you keep. */
  trade?(trade: BookTrade, row: number): void;
  /** The book after every event. The object is reused: copy what you keep. */
  top?(top: BookTop, row: number): void;
  halt?(timeMs: number, state: HaltState, row: number): void;
}

export interface LobsterOptions {
  /** The trading date (YYYY-MM-DD), New York. Absent: read from `fileName`. */
  date?: string;
  /** A LOBSTER file name holding the date (`AMZN_2012-06-21_34200000_57600000_message_1.csv`). */
  fileName?: string;
}

export interface LobsterSummary {
  events: number;
  trades: number;
  halts: number;
  /** Rows where one side of the book was empty (the LOBSTER markers). */
  emptySides: number;
  firstMs: number;
  lastMs: number;
}

const MESSAGE_FIELDS = ['Time', 'Type', 'OrderId', 'Size', 'Price', 'Direction'];
const BOOK_FIELDS = ['BestAsk', 'BestAskVolume', 'BestBid', 'BestBidVolume'];

/** UNIX ms of New York midnight for the options, or a BookError saying how to give the date. */
export function lobsterMidnightMs(options: LobsterOptions): number {
  const date = options.date ?? (options.fileName ? dateFromLobsterName(options.fileName) : null);
  if (date === null) {
    throw new BookError(
      '',
      0,
      'date',
      `no trading date: the file name "${options.fileName ?? ''}" holds none (LOBSTER names read TICKER_YYYY-MM-DD_..._message_1.csv); give the date, e.g. --date 2012-06-21`,
    );
  }
  try {
    return newYorkMidnightMs(date);
  } catch (error) {
    throw new BookError('', 0, 'date', `date: ${(error as Error).message}; write it as YYYY-MM-DD`);
  }
}

/**
 * The decimal number in text[start, end) (spaces around allowed), read from the character codes
 * without making a substring: a day has hundreds of thousands of cells. The digits are gathered
 * as one integer and divided once by a power of ten, both exact below 2^53, so the result is the
 * correctly rounded double, the same as Number(). Anything else (an exponent, a letter) goes to
 * Number() on the substring, which gives NaN for what is not a number.
 */
function decimalAt(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  let stop = end;
  while (stop > i && text.charCodeAt(stop - 1) === 32) stop--;
  if (i === stop) return NaN;
  let sign = 1;
  if (text.charCodeAt(i) === 45) {
    sign = -1;
    i++;
  }
  let digits = 0;
  let value = 0;
  let scale = 1;
  let dot = false;
  for (; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      if (dot) scale *= 10;
    } else if (c === 46 && !dot) dot = true;
    else return Number(text.slice(start, end));
  }
  if (digits === 0 || digits > 15) return Number(text.slice(start, end));
  return (sign * value) / scale;
}

/** Reads text[start, end) as comma-separated numbers into `out`, naming the row and column of a bad cell. */
function cells(
  file: string,
  text: string,
  start: number,
  end: number,
  row: number,
  names: string[],
  out: Float64Array,
): void {
  let at = start;
  for (let i = 0; i < names.length; i++) {
    let comma = text.indexOf(',', at);
    if (comma < 0 || comma > end) comma = end;
    if (at > end) {
      throw new BookError(
        file,
        row,
        names[i],
        `${file} row ${row}: ${i} cells, expected ${names.length} (${names.join(',')}); is this a LOBSTER ${file} file?`,
      );
    }
    const value = decimalAt(text, at, comma);
    if (!Number.isFinite(value)) {
      const cell = text.slice(at, comma).trim();
      throw new BookError(
        file,
        row,
        names[i],
        `${file} row ${row}: ${names[i]} is "${cell}", not a number; fix or remove the row`,
      );
    }
    out[i] = value;
    at = comma + 1;
  }
}

/** A header row starts with a letter or a quote (LOBSTER's own files have none; this copy has one). */
function isHeader(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 34;
}

/** Reads one event at a time; feed it line pairs with `pushRow`, then call `finish`. */
export class LobsterReader {
  readonly summary: LobsterSummary = {
    events: 0,
    trades: 0,
    halts: 0,
    emptySides: 0,
    firstMs: NaN,
    lastMs: NaN,
  };
  // Every field set from the start (updateId too): one object shape for every consumer.
  private readonly top: BookTop = {
    timeMs: 0,
    bidPrice: NaN,
    bidSize: 0,
    askPrice: NaN,
    askSize: 0,
    updateId: 0,
  };
  private readonly trade: BookTrade = { timeMs: 0, price: 0, size: 0, aggressor: 'buy' };
  private readonly msg = new Float64Array(6);
  private readonly book = new Float64Array(4);
  /** Lines seen in each file, header included: the row a person counts. */
  private row = 0;
  private lastSeconds = -Infinity;
  private readonly midnightMs: number;

  constructor(
    private readonly handler: LobsterHandler,
    options: LobsterOptions,
  ) {
    this.midnightMs = lobsterMidnightMs(options);
  }

  /** One message line and the orderbook line that goes with it (their header lines are skipped). */
  pushRow(messageLine: string, orderbookLine: string): void {
    this.pushRange(messageLine, 0, messageLine.length, orderbookLine, 0, orderbookLine.length);
  }

  /** As pushRow, for the lines at message[mStart, mEnd) and orderbook[oStart, oEnd) of two texts. */
  pushRange(
    message: string,
    mStart: number,
    mEnd: number,
    orderbook: string,
    oStart: number,
    oEnd: number,
  ): void {
    this.row++;
    const row = this.row;
    const messageHeader = isHeader(message, mStart);
    if (row === 1 && messageHeader !== isHeader(orderbook, oStart)) {
      throw new BookError(
        '',
        1,
        '',
        'row 1: one file has a header row and the other has not; give both with or both without',
      );
    }
    if (row === 1 && messageHeader) return;
    const m = this.msg;
    cells('message', message, mStart, mEnd, row, MESSAGE_FIELDS, m);
    cells('orderbook', orderbook, oStart, oEnd, row, BOOK_FIELDS, this.book);
    const seconds = m[0];
    const type = m[1];
    const size = m[3];
    const price = m[4];
    const direction = m[5];
    if (seconds < 0 || seconds > 86_400) {
      throw new BookError(
        'message',
        row,
        'Time',
        `message row ${row}: Time ${seconds} is not seconds after midnight (0 to 86400)`,
      );
    }
    if (seconds < this.lastSeconds) {
      throw new BookError(
        'message',
        row,
        'Time',
        `message row ${row}: Time ${seconds} is before the previous row's ${this.lastSeconds}; LOBSTER rows are in time order, sort the file`,
      );
    }
    if (type < 1 || type > 7 || type === 6 || !Number.isInteger(type)) {
      throw new BookError(
        'message',
        row,
        'Type',
        `message row ${row}: Type ${type} is not a LOBSTER event type (1, 2, 3, 4, 5 or 7)`,
      );
    }
    if (type !== 7 && direction !== 1 && direction !== -1) {
      throw new BookError(
        'message',
        row,
        'Direction',
        `message row ${row}: Direction ${direction} must be 1 (buy order) or -1 (sell order)`,
      );
    }
    if (size < 0) throw new BookError('message', row, 'Size', `message row ${row}: Size ${size} is negative`);
    this.lastSeconds = seconds;
    const timeMs = this.midnightMs + seconds * 1000;
    const s = this.summary;
    if (s.events === 0) s.firstMs = timeMs;
    s.events++;
    s.lastMs = timeMs;
    if (type === 7) {
      s.halts++;
      // LOBSTER puts the halt's kind in the price column: -1 halted, 0 quoting resumed, 1 trading resumed.
      const state: HaltState | undefined =
        price === -1 ? 'halted' : price === 0 ? 'quoting' : price === 1 ? 'trading' : undefined;
      if (!state) {
        throw new BookError(
          'message',
          row,
          'Price',
          `message row ${row}: a halt (Type 7) has Price -1, 0 or 1, got ${price}`,
        );
      }
      this.handler.halt?.(timeMs, state, row);
    } else if (type === 4 || type === 5) {
      if (!(price > 0))
        throw new BookError('message', row, 'Price', `message row ${row}: an execution at Price ${price}`);
      s.trades++;
      const t = this.trade;
      t.timeMs = timeMs;
      t.price = price / PRICE_SCALE;
      t.size = size;
      // The resting order was the passive side: executing a sell limit order means a buyer crossed.
      t.aggressor = direction === -1 ? 'buy' : 'sell';
      this.handler.trade?.(t, row);
    }
    this.readBook(row, timeMs);
    this.handler.top?.(this.top, row);
  }

  private readBook(row: number, timeMs: number): void {
    const b = this.book;
    const ask = b[0];
    const askSize = b[1];
    const bid = b[2];
    const bidSize = b[3];
    const top = this.top;
    top.timeMs = timeMs;
    top.updateId = row - 1;
    const askEmpty = ask === LOBSTER_EMPTY_ASK;
    const bidEmpty = bid === LOBSTER_EMPTY_BID;
    if (askEmpty || bidEmpty) this.summary.emptySides++;
    if (!askEmpty && !(ask > 0))
      throw new BookError(
        'orderbook',
        row,
        'BestAsk',
        `orderbook row ${row}: BestAsk ${ask} is neither a price nor the empty marker 9999999999`,
      );
    if (!bidEmpty && !(bid > 0))
      throw new BookError(
        'orderbook',
        row,
        'BestBid',
        `orderbook row ${row}: BestBid ${bid} is neither a price nor the empty marker -9999999999`,
      );
    if (askSize < 0)
      throw new BookError(
        'orderbook',
        row,
        'BestAskVolume',
        `orderbook row ${row}: BestAskVolume ${askSize} is negative`,
      );
    if (bidSize < 0)
      throw new BookError(
        'orderbook',
        row,
        'BestBidVolume',
        `orderbook row ${row}: BestBidVolume ${bidSize} is negative`,
      );
    top.askPrice = askEmpty ? NaN : ask / PRICE_SCALE;
    top.askSize = askEmpty ? 0 : askSize;
    top.bidPrice = bidEmpty ? NaN : bid / PRICE_SCALE;
    top.bidSize = bidEmpty ? 0 : bidSize;
    if (top.bidPrice > top.askPrice) {
      throw new BookError(
        'orderbook',
        row,
        'BestBid',
        `orderbook row ${row}: crossed book, BestBid ${top.bidPrice} above BestAsk ${top.askPrice}; a reconstructed book never crosses, so the files are out of step or damaged`,
      );
    }
  }

  /** Call after the last pair; returns the counts. */
  finish(): LobsterSummary {
    return this.summary;
  }
}

/** Walks the lines of a text by index (no array of lines, no substrings); blank lines are skipped. */
class LineCursor {
  start = 0;
  end = 0;
  private next = 0;
  constructor(private readonly text: string) {}

  advance(): boolean {
    const text = this.text;
    while (this.next < text.length) {
      const start = this.next;
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.next = end + 1;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end > start) {
        this.start = start;
        this.end = end;
        return true;
      }
    }
    return false;
  }
}

/**
 * Reads a whole message + orderbook pair: the files must have as many rows each (a BookError
 * names the row where one ends first).
 */
export function readLobster(
  messageText: string,
  orderbookText: string,
  handler: LobsterHandler,
  options: LobsterOptions,
): LobsterSummary {
  const reader = new LobsterReader(handler, options);
  const messages = new LineCursor(messageText);
  const books = new LineCursor(orderbookText);
  let row = 0;
  for (;;) {
    const moreMessages = messages.advance();
    const moreBooks = books.advance();
    row++;
    if (!moreMessages && !moreBooks) break;
    if (!moreMessages || !moreBooks) {
      const ended = moreMessages ? 'orderbook' : 'message';
      const other = moreMessages ? 'message' : 'orderbook';
      throw new BookError(
        ended,
        row,
        '',
        `row ${row}: the ${ended} file ends here but the ${other} file goes on; row k of one belongs to row k of the other, so give the matching pair`,
      );
    }
    reader.pushRange(messageText, messages.start, messages.end, orderbookText, books.start, books.end);
  }
  if (reader.summary.events === 0)
    throw new BookError('', 0, '', 'no events: the files hold no rows besides a header');
  return reader.finish();
}
