import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import type { MarketContext } from './context.js';
import type { Core } from './position-core.js';

/** Entry and exit fees per unit of a round trip at the plan's entry: what `1+fees` adds to breakeven. */
export function feeRoundTripPerUnit(plan: PlanSpec): number {
  const f = plan.fees;
  return 2 * (f.perUnit + (f.bps / 1e4) * plan.entry + f.perFill / plan.size);
}

/**
 * Breakeven and trail, at a bar's close: the stop only ever tightens, so a breakeven level
 * behind a stop the trail (or the initial stop) already holds tighter leaves it where it is.
 * The new stop is in force from the next bar on. Objects only are passed: see Position.step.
 */
export function moveStop(c: Core, plan: PlanSpec, bar: Bar, ctx: MarketContext): void {
  const dir = plan.side === 'long' ? 1 : -1;
  if (plan.breakeven && !c.breakevenActive && c.filledMask & (1 << (plan.breakeven.afterLeg - 1))) {
    c.breakevenActive = true;
    const offset = plan.breakeven.offset + (plan.breakeven.plusFees ? feeRoundTripPerUnit(plan) : 0);
    const level = plan.entry + dir * offset;
    if (dir * (level - c.stop) > 0) {
      c.stop = level;
      c.stopSource = 'breakeven';
    }
  }
  const trail = plan.trail;
  if (trail.kind === 'none') return;
  if (!c.trailActive) {
    if (!(c.filledMask & (1 << (trail.activateAfterLeg - 1)))) return;
    c.trailActive = true;
  }
  const atr = ctx.atrTrail;
  if (!Number.isFinite(atr)) return;
  let candidate: number;
  if (trail.kind === 'atr') {
    candidate = dir > 0 ? bar.high - trail.multiple * atr : bar.low + trail.multiple * atr;
  } else {
    const extreme = dir > 0 ? ctx.highest : ctx.lowest;
    if (!Number.isFinite(extreme)) return;
    candidate = extreme - dir * trail.multiple * atr;
  }
  if (dir * (candidate - c.stop) > 0) {
    c.stop = candidate;
    c.stopSource = 'trail';
  }
}
