import {
  emptyContext,
  MAX_PLAN_NUMBER,
  parsePlan,
  PlanError,
  resolveLevels,
  type PlanLevels,
  type PlanText,
} from '../../engine/index.js';

/**
 * The ATR typed in manual mode: empty is none; otherwise a positive number no larger than a
 * plan's numbers may be (1e120 is a finite double and would place every ATR leg nowhere).
 */
export function parseManualAtr(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (!(value > 0 && value <= MAX_PLAN_NUMBER)) {
    const shown = trimmed.length > 24 ? `${trimmed.slice(0, 16)}... (${trimmed.length} characters)` : trimmed;
    throw new PlanError(
      'atr',
      `atr: expected a positive number up to 1e15 (the ATR read off the chart), got "${shown}"`,
    );
  }
  return value;
}

/**
 * Manual mode (no feed): the trader types entry, stop and the ATR they read off their chart;
 * the engine places the ladder from that ATR exactly as it would from bars. Fibonacci legs
 * need the swing typed in too (plan field `swing`), since there are no bars to find one.
 */
export function manualLevels(text: PlanText, atr: number | null): PlanLevels {
  const plan = parsePlan(text);
  const ctx = emptyContext();
  if (atr !== null) {
    ctx.atrStop = atr;
    ctx.atrLeg = atr;
    ctx.atrTrail = atr;
  }
  return resolveLevels(plan, ctx, 0);
}
