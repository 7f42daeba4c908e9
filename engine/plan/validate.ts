import { PlanError } from '../errors.js';
import { round } from './text-numbers.js';
import type { PlanSpec } from './types.js';

/** Checks a plan built in code (or parsed) for everything decidable without bars. */
export function validatePlan(plan: PlanSpec): void {
  const dir = plan.side === 'long' ? 1 : -1;
  const sideWord = plan.side === 'long' ? 'below' : 'above';
  if (!(plan.entry > 0) || !Number.isFinite(plan.entry))
    throw new PlanError('entry', 'entry: must be a positive price');
  if (!(plan.size > 0)) throw new PlanError('size', 'size: must be a positive number of units');
  if (plan.stop.kind === 'price' && dir * (plan.entry - plan.stop.price) <= 0) {
    throw new PlanError(
      'stop',
      `stop: ${plan.stop.price} is on the wrong side of the entry ${plan.entry}; a ${plan.side} stop goes ${sideWord} the entry`,
    );
  }
  let total = 0;
  plan.ladder.forEach((leg, i) => {
    total += leg.share;
    const t = leg.target;
    if (t.kind === 'price' && dir * (t.price - plan.entry) <= 0) {
      throw new PlanError(
        'ladder',
        `ladder: T${i + 1} at ${t.price} is not beyond the entry ${plan.entry}; a ${plan.side} target goes ${plan.side === 'long' ? 'above' : 'below'} it`,
      );
    }
    if (t.kind === 'percent' && plan.side === 'short' && t.percent >= 100) {
      throw new PlanError(
        'ladder',
        `ladder: T${i + 1} ${t.percent}% would put a short target at or below zero`,
      );
    }
  });
  if (total > 100 + 1e-9)
    throw new PlanError('ladder', `ladder: shares total ${round(total)}%; at most 100%`);
  const legCount = plan.ladder.length;
  if (plan.breakeven && plan.breakeven.afterLeg > legCount) {
    throw new PlanError(
      'breakeven',
      `breakeven: after leg ${plan.breakeven.afterLeg}, but the ladder has ${legCount} leg(s)`,
    );
  }
  if (plan.trail.kind !== 'none' && plan.trail.activateAfterLeg > legCount) {
    throw new PlanError(
      'trail',
      `trail: starts after leg ${plan.trail.activateAfterLeg}, but the ladder has ${legCount} leg(s)`,
    );
  }
  if (plan.swing && !(plan.swing.high > plan.swing.low)) {
    throw new PlanError('swing', 'swing: the low must be below the high');
  }
}
