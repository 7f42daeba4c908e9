import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../engine/index.js';
import { parseKlineMessage, parseKlines } from '../../../engine/feeds/binance-kline-parse.js';
import { FeedMessageError } from '../../../engine/feeds/errors.js';
import { parseYahooChart } from '../../../engine/feeds/yahoo-parse.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const btc = parseBarsCsv(
  fs.readFileSync(path.join(DATA, 'btcusdt_binance_5m_2020-12_2021-07.csv'), 'utf8'),
).slice(0, 50);
const spy = parseBarsCsv(fs.readFileSync(path.join(DATA, 'spy_daily_1999-2020.csv'), 'utf8')).slice(-20);

/** Binance's documented kline row: [openTime ms, open, high, low, close, volume, closeTime, ...] as strings. */
const klineRow = (b: (typeof btc)[number]) => [
  b.time * 1000,
  String(b.open),
  String(b.high),
  String(b.low),
  String(b.close),
  String(b.volume),
  b.time * 1000 + 299_999,
  '0',
  10,
  '0',
  '0',
  '0',
];

describe('Binance messages', () => {
  it('round-trips real bars through the REST klines format', () => {
    expect(parseKlines(btc.map(klineRow))).toEqual(btc);
  });

  it('reads a kline stream event, plain or wrapped as a combined stream', () => {
    const b = btc[7];
    const event = {
      e: 'kline',
      E: 1,
      s: 'BTCUSDT',
      k: {
        t: b.time * 1000,
        o: String(b.open),
        h: String(b.high),
        l: String(b.low),
        c: String(b.close),
        v: String(b.volume),
        x: true,
      },
    };
    expect(parseKlineMessage(JSON.stringify(event))).toEqual({ bar: b, closed: true });
    expect(
      parseKlineMessage(
        JSON.stringify({ stream: 'btcusdt@kline_5m', data: { ...event, k: { ...event.k, x: false } } }),
      ),
    ).toEqual({ bar: b, closed: false });
  });

  it.each([
    ['not json', 'message'],
    ['{"e":"kline","k":{"t":1,"o":"1","h":"x","l":"1","c":"1","v":"1"}}', 'k.h'],
    ['{"e":"kline","k":{"t":1,"o":"5","h":"4","l":"1","c":"2","v":"1"}}', 'k'],
  ])('names the field of a malformed event: %s', (text, field) => {
    try {
      parseKlineMessage(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FeedMessageError);
      expect((error as FeedMessageError).field).toBe(field);
    }
  });

  it('gives null, not an error, for JSON that is not a kline event (one rule for both surfaces)', () => {
    expect(parseKlineMessage('{"e":"trade","p":"1"}')).toBeNull();
    expect(parseKlineMessage('{"result":null,"id":1}')).toBeNull();
    expect(parseKlineMessage('null')).toBeNull();
    // Not text at all (a binary frame) is malformed.
    expect(() => parseKlineMessage(new ArrayBuffer(2))).toThrow('stream message is not text');
  });

  it('rejects a klines body that is not an array of rows', () => {
    expect(() => parseKlines({ code: -1121 })).toThrow(FeedMessageError);
    expect(() => parseKlines([[1, '1']])).toThrow(/kline 0/);
  });
});

describe('Yahoo chart messages', () => {
  const chart = (rows: typeof spy, nullAt = -1) => ({
    chart: {
      result: [
        {
          meta: { symbol: 'SPY' },
          timestamp: rows.map((b) => b.time),
          indicators: {
            quote: [
              {
                open: rows.map((b, i) => (i === nullAt ? null : b.open)),
                high: rows.map((b, i) => (i === nullAt ? null : b.high)),
                low: rows.map((b, i) => (i === nullAt ? null : b.low)),
                close: rows.map((b, i) => (i === nullAt ? null : b.close)),
                volume: rows.map((b) => b.volume),
              },
            ],
          },
        },
      ],
      error: null,
    },
  });

  it('reads real SPY bars and skips a row Yahoo left null', () => {
    expect(parseYahooChart(chart(spy))).toEqual(spy);
    expect(parseYahooChart(chart(spy, 3))).toEqual(spy.filter((_, i) => i !== 3));
  });

  it('reports Yahoo errors and broken shapes by field', () => {
    expect(() =>
      parseYahooChart({
        chart: { result: null, error: { description: 'No data found, symbol may be delisted' } },
      }),
    ).toThrow(/delisted/);
    const broken = chart(spy);
    (broken.chart.result[0].indicators.quote[0] as { close: unknown[] }).close.pop();
    expect(() => parseYahooChart(broken)).toThrow(/quote.close/);
    expect(() => parseYahooChart({})).toThrow(FeedMessageError);
  });
});
