import { describe, expect, it } from 'vitest';
import type { Bar, FeedEnvironment } from '../../../engine/index.js';
import { TRAINING_PAGES_BEFORE, trainingHistory } from '../../../extension/feeds/training-history.js';
import { BTC_5M, loadBars } from '../support/data.js';
import { jsonResponse } from '../support/fake-exchange.js';

/**
 * The bars the panel's Train learns the exit policy on: the panel's page of 1000 bars and the
 * Binance pages before it, fetched with endTime as Binance pages back. The network is the only
 * thing mocked: it answers from real BTCUSDT 5m bars in Binance's kline format.
 */
const btc = loadBars(BTC_5M).slice(20_000, 24_000);
const held = btc.slice(-1000);
const FIVE_MIN = { seconds: 300, label: '5m' };
const SPOT = { feed: 'binance', market: 'spot', symbol: 'BTCUSDT' } as const;

/** Binance's klines endpoint over `bars`: the last `limit` bars with open time <= endTime. */
function binance(bars: Bar[], status = 200) {
  const requests: string[] = [];
  const env = {
    fetch: (url: string) => {
      requests.push(url);
      const u = new URL(url);
      const end = Number(u.searchParams.get('endTime')) / 1000;
      const limit = Number(u.searchParams.get('limit'));
      const rows = bars
        .filter((b) => b.time <= end)
        .slice(-limit)
        .map((b) => [
          b.time * 1000,
          String(b.open),
          String(b.high),
          String(b.low),
          String(b.close),
          String(b.volume),
          b.time * 1000 + 299_999,
        ]);
      return Promise.resolve(
        status === 200 ? jsonResponse(rows) : jsonResponse({ code: -1003, msg: 'Too many requests' }, status),
      );
    },
  } as unknown as FeedEnvironment;
  return { env, requests };
}

describe('trainingHistory', () => {
  it('puts the Binance pages before the panel bars in front of them, oldest first', async () => {
    const { env, requests } = binance(btc);
    const bars = await trainingHistory(SPOT, FIVE_MIN, env, held);
    // Two pages of 1000 before the held 1000: the last 3000 bars of the series, unchanged.
    expect(TRAINING_PAGES_BEFORE).toBe(2);
    expect(bars).toEqual(btc.slice(-3000));
    expect(requests).toEqual([
      `https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=5m&endTime=${held[0].time * 1000 - 1}&limit=1000`,
      `https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=5m&endTime=${btc[2000].time * 1000 - 1}&limit=1000`,
    ]);
  });

  it('stops at the market first bar, and leaves a Yahoo market to the bars the panel has', async () => {
    const short = btc.slice(-1500);
    const { env, requests } = binance(short);
    expect(await trainingHistory(SPOT, FIVE_MIN, env, held)).toEqual(short);
    expect(requests.length).toBe(2);
    const yahoo = binance(btc);
    expect(await trainingHistory({ feed: 'yahoo', symbol: 'SPY' }, FIVE_MIN, yahoo.env, held)).toEqual(held);
    expect(yahoo.requests).toEqual([]);
  });

  it('says which page could not be read and why', async () => {
    const { env } = binance(btc, 429);
    // The page asked for ends just before held[0] (bar 23,000 of the file): the message names that time.
    const when = new Date(held[0].time * 1000).toISOString().slice(0, 16).replace('T', ' ');
    await expect(trainingHistory(SPOT, FIVE_MIN, env, held)).rejects.toThrow(
      `Binance history before ${when} UTC could not be read (HTTP 429); train again later`,
    );
  });
});
