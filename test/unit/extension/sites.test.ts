import { describe, expect, it } from 'vitest';
import { binance } from '../../../extension/sites/binance.js';
import { generic } from '../../../extension/sites/generic.js';
import { pickAdapter } from '../../../extension/sites/index.js';
import { cleanSymbol } from '../../../extension/sites/symbol-format.js';
import { tradingView } from '../../../extension/sites/tradingview.js';
import { fixturePage } from './fixture-page.js';

// Expected values are read off the fixture pages themselves (their URL, title and toolbar).
describe('TradingView adapter on the chart fixture', () => {
  const url = 'https://www.tradingview.com/chart/AbCd1234/?symbol=BINANCE%3ABTCUSDT&interval=5';

  it('reads the symbol from the URL when the toolbar agrees, and the checked interval', () => {
    const page = fixturePage('tradingview-chart.html', url);
    expect(pickAdapter(url)).toBe(tradingView);
    expect(tradingView.read(page)).toEqual({
      site: 'tradingview',
      symbol: 'BINANCE:BTCUSDT',
      timeframe: { seconds: 300, label: '5m' },
    });
  });

  it('follows a symbol switch the URL has not caught up with: toolbar ticker + legend exchange', () => {
    const page = fixturePage('tradingview-chart.html', url);
    page.$('#header-toolbar-symbol-search .js-button-text').text('AAPL');
    page.$('[data-name="legend-source-exchange"]').text('NASDAQ');
    page.$('#header-toolbar-intervals button').attr('aria-checked', 'false');
    page.$('#header-toolbar-intervals button[data-value="1D"]').attr('aria-checked', 'true');
    expect(tradingView.read(page)).toEqual({
      site: 'tradingview',
      symbol: 'NASDAQ:AAPL',
      timeframe: { seconds: 86400, label: '1d' },
    });
  });

  it('falls back to the title ticker and the URL interval on a page without the toolbar', () => {
    const page = fixturePage('tradingview-chart.html', 'https://www.tradingview.com/chart/?interval=240');
    page.$('#header-toolbar-symbol-search').remove();
    page.$('#header-toolbar-intervals').remove();
    // Title "BTCUSDT 29,310.42 ▲ +1.23% Unnamed": the ticker is its first word; 240 minutes = 4h.
    expect(tradingView.read(page)).toEqual({
      site: 'tradingview',
      symbol: 'BINANCE:BTCUSDT',
      timeframe: { seconds: 14400, label: '4h' },
    });
  });

  it('only claims chart pages', () => {
    expect(tradingView.matches(new URL('https://www.tradingview.com/symbols/BTCUSDT/'))).toBe(false);
    expect(tradingView.matches(new URL('https://uk.tradingview.com/chart/xyz/'))).toBe(true);
    expect(pickAdapter('https://www.tradingview.com/ideas/')).toBe(generic);
  });
});

describe('Binance adapter on the spot and futures fixtures', () => {
  it('reads a spot pair from the path and the active interval tab', () => {
    const page = fixturePage('binance-spot.html', 'https://www.binance.com/en/trade/BTC_USDT?type=spot');
    expect(pickAdapter(page.url)).toBe(binance);
    expect(binance.read(page)).toEqual({
      site: 'binance',
      symbol: 'BINANCE:BTCUSDT',
      timeframe: { seconds: 300, label: '5m' },
    });
  });

  it('follows a pair switch (pushState to a new path) and an interval click', () => {
    const page = fixturePage('binance-spot.html', 'https://www.binance.com/en-GB/trade/ETH_BTC?type=spot');
    page.$('.kline-toolbar [role=tab]').attr('aria-selected', 'false');
    page.$('.kline-toolbar [role=tab]:contains("4h")').attr('aria-selected', 'true');
    expect(binance.read(page)).toEqual({
      site: 'binance',
      symbol: 'BINANCE:ETHBTC',
      timeframe: { seconds: 14400, label: '4h' },
    });
  });

  it('names a USD-M perpetual as TradingView does (.P) and reads its interval', () => {
    const page = fixturePage('binance-futures.html', 'https://www.binance.com/en/futures/BTCUSDT');
    expect(binance.read(page)).toEqual({
      site: 'binance',
      symbol: 'BINANCE:BTCUSDT.P',
      timeframe: { seconds: 60, label: '1m' },
    });
  });

  it('leaves other Binance pages to the generic adapter', () => {
    expect(pickAdapter('https://www.binance.com/en/markets/overview')).toBe(generic);
  });
});

describe('generic adapter', () => {
  it('takes a symbol= hint from the URL, else asks the user', () => {
    const hinted = fixturePage(
      'binance-spot.html',
      'https://charts.example.com/embed?symbol=nasdaq:aapl&interval=15',
    );
    expect(generic.read(hinted)).toEqual({
      site: 'generic',
      symbol: 'NASDAQ:AAPL',
      timeframe: { seconds: 900, label: '15m' },
    });
    const plain = fixturePage('binance-spot.html', 'https://blog.example.com/post');
    expect(generic.read(plain)).toMatchObject({
      site: 'generic',
      symbol: null,
      note: expect.stringContaining('Type the symbol'),
    });
  });

  it('refuses text that is not a symbol (nothing from a page becomes a key unchecked)', () => {
    expect(cleanSymbol('<img src=x>')).toBeNull();
    expect(cleanSymbol('BINANCE:BTC/USDT')).toBe('BINANCE:BTCUSDT');
    expect(cleanSymbol('NYSE:BRK.B')).toBe('NYSE:BRK.B');
    // A ticker is a path segment of the Yahoo URL: "." and ".." would name another path there.
    for (const bad of ['BINANCE:..', 'BINANCE:.', '..', 'A..B', '.SPY'])
      expect(cleanSymbol(bad), bad).toBeNull();
    expect(cleanSymbol('BINANCE:BTCUSDT.P')).toBe('BINANCE:BTCUSDT.P');
  });
});
