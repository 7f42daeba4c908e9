import type { Bar } from '../types.js';
import { FeedMessageError } from './errors.js';

/**
 * Yahoo Finance v8 chart: {chart: {result: [{timestamp: [...], indicators: {quote: [{open,
 * high, low, close, volume}]}}], error}}. Yahoo leaves nulls for intervals without trades
 * (and for the current bar before its first trade): those rows are skipped, not zero-filled.
 */
export function parseYahooChart(body: unknown): Bar[] {
  const chart = (body as { chart?: { result?: unknown; error?: { description?: string } | null } } | null)
    ?.chart;
  if (!chart) throw new FeedMessageError('response has no chart object', 'chart');
  if (chart.error)
    throw new FeedMessageError(chart.error.description ?? 'Yahoo reported an error', 'chart.error');
  const result = Array.isArray(chart.result)
    ? (chart.result[0] as Record<string, unknown> | undefined)
    : undefined;
  if (!result) throw new FeedMessageError('chart.result is empty', 'chart.result');
  const timestamps = result.timestamp;
  if (timestamps === undefined) return []; // a valid symbol with no bars in the range (market closed)
  const quote = (result.indicators as { quote?: Record<string, unknown>[] } | undefined)?.quote?.[0];
  if (!Array.isArray(timestamps) || !quote)
    throw new FeedMessageError('chart.result[0] has no timestamp/quote arrays', 'indicators.quote');
  const column = (name: string): unknown[] => {
    const values = quote[name];
    if (!Array.isArray(values) || values.length !== timestamps.length) {
      throw new FeedMessageError(`quote.${name} is missing or not as long as timestamp`, `quote.${name}`);
    }
    return values;
  };
  const [open, high, low, close] = ['open', 'high', 'low', 'close'].map(column);
  const volume = Array.isArray(quote.volume) ? quote.volume : [];
  const bars: Bar[] = [];
  for (let i = 0; i < timestamps.length; i++) {
    const values = [timestamps[i], open[i], high[i], low[i], close[i]];
    if (values.some((v) => v === null)) continue;
    if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new FeedMessageError(`row ${i} has a non-numeric value`, `[${i}]`);
    }
    const [time, o, h, l, c] = values as number[];
    if (h < Math.max(o, c) || l > Math.min(o, c))
      throw new FeedMessageError(`row ${i}: high/low do not contain open/close`, `[${i}]`);
    const v = volume[i];
    bars.push({ time, open: o, high: h, low: l, close: c, ...(typeof v === 'number' ? { volume: v } : {}) });
  }
  return bars;
}
