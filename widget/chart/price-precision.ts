import type { Bar } from '../../engine/index.js';

/**
 * Decimals the data itself uses (EURUSD 5, BTC 2, SPY 2), from the last 200 bars: the count
 * that covers 90% of prices, so the odd 301.1378 in a 2-decimal series does not set the axis.
 */
export function pricePrecision(bars: Bar[]): number {
  const counts: number[] = [];
  for (let i = Math.max(0, bars.length - 200); i < bars.length; i++) {
    for (const x of [bars[i].open, bars[i].high, bars[i].low, bars[i].close]) {
      const text = String(x);
      const dot = text.indexOf('.');
      counts.push(dot < 0 || text.includes('e') ? 0 : text.length - dot - 1);
    }
  }
  if (!counts.length) return 2;
  counts.sort((a, b) => a - b);
  return Math.min(8, Math.max(2, counts[Math.floor((counts.length - 1) * 0.9)]));
}

// One formatter per precision, made once (toLocaleString with options builds one per call).
const formats = new Map<number, Intl.NumberFormat>();

/** A price with exactly the series' decimals and thousands separators, as the price axis shows it. */
export function formatAtPrecision(price: number, precision: number): string {
  if (!Number.isFinite(price)) return '–';
  let format = formats.get(precision);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: precision,
      maximumFractionDigits: precision,
    });
    formats.set(precision, format);
  }
  return format.format(price);
}
