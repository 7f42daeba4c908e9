import { PlanError } from '../errors.js';

// The pieces every plan field's reader shares: how a number is written, how large it may be,
// how a long input is quoted back in a message.

/**
 * The largest number a plan's text may hold. Beyond 1e15 a double no longer keeps a cent
 * (2^53 is about 9e15), and no price, multiple, offset or fee of a real plan comes near it;
 * a long digit string would otherwise read as 1e120 (or Infinity) and give a plan that means nothing.
 */
export const MAX_PLAN_NUMBER = 1e15;

/** `none`, `off`, `no`, `-` or nothing: the field is off. */
export const NONE = /^(none|off|no|-)?$/i;
/** An unsigned decimal as one capture group, for the fields' patterns. */
export const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';
/** A price as typed or pasted: plain decimals, or with an exponent (1.5e-5); no hex, no sign. */
export const PRICE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A long input shown in a message: its start and its length, not 120 digits. */
export function shown(text: string): string {
  return text.length > 24 ? `${text.slice(0, 16)}... (${text.length} characters)` : text;
}

/** A number the field's pattern has already matched, refused when it is too large to mean anything. */
export function num(field: string, text: string, what: string, position?: number): number {
  const value = Number(text);
  if (!(value <= MAX_PLAN_NUMBER)) {
    throw new PlanError(
      field,
      `${field}: ${what} "${shown(text)}" is too large; a plan's numbers are at most 1e15, so write it in the instrument's own units`,
      position,
    );
  }
  return value;
}

export function positiveInt(field: string, text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new PlanError(field, `${field}: ${what} must be a whole number from 1 to 10000, got "${text}"`);
  }
  return value;
}

/** A total as a message shows it: six decimals at most (33.333333%, not 33.33333333333333%). */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
