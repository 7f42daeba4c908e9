import { InputError } from './io.js';

/** Limits of a number given to a flag, and what the number is, for the message. */
export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** Whether `min` itself is refused (a size or a price must be above 0). */
  aboveMin?: boolean;
  /** What the flag holds: "a price", "a whole number of bars". */
  what: string;
  example: string;
}

/**
 * A number given to a flag, or an InputError (exit 2) naming the flag, the value and the fix: digits
 * only (no Infinity, no 0x, no empty text), finite, inside the rule's range. The ranges keep
 * every later product finite: a size of 1e308 passed `> 0` and made every R a NaN.
 */
export function numberFlag(flag: string, text: string, rule: NumberRule): number {
  const trimmed = text.trim();
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  const low = rule.aboveMin ? n > rule.min : n >= rule.min;
  if (!Number.isFinite(n) || !low || n > rule.max || (rule.integer && !Number.isInteger(n))) {
    const range = `${rule.aboveMin ? 'above' : 'from'} ${rule.min} ${rule.aboveMin ? 'and at most' : 'to'} ${rule.max.toLocaleString('en-US')}`;
    const got = trimmed === '' ? 'nothing' : `"${text}"`;
    throw new InputError(
      `--${flag} must be ${rule.what} ${range}, got ${got}; e.g. --${flag} ${rule.example}`,
    );
  }
  return n;
}

/** A period flag (bars): a whole number from 1 to 100,000, or the default. */
export function periodFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return numberFlag(name, value, {
    min: 1,
    max: 100_000,
    integer: true,
    what: 'a whole number of bars',
    example: String(fallback),
  });
}
