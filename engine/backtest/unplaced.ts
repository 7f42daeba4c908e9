import { formatPrice, levelsError, type LevelsProblem } from '../exits/levels.js';
import type { PlanSpec } from '../plan/types.js';

/** A reason's numbers masked: "needs 15 bars" and "needs 21 bars" are one kind of reason. */
const NUMBERS = /\d+(\.\d+)?/g;
export const maskNumbers = (message: string): string => message.replace(NUMBERS, '#');

/**
 * maskNumbers(formatPrice(x)), the only part of a formatted price that tells reasons apart,
 * without formatting the common cases. Below 999 (3 or more decimals, so it cannot round up to
 * 1,000) a non-negative price masks to "#". From 1,000 up, the whole part has one comma per
 * three digits after the first: "#,#" below a million, "#,#,#" below a billion, ..., unless
 * rounding carries it to the next power of 1,000 (within 1 of it: formatted). NaN, a price a
 * problem does not have, is "NaN". Anything else is formatted.
 */
export function maskedPrice(x: number): string {
  if (x >= 0 && x < 999) return '#';
  if (Number.isNaN(x)) return 'NaN';
  if (x >= 1000 && x < 1e15) {
    let masked = '#,#';
    let bound = 1e6;
    for (; x >= bound; bound *= 1000) masked += ',#';
    if (x < bound - 1) return masked;
  }
  return maskNumbers(formatPrice(x));
}

/**
 * Entries a policy could not place, grouped by their message with the numbers masked, each
 * group kept with its first message as the example shown to people (most frequent first).
 *
 * A message is built once per group, not per entry: a problem's masked message depends only on
 * its kind, leg and side and on how its prices mask (see maskedPrice), so those make a finer
 * key, and the first problem under each fine key builds the message that finds its group.
 */
export class UnplacedReasons {
  count = 0;
  private readonly groups = new Map<string, { reason: string; count: number }>();
  private readonly byProblem = new Map<string, { reason: string; count: number }>();

  /** An entry not placed for a reason given as text. */
  note(message: string): void {
    this.count++;
    this.group(maskNumbers(message), message).count++;
  }

  /** An entry whose plan's levels could not be placed (see tryResolveLevels). */
  noteProblem(plan: PlanSpec, problem: LevelsProblem, barsBefore: number): void {
    this.count++;
    const key =
      `${problem.kind} ${problem.leg} ${plan.side} ${maskedPrice(plan.entry)} ${maskedPrice(problem.price)} ` +
      `${maskedPrice(problem.swingLow)} ${maskedPrice(problem.swingHigh)}`;
    let group = this.byProblem.get(key);
    if (group === undefined) {
      const message = levelsError(plan, problem, barsBefore).message;
      this.byProblem.set(key, (group = this.group(maskNumbers(message), message)));
    }
    group.count++;
  }

  /** The groups, most frequent first (ties in the order they were first met). */
  list(): { reason: string; count: number }[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count);
  }

  private group(masked: string, message: string): { reason: string; count: number } {
    let group = this.groups.get(masked);
    if (group === undefined) this.groups.set(masked, (group = { reason: message, count: 0 }));
    return group;
  }
}
