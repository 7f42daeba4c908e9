/** Shared text forms of the journal views (the extension's journal page and the widget lab). */

/** "2021-01-04 10:05" (UTC), "-" for none. */
export const iso = (t: number | null): string =>
  t === null ? '-' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** A fixed-decimals number, "-" for null or not finite. */
export const num = (x: number | null, digits = 2): string =>
  x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);

/** Units as exchanges show them: at most 8 decimals (float sums read 0.3, not 0.30000000000000004). */
export const qty = (size: number): string => String(Number(size.toFixed(8)));
