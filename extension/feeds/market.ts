import { splitSymbol } from '../sites/symbol-format.js';

/** Where the live bars for a chart symbol come from. */
export type Market =
  { feed: 'binance'; market: 'spot' | 'futures'; symbol: string } | { feed: 'yahoo'; symbol: string };

const CRYPTO_EXCHANGES = new Set([
  'BINANCE',
  'BINANCEUS',
  'BYBIT',
  'OKX',
  'KUCOIN',
  'BITGET',
  'MEXC',
  'GATEIO',
  'COINBASE',
  'KRAKEN',
  'BITSTAMP',
  'BITFINEX',
  'GEMINI',
  'CRYPTO',
]);
const FX_EXCHANGES = new Set([
  'FX',
  'FX_IDC',
  'OANDA',
  'FOREXCOM',
  'FXCM',
  'SAXO',
  'PEPPERSTONE',
  'ICMARKETS',
  'CAPITALCOM',
]);
const STABLE_QUOTES = ['USDT', 'FDUSD', 'USDC', 'BUSD'];

function binanceQuoted(ticker: string): boolean {
  return STABLE_QUOTES.some((quote) => ticker.endsWith(quote) && ticker.length > quote.length + 1);
}

/**
 * Picks the feed for a canonical symbol. Binance pairs (and other exchanges' USDT pairs, which
 * Binance quotes almost identically) go to Binance; everything else to Yahoo Finance under
 * Yahoo's spelling: EURUSD=X for FX, ES=F for continuous futures (ES1!), BTC-USD for
 * fiat-quoted crypto, BRK-B for class shares.
 */
export function resolveMarket(symbol: string): Market {
  const { exchange, ticker } = splitSymbol(symbol);
  const perpetual = /^([A-Z0-9]+)\.P$/.exec(ticker);
  if (perpetual && (exchange === null || exchange === 'BINANCE'))
    return { feed: 'binance', market: 'futures', symbol: perpetual[1] };
  const isCrypto = exchange !== null && CRYPTO_EXCHANGES.has(exchange);
  if ((exchange === 'BINANCE' || exchange === null || isCrypto) && binanceQuoted(ticker)) {
    return { feed: 'binance', market: 'spot', symbol: ticker };
  }
  if (isCrypto) {
    const fiat = /^([A-Z0-9]+?)(USD|EUR|GBP)$/.exec(ticker);
    return { feed: 'yahoo', symbol: fiat ? `${fiat[1]}-${fiat[2]}` : ticker };
  }
  const future = /^([A-Z0-9]+?)[12]!$/.exec(ticker);
  if (future) return { feed: 'yahoo', symbol: `${future[1]}=F` };
  if (
    (exchange !== null && FX_EXCHANGES.has(exchange)) ||
    (exchange === null && /^(EUR|GBP|USD|JPY|AUD|NZD|CAD|CHF){2}$/.test(ticker))
  ) {
    return { feed: 'yahoo', symbol: `${ticker}=X` };
  }
  return { feed: 'yahoo', symbol: ticker.replace(/\./g, '-') };
}

export function describeMarket(market: Market): string {
  return market.feed === 'binance'
    ? `Binance ${market.market === 'spot' ? 'spot' : 'USD-M futures'} ${market.symbol}`
    : `Yahoo Finance ${market.symbol}`;
}
