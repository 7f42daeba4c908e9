import { parsePlan, PlanError, type PlanText } from '../../engine/index.js';

/** A saved plan (schema 2): the engine's compact text form plus bookkeeping. */
export interface StoredPlan {
  v: 2;
  /** Canonical chart symbol, e.g. "BINANCE:BTCUSDT". */
  symbol: string;
  text: PlanText;
  /** ms since epoch. */
  updatedAt: number;
}

// `policy` (learned:<file> | adaptive | none, issue 20) is a form field like the others: kept, not dropped.
const STRING_FIELDS = [
  'ladder',
  'trail',
  'breakeven',
  'exhaustion',
  'decay',
  'fees',
  'swing',
  'policy',
] as const;
const NUMBER_OR_STRING_FIELDS = ['size', 'at'] as const;

const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNumber = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** Rebuilds a PlanText from stored fields, each checked for the type the engine expects; unknown fields are dropped. */
export function toPlanText(fields: Record<string, unknown>): PlanText | string {
  const { side, entry, stop } = fields;
  if (!isText(side)) return `text.side is ${typeof side}`;
  if (!isTextOrNumber(entry)) return `text.entry is ${typeof entry}`;
  if (!isText(stop)) return `text.stop is ${typeof stop}`;
  const text: PlanText = { side, entry, stop };
  for (const key of STRING_FIELDS) {
    const value = fields[key];
    if (value === undefined) continue;
    if (!isText(value)) return `text.${key} is ${typeof value}`;
    text[key] = value;
  }
  for (const key of NUMBER_OR_STRING_FIELDS) {
    const value = fields[key];
    if (value === undefined) continue;
    if (!isTextOrNumber(value)) return `text.${key} is ${typeof value}`;
    text[key] = value;
  }
  return text;
}

/**
 * Checks a value read from storage. Returns the plan, or why it cannot be used: a wrong shape
 * (hand-edited, half-written, another version) or text the engine rejects.
 */
export function validateStoredPlan(raw: unknown, symbol: string): { plan: StoredPlan } | { reason: string } {
  if (!raw || typeof raw !== 'object') return { reason: 'not an object' };
  const record = raw as Record<string, unknown>;
  if (record.v !== 2) return { reason: `unknown record version ${JSON.stringify(record.v)}` };
  if (record.symbol !== symbol) return { reason: `record names symbol ${JSON.stringify(record.symbol)}` };
  if (typeof record.updatedAt !== 'number') return { reason: 'updatedAt is missing' };
  if (!record.text || typeof record.text !== 'object') return { reason: 'text is missing' };
  const text = toPlanText(record.text as Record<string, unknown>);
  if (typeof text === 'string') return { reason: text };
  try {
    parsePlan(text);
  } catch (error) {
    if (error instanceof PlanError) return { reason: error.message };
    throw error;
  }
  return { plan: { v: 2, symbol, text, updatedAt: record.updatedAt } };
}
