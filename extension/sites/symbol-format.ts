/** Tickers as the sites print them, tidied: upper case, no spaces or separators inside. */
export function cleanTicker(raw: string): string | null {
  const ticker = raw
    .trim()
    .toUpperCase()
    .replace(/[\s/_-]+/g, '');
  // Letters, digits and the few punctuation marks real tickers use (BRK.B, ES1!, BTCUSDT.P, 6E1!),
  // starting with a letter or digit and never two dots in a row: the ticker becomes a path
  // segment of a market-data URL, where "." and ".." would name another path.
  return /^[A-Z0-9][A-Z0-9.!&]{0,29}$/.test(ticker) && !ticker.includes('..') ? ticker : null;
}

/** "BINANCE:BTCUSDT" -> { exchange: "BINANCE", ticker: "BTCUSDT" }; a bare ticker has no exchange. */
export function splitSymbol(symbol: string): { exchange: string | null; ticker: string } {
  const at = symbol.indexOf(':');
  return at < 0
    ? { exchange: null, ticker: symbol }
    : { exchange: symbol.slice(0, at), ticker: symbol.slice(at + 1) };
}

/** A TradingView-style full symbol, validated: "EXCHANGE:TICKER" or a bare ticker. */
export function cleanSymbol(raw: string): string | null {
  const { exchange, ticker } = splitSymbol(raw.trim());
  const cleanT = cleanTicker(ticker);
  if (!cleanT) return null;
  if (exchange === null) return cleanT;
  const cleanE = exchange.trim().toUpperCase();
  return /^[A-Z0-9_]{1,20}$/.test(cleanE) ? `${cleanE}:${cleanT}` : null;
}
