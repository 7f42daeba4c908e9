import { BINANCE_ENDPOINTS, BINANCE_INTERVALS, parseKlines, type Bar } from '../../engine/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import { pickInterval } from './intervals.js';
import type { Market } from './market.js';
import type { FeedEnvironment } from './types.js';

/**
 * Binance pages fetched before the chart's first bar when the panel trains an exit policy. The
 * policy needs 50 trades of 20-bar breakouts before its split (engine/ml/policy/learn.ts); one
 * page of 5m bars (the 1000 the panel holds) gives about 40, three pages about 130.
 */
export const TRAINING_PAGES_BEFORE = 2;
const PAGE = 1000;
const TIMEOUT_MS = 15_000;

/**
 * The bars the panel's Train learns on: for a Binance market, the REST klines of the
 * TRAINING_PAGES_BEFORE pages before `held` (endTime paging, oldest first) followed by `held`;
 * for Yahoo, `held` (its intraday history is what the feed already asked for). A page that
 * cannot be read throws, saying which and why, so the trader sees that rather than a trade count.
 */
export async function trainingHistory(
  market: Market,
  timeframe: Timeframe,
  env: FeedEnvironment,
  held: readonly Bar[],
): Promise<Bar[]> {
  if (market.feed !== 'binance' || held.length === 0) return held.slice();
  const { interval } = pickInterval(timeframe, BINANCE_INTERVALS);
  let older: Bar[] = [];
  let before = held[0].time;
  for (let page = 0; page < TRAINING_PAGES_BEFORE; page++) {
    const url = `${BINANCE_ENDPOINTS[market.market].rest}?symbol=${encodeURIComponent(market.symbol)}&interval=${interval}&endTime=${before * 1000 - 1}&limit=${PAGE}`;
    const response = await env.fetch(url, { timeoutMs: TIMEOUT_MS });
    const when = new Date(before * 1000).toISOString().slice(0, 16).replace('T', ' ');
    if (!response.ok)
      throw new Error(
        `Binance history before ${when} UTC could not be read (HTTP ${response.status}); train again later`,
      );
    let bars: Bar[];
    try {
      bars = parseKlines(await response.json()).filter((b) => b.time < before);
    } catch (error) {
      throw new Error(`Binance sent unreadable history before ${when} UTC: ${(error as Error).message}`);
    }
    bars.sort((a, b) => a.time - b.time);
    if (bars.length === 0) break; // the market's first bar: nothing older to learn from
    older = [...bars, ...older];
    before = bars[0].time;
  }
  return [...older, ...held];
}
