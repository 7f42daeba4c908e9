import { PlanError } from '../errors.js';
import type { Side } from '../types.js';
import {
  DEFAULT_ATR_PERIOD,
  DEFAULT_CHANDELIER_LOOKBACK,
  DEFAULT_EXHAUSTION,
  DEFAULT_SIZE,
} from './defaults.js';
import { isLastEntry } from './input.js';
import { parseDecay, parseExhaustion, parseFees } from './parse-signals.js';
import { parsePolicyRef } from './policy-ref.js';
import { MAX_PLAN_NUMBER, NONE, NUMBER, num, positiveInt, PRICE, round, shown } from './text-numbers.js';
import { parseTime } from '../io/time.js';
import { validatePlan } from './validate.js';
import type {
  BreakevenSpec,
  LegSpec,
  PlanSpec,
  StopSpec,
  SwingSpec,
  TargetSpec,
  TrailSpec,
} from './types.js';

/**
 * The compact text form of a plan, shared by the CLI flags, the widget's attributes and the
 * extension's storage. Every field is a short string (numbers are accepted where a number is meant).
 */
export interface PlanText {
  side: string;
  entry: number | string;
  stop: string;
  ladder?: string;
  trail?: string;
  breakeven?: string;
  exhaustion?: string;
  decay?: string;
  fees?: string;
  size?: number | string;
  /** Entry time: UNIX seconds or milliseconds, or an ISO date. */
  at?: number | string;
  /** `low:high` anchors for Fibonacci legs. */
  swing?: string;
  /** `learned:<file>` | `adaptive` | `none` (engine/plan/policy-ref.ts). */
  policy?: string;
}

// The defaults, the time parser, the signal readers and the checks live in their own modules;
// these names stay exported from here, the plan language's one door.
export { DEFAULT_ATR_PERIOD, DEFAULT_EXHAUSTION, parseTime };
export { MAX_PLAN_NUMBER } from './text-numbers.js';
export { parseDecay, parseExhaustion, parseFees } from './parse-signals.js';
export { validatePlan } from './validate.js';

export function parseSide(text: string): Side {
  const t = String(text).trim().toLowerCase();
  if (t === 'long' || t === 'buy') return 'long';
  if (t === 'short' || t === 'sell') return 'short';
  throw new PlanError('side', `side: expected "long" or "short", got "${text}"`);
}

export function parsePrice(field: string, value: number | string): number {
  if (typeof value === 'string' && value.trim() === '') {
    throw new PlanError(field, `${field}: a price is required (a positive number such as 101.5)`);
  }
  const text = typeof value === 'number' ? '' : String(value).trim().replace(/,/g, '');
  const n = typeof value === 'number' ? value : PRICE.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n <= 0) {
    throw new PlanError(field, `${field}: expected a positive price, got "${shown(String(value))}"`);
  }
  if (n > MAX_PLAN_NUMBER) {
    throw new PlanError(
      field,
      `${field}: the price "${shown(String(value))}" is too large; a plan's numbers are at most 1e15, so write the price the instrument trades at`,
    );
  }
  return n;
}

/** The position size in units; empty or absent is 1. */
export function parseSize(value: number | string | undefined): number {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return DEFAULT_SIZE;
  const text = typeof value === 'number' ? '' : String(value).trim();
  const n = typeof value === 'number' ? value : PRICE.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_PLAN_NUMBER) {
    throw new PlanError(
      'size',
      `size: the position size must be a positive number of units up to 1e15, got "${shown(String(value))}"`,
    );
  }
  return n;
}

/** `95` (price) | `2%` (percent from entry) | `atr14x1.5` (ATR multiple; `atrx1.5` = ATR 14). */
export function parseStop(text: string): StopSpec {
  const t = String(text).trim().toLowerCase();
  if (t === '') throw new PlanError('stop', 'stop: required, e.g. "95" (a price), "2%" or "atr14x1.5"');
  let m = new RegExp(`^${NUMBER}%$`).exec(t);
  if (m) {
    const percent = num('stop', m[1], 'the percent');
    if (!(percent > 0 && percent < 100)) {
      throw new PlanError('stop', `stop: a percent stop must be between 0 and 100 exclusive, got "${text}"`);
    }
    return { kind: 'percent', percent };
  }
  m = new RegExp(`^atr(\\d*)x${NUMBER}$`).exec(t);
  if (m) {
    const period = m[1] ? positiveInt('stop', m[1], 'the ATR period') : DEFAULT_ATR_PERIOD;
    const multiple = num('stop', m[2], 'the ATR multiple');
    if (!(multiple > 0)) throw new PlanError('stop', `stop: the ATR multiple must be above 0, got "${text}"`);
    return { kind: 'atr', period, multiple };
  }
  m = new RegExp(`^${NUMBER}$`).exec(t.replace(/,/g, ''));
  if (m) return { kind: 'price', price: parsePrice('stop', m[1]) };
  throw new PlanError(
    'stop',
    `stop: cannot read "${text}"; write a price ("95"), a percent ("2%") or an ATR multiple ("atr14x1.5")`,
    0,
  );
}

/** One ladder target: `1R`, `fib1.618`, `atr3` / `atr14x3`, `5%`, `@43210` or `43210`. */
export function parseTarget(text: string, position = 0): TargetSpec {
  const t = text.trim().toLowerCase();
  let m = new RegExp(`^${NUMBER}r$`).exec(t);
  if (m) {
    const multiple = num('ladder', m[1], 'the R multiple', position);
    if (!(multiple > 0)) throw new PlanError('ladder', `ladder: "${text}" must be above 0R`, position);
    return { kind: 'r', multiple };
  }
  m = new RegExp(`^fib${NUMBER}$`).exec(t);
  if (m) {
    const ratio = num('ladder', m[1], 'the Fibonacci ratio', position);
    if (!(ratio > 1)) {
      throw new PlanError(
        'ladder',
        `ladder: a Fibonacci extension must be above 1 (e.g. fib1.272, fib1.618), got "${text}"`,
        position,
      );
    }
    return { kind: 'fib', ratio };
  }
  m = new RegExp(`^atr(?:(\\d+)x)?${NUMBER}$`).exec(t);
  if (m) {
    const period = m[1] ? positiveInt('ladder', m[1], 'the ATR period') : DEFAULT_ATR_PERIOD;
    const multiple = num('ladder', m[2], 'the ATR multiple', position);
    if (!(multiple > 0)) throw new PlanError('ladder', `ladder: "${text}" must be above 0 ATR`, position);
    return { kind: 'atr', multiple, period };
  }
  m = new RegExp(`^${NUMBER}%$`).exec(t);
  if (m) {
    const percent = num('ladder', m[1], 'the percent', position);
    if (!(percent > 0)) throw new PlanError('ladder', `ladder: "${text}" must be above 0%`, position);
    return { kind: 'percent', percent };
  }
  m = new RegExp(`^@?${NUMBER}$`).exec(t.replace(/,/g, ''));
  if (m) return { kind: 'price', price: num('ladder', m[1], 'the target price', position) };
  throw new PlanError(
    'ladder',
    `ladder: cannot read the target "${text}" at character ${position + 1}; use 1R, fib1.618, atr3, 5% or @price`,
    position,
  );
}

/** `1R:25,2R:25,fib1.618:50`; `none` or empty = no legs (everything rides the stop or trail). */
export function parseLadder(text: string): LegSpec[] {
  const source = String(text ?? '');
  if (NONE.test(source.trim())) return [];
  const legs: LegSpec[] = [];
  let offset = 0;
  let total = 0;
  for (const part of source.split(',')) {
    const at = offset + (part.length - part.trimStart().length);
    offset += part.length + 1;
    const piece = part.trim();
    if (piece === '') {
      throw new PlanError('ladder', `ladder: empty leg at character ${at + 1}; remove the extra comma`, at);
    }
    const colon = piece.lastIndexOf(':');
    if (colon < 0) {
      throw new PlanError(
        'ladder',
        `ladder: leg "${piece}" at character ${at + 1} has no share; write target:share, e.g. 1R:25`,
        at,
      );
    }
    const target = parseTarget(piece.slice(0, colon), at);
    const shareText = piece
      .slice(colon + 1)
      .replace(/%$/, '')
      .trim();
    const share = new RegExp(`^${NUMBER}$`).test(shareText) ? Number(shareText) : NaN;
    if (!(share > 0 && share <= 100)) {
      throw new PlanError(
        'ladder',
        `ladder: leg "${piece}" at character ${at + 1}: the share must be a percent above 0 and at most 100`,
        at + colon + 1,
      );
    }
    total += share;
    if (total > 100 + 1e-9) {
      throw new PlanError(
        'ladder',
        `ladder: shares add up to ${round(total)}% by leg "${piece}" (character ${at + 1}); they must total at most 100%`,
        at,
      );
    }
    legs.push({ target, share });
  }
  return legs;
}

/** `none` | `atr14x2.5` | `chandelier22x3`, optionally `@N` = only after leg N fills. */
export function parseTrail(text: string): TrailSpec {
  const source = String(text ?? '')
    .trim()
    .toLowerCase();
  if (NONE.test(source)) return { kind: 'none' };
  const [body, after] = source.split('@');
  let activateAfterLeg = 0;
  if (after !== undefined) {
    activateAfterLeg = Number(after.replace(/^t/, ''));
    if (!Number.isInteger(activateAfterLeg) || activateAfterLeg < 0) {
      throw new PlanError(
        'trail',
        `trail: "@${after}" must name a leg number, e.g. atr14x2.5@1`,
        body.length,
      );
    }
  }
  let m = new RegExp(`^atr(\\d*)x${NUMBER}$`).exec(body);
  if (m) {
    const period = m[1] ? positiveInt('trail', m[1], 'the ATR period') : DEFAULT_ATR_PERIOD;
    const multiple = num('trail', m[2], 'the ATR multiple');
    if (!(multiple > 0))
      throw new PlanError('trail', `trail: the ATR multiple must be above 0, got "${text}"`);
    return { kind: 'atr', period, multiple, activateAfterLeg };
  }
  m = new RegExp(`^chandelier(\\d*)x${NUMBER}$`).exec(body);
  if (m) {
    const lookback = m[1]
      ? positiveInt('trail', m[1], 'the chandelier lookback')
      : DEFAULT_CHANDELIER_LOOKBACK;
    const multiple = num('trail', m[2], 'the ATR multiple');
    if (!(multiple > 0))
      throw new PlanError('trail', `trail: the ATR multiple must be above 0, got "${text}"`);
    return { kind: 'chandelier', lookback, atrPeriod: lookback, multiple, activateAfterLeg };
  }
  throw new PlanError(
    'trail',
    `trail: cannot read "${text}"; write "none", "atr14x2.5" or "chandelier22x3" (add "@1" to start after leg 1)`,
    0,
  );
}

/** `none` | `1` | `T1` | `1+fees` | `1+0.5` (offset in price units). */
export function parseBreakeven(text: string): BreakevenSpec | null {
  const source = String(text ?? '')
    .trim()
    .toLowerCase();
  if (NONE.test(source)) return null;
  const m = new RegExp(`^t?(\\d+)(?:\\+(fees|${NUMBER}))?$`).exec(source);
  if (!m) {
    throw new PlanError(
      'breakeven',
      `breakeven: cannot read "${text}"; write the leg after which the stop moves to entry: "1", "1+fees" or "1+0.5"`,
    );
  }
  const afterLeg = Number(m[1]);
  if (afterLeg < 1) throw new PlanError('breakeven', 'breakeven: the leg number starts at 1');
  return {
    afterLeg,
    plusFees: m[2] === 'fees',
    offset: m[2] && m[2] !== 'fees' ? num('breakeven', m[2], 'the offset') : 0,
  };
}

/** `low:high`. */
export function parseSwing(text: string | undefined): SwingSpec | null {
  const source = String(text ?? '').trim();
  if (NONE.test(source)) return null;
  const m = new RegExp(`^${NUMBER}:${NUMBER}$`).exec(source.replace(/,/g, ''));
  if (!m) throw new PlanError('swing', `swing: write the swing as low:high, e.g. "90:98", got "${text}"`);
  const low = num('swing', m[1], 'the swing low');
  const high = num('swing', m[2], 'the swing high');
  if (!(low > 0 && high > low))
    throw new PlanError('swing', `swing: the low must be below the high, got "${text}"`);
  return { low, high };
}

/** Reads a whole plan and checks everything that can be checked without bars. */
export function parsePlan(text: PlanText): PlanSpec {
  const side = parseSide(text.side);
  if (isLastEntry(text.entry) && String(text.entry ?? '').trim() !== '') {
    throw new PlanError(
      'entry',
      'entry: "last" is the close of the entry bar, which only a chart with bars can fill in (the widget, the panel, the CLI without --entry); give a price here',
    );
  }
  const entry = parsePrice('entry', text.entry);
  const size = parseSize(text.size);
  const plan: PlanSpec = {
    side,
    entry,
    size,
    stop: parseStop(text.stop),
    ladder: parseLadder(text.ladder ?? ''),
    trail: parseTrail(text.trail ?? ''),
    breakeven: parseBreakeven(text.breakeven ?? ''),
    exhaustion: parseExhaustion(text.exhaustion),
    decay: parseDecay(text.decay),
    fees: parseFees(text.fees),
    swing: parseSwing(text.swing),
  };
  if (text.at !== undefined && String(text.at).trim() !== '') plan.entryTime = parseTime('at', text.at);
  const policy = parsePolicyRef(text.policy);
  if (policy !== null) plan.policy = policy;
  validatePlan(plan);
  return plan;
}
