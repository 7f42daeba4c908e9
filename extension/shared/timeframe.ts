/** A chart timeframe, normalised from whatever the site writes ("60", "1h", "1D", "W"). */
export interface Timeframe {
  /** Bar length in seconds (a month counts as 30 days: only used for ordering and staleness). */
  seconds: number;
  /** Canonical label: 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M. */
  label: string;
}

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800, M: 2592000 };

function make(count: number, unit: 'm' | 'h' | 'd' | 'w' | 'M'): Timeframe | null {
  if (!Number.isInteger(count) || count <= 0) return null;
  // Minutes that are whole hours are written in hours, as the exchanges name them.
  if (unit === 'm' && count % 60 === 0) return make(count / 60, 'h');
  if (unit === 'h' && count % 24 === 0) return make(count / 24, 'd');
  return { seconds: count * UNIT_SECONDS[unit], label: `${count}${unit}` };
}

/**
 * TradingView's `interval` parameter: minutes as a bare number ("1", "60", "240"), or a
 * count plus D/W/M ("D", "1D", "3D", "W", "1M"), or seconds ("30S", unsupported: null).
 */
export function timeframeFromTradingView(raw: string): Timeframe | null {
  const text = raw.trim();
  const minutes = /^(\d+)$/.exec(text);
  if (minutes) return make(Number(minutes[1]), 'm');
  const dwm = /^(\d*)([DWM])$/i.exec(text);
  if (dwm) {
    const count = dwm[1] === '' ? 1 : Number(dwm[1]);
    const unit = dwm[2].toUpperCase();
    return make(count, unit === 'D' ? 'd' : unit === 'W' ? 'w' : 'M');
  }
  return null;
}

/** Exchange-style labels: "1m", "15m", "1h", "4h", "1d", "1w", "1M" (Binance); case matters only for m/M. */
export function timeframeFromLabel(raw: string): Timeframe | null {
  const match = /^\s*(\d+)\s*([mhdwM])\s*$/.exec(raw) ?? /^\s*(\d+)\s*(H|D|W)\s*$/.exec(raw);
  if (!match) return null;
  const unit = match[2] === 'H' ? 'h' : match[2] === 'D' ? 'd' : match[2] === 'W' ? 'w' : match[2];
  return make(Number(match[1]), unit as 'm' | 'h' | 'd' | 'w' | 'M');
}
