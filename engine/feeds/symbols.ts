/**
 * Symbols are checked before any URL is built from them: a page or a typed symbol like
 * `BINANCE:..` must never turn into a request for another path (`/chart/..` resolves to
 * `/finance/`). Each returns null for a good symbol, else the message to show.
 */

/** Binance pairs: capitals and digits only, e.g. BTCUSDT, 1000SHIBUSDT. */
export function binanceSymbolProblem(symbol: string): string | null {
  return /^[A-Z0-9]{2,20}$/.test(symbol)
    ? null
    : `"${symbol}" is not a Binance symbol: use capitals and digits, e.g. BTCUSDT`;
}

/**
 * Yahoo's spellings: SPY, BRK-B, ES=F, EURUSD=X, BTC-USD, RY.TO, ^GSPC. Runs of capitals and
 * digits joined by single `.`, `-` or `=`, at most 24 characters; nothing that could be a path.
 */
export function yahooSymbolProblem(symbol: string): string | null {
  return symbol.length <= 24 && /^\^?[A-Z0-9]+(?:[.=-][A-Z0-9]+)*$/.test(symbol)
    ? null
    : `"${symbol}" is not a Yahoo Finance symbol (e.g. SPY, BRK-B, ES=F, EURUSD=X): no data requested`;
}
