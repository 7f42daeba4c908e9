import { formatAtPrecision } from './chart/price-precision.js';

/** Display helpers for the panels (the chart's labels come from the engine). */

// One formatter per precision, made once: toLocaleString with options builds a new
// Intl.NumberFormat on every call, and the legend formats about ten prices ten times a second.
const priceFormats = new Map<number, Intl.NumberFormat>();

/**
 * A price for the panels: with `precision` (the chart's series precision, see pricePrecision)
 * exactly those decimals, as the price axis shows it; without one, decimals by magnitude.
 */
export function fmtPrice(x: number, precision?: number | null): string {
  if (!Number.isFinite(x)) return '–';
  if (precision !== undefined && precision !== null) return formatAtPrecision(x, precision);
  const abs = Math.abs(x);
  const decimals = abs >= 1000 ? 2 : abs >= 10 ? 3 : abs >= 1 ? 4 : 6;
  let format = priceFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
    priceFormats.set(decimals, format);
  }
  return format.format(x);
}

export function fmtR(r: number): string {
  if (!Number.isFinite(r)) return '–';
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(2)} R`;
}

export function signClass(x: number): string {
  return x > 0 ? 'pos' : x < 0 ? 'neg' : '';
}
