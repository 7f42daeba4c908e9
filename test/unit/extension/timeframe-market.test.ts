import { describe, expect, it } from 'vitest';
import { pickInterval } from '../../../extension/feeds/intervals.js';
import { BINANCE_INTERVALS } from '../../../extension/feeds/binance.js';
import { resolveMarket } from '../../../extension/feeds/market.js';
import { YAHOO_INTERVALS } from '../../../extension/feeds/yahoo.js';
import { timeframeFromLabel, timeframeFromTradingView } from '../../../extension/shared/timeframe.js';

describe('timeframes', () => {
  it.each([
    ['1', '1m', 60],
    ['60', '1h', 3600],
    ['240', '4h', 14400],
    ['D', '1d', 86400],
    ['1D', '1d', 86400],
    ['W', '1w', 604800],
    ['1M', '1M', 2592000],
    ['1440', '1d', 86400],
  ])('TradingView interval %s is %s', (raw, label, seconds) => {
    expect(timeframeFromTradingView(raw)).toEqual({ label, seconds });
  });

  it('rejects what it cannot chart', () => {
    expect(timeframeFromTradingView('30S')).toBeNull();
    expect(timeframeFromTradingView('0')).toBeNull();
    expect(timeframeFromLabel('soon')).toBeNull();
  });

  it('reads exchange labels, minutes (m) apart from months (M)', () => {
    expect(timeframeFromLabel('15m')).toEqual({ label: '15m', seconds: 900 });
    expect(timeframeFromLabel('1M')).toEqual({ label: '1M', seconds: 2592000 });
    expect(timeframeFromLabel('1D')).toEqual({ label: '1d', seconds: 86400 });
  });

  it('falls back to the longest offered interval below the chart and says so', () => {
    // Binance has no 45m: 30m is the longest shorter one. Yahoo has no 4h: 60m.
    expect(pickInterval({ label: '45m', seconds: 2700 }, BINANCE_INTERVALS)).toMatchObject({
      interval: '30m',
      note: expect.stringContaining('45m'),
    });
    expect(pickInterval({ label: '4h', seconds: 14400 }, YAHOO_INTERVALS)).toMatchObject({ interval: '60m' });
    expect(pickInterval({ label: '1h', seconds: 3600 }, BINANCE_INTERVALS)).toEqual({
      interval: '1h',
      seconds: 3600,
    });
  });
});

describe('feed choice from the symbol', () => {
  it.each([
    ['BINANCE:BTCUSDT', { feed: 'binance', market: 'spot', symbol: 'BTCUSDT' }],
    ['BINANCE:BTCUSDT.P', { feed: 'binance', market: 'futures', symbol: 'BTCUSDT' }],
    ['BYBIT:ETHUSDT', { feed: 'binance', market: 'spot', symbol: 'ETHUSDT' }],
    ['ETHUSDT', { feed: 'binance', market: 'spot', symbol: 'ETHUSDT' }],
    ['COINBASE:BTCUSD', { feed: 'yahoo', symbol: 'BTC-USD' }],
    ['NASDAQ:AAPL', { feed: 'yahoo', symbol: 'AAPL' }],
    ['NYSE:BRK.B', { feed: 'yahoo', symbol: 'BRK-B' }],
    ['CME_MINI:ES1!', { feed: 'yahoo', symbol: 'ES=F' }],
    ['CME:6E1!', { feed: 'yahoo', symbol: '6E=F' }],
    ['FX:EURUSD', { feed: 'yahoo', symbol: 'EURUSD=X' }],
    ['EURUSD', { feed: 'yahoo', symbol: 'EURUSD=X' }],
    ['AMEX:SPY', { feed: 'yahoo', symbol: 'SPY' }],
  ])('%s', (symbol, market) => {
    expect(resolveMarket(symbol)).toEqual(market);
  });
});
