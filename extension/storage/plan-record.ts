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

const TEXT_FIELDS = [
  'side',
  'entry',
  'stop',
  'ladder',
  'trail',
  'breakeven',
  'exhaustion',
  'decay',
  'fees',
  'size',
  'at',
  'swing',
] as const;

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
  const text = record.text;
  if (!text || typeof text !== 'object') return { reason: 'text is missing' };
  const fields = text as Record<string, unknown>;
  const clean: Record<string, string | number> = {};
  for (const field of TEXT_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number')
      return { reason: `text.${field} is ${typeof value}` };
    clean[field] = value;
  }
  try {
    parsePlan(clean as unknown as PlanText);
  } catch (error) {
    if (error instanceof PlanError) return { reason: error.message };
    throw error;
  }
  return { plan: { v: 2, symbol, text: clean as unknown as PlanText, updatedAt: record.updatedAt } };
}
