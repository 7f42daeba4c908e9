/** Binance's kline intervals (spot and USDⓈ-M futures), shortest first; a month counts as 30 days. */
export const BINANCE_INTERVALS: readonly { label: string; seconds: number }[] = (
  [
    ['1m', 60],
    ['3m', 180],
    ['5m', 300],
    ['15m', 900],
    ['30m', 1800],
    ['1h', 3600],
    ['2h', 7200],
    ['4h', 14400],
    ['6h', 21600],
    ['8h', 28800],
    ['12h', 43200],
    ['1d', 86400],
    ['3d', 259200],
    ['1w', 604800],
    ['1M', 2592000],
  ] as const
).map(([label, seconds]) => ({ label, seconds }));

/** Yahoo's chart intervals with how far back each may reach (Yahoo refuses longer ranges). */
export const YAHOO_INTERVALS: readonly { label: string; seconds: number; maxDays: number }[] = (
  [
    ['1m', 60, 7],
    ['2m', 120, 59],
    ['5m', 300, 59],
    ['15m', 900, 59],
    ['30m', 1800, 59],
    ['60m', 3600, 729],
    ['1d', 86400, 36500],
    ['1wk', 604800, 36500],
    ['1mo', 2592000, 36500],
  ] as const
).map(([label, seconds, maxDays]) => ({ label, seconds, maxDays }));

export const BINANCE_ENDPOINTS = {
  spot: { rest: 'https://api.binance.com/api/v3/klines', ws: 'wss://stream.binance.com:9443/ws/' },
  futures: { rest: 'https://fapi.binance.com/fapi/v1/klines', ws: 'wss://fstream.binance.com/ws/' },
} as const;

export const YAHOO_CHART_URL = 'https://query1.finance.yahoo.com/v8/finance/chart/';

/** Binance's combined-stream sockets and the aggregate-trades history, for the book feed. */
export const BINANCE_BOOK_ENDPOINTS = {
  spot: { ws: 'wss://stream.binance.com:9443/stream', trades: 'https://api.binance.com/api/v3/aggTrades' },
  futures: { ws: 'wss://fstream.binance.com/stream', trades: 'https://fapi.binance.com/fapi/v1/aggTrades' },
} as const;
