import {
  emptyContext,
  parsePlan,
  resolveLevels,
  type PlanLevels,
  type PlanText,
} from '../../engine/index.js';

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
