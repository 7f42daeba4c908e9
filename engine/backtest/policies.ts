import { PlanError } from '../errors.js';
import { parsePlan } from '../plan/parse.js';
import { parsePolicyRef } from '../plan/policy-ref.js';
import type { FeeSpec, PlanSpec } from '../plan/types.js';
import { ML_POLICIES } from '../ml/lab-gate.js';
import { DIRECTOR_POLICIES } from '../ml/policy/director.js';
import type { Side } from '../types.js';
import { BacktestError } from './errors.js';
import type { PolicyDef } from './types.js';

/**
 * The default policies. They share one initial stop (2 x ATR14) so that one R is the same
 * money in every column and only the exit differs.
 */
export const DEFAULT_POLICIES: readonly PolicyDef[] = [
  { id: 'aioo-2r', label: 'All in, all out at 2R', stop: 'atr14x2', ladder: '2R:100' },
  { id: 'aioo-trail', label: 'All in, all out, ATR trail', stop: 'atr14x2', trail: 'atr14x3' },
  { id: 'ladder', label: 'Ladder 25/25/50 at 1R/2R/3R', stop: 'atr14x2', ladder: '1R:25,2R:25,3R:50' },
  {
    id: 'ladder-be-trail',
    label: 'Ladder 25/25 + breakeven after T1 + ATR trail on the runner',
    stop: 'atr14x2',
    ladder: '1R:25,2R:25',
    breakeven: '1',
    trail: 'atr14x2.5@2',
  },
  {
    id: 'fib',
    label: 'Fibonacci ladder 1.272/1.618/2.618',
    stop: 'atr14x2',
    ladder: 'fib1.272:25,fib1.618:25,fib2.618:50',
  },
  {
    id: 'exhaustion',
    label: 'Ladder + exhaustion scale-out (RSI/Bollinger, 25%)',
    stop: 'atr14x2',
    ladder: '1R:25,2R:25,3R:50',
    exhaustion: 'rsi14>70<30,bb20x2,take25,act',
  },
  {
    id: 'decay',
    label: 'Ladder + temporal decay exit (20 bars, 0.5R)',
    stop: 'atr14x2',
    ladder: '1R:25,2R:25,3R:50',
    decay: 'bars20,min0.5R,act',
  },
];

const KEYS = ['stop', 'ladder', 'trail', 'breakeven', 'exhaustion', 'decay', 'policy'] as const;

/** The exhaustion slot a director's Sell 25% fires (engine/ml/policy/director.ts). */
const DIRECTOR_SLOT = 'rsi14>70<30,bb20x2,take25,act';

/**
 * A custom policy in the engine's text form: `name:stop=atr14x2;ladder=1R:50,2R:50;trail=atr14x3`
 * (keys: stop, ladder, trail, breakeven, exhaustion, decay, policy; stop is required).
 * `policy=learned:<file>` (a saved learned policy) or `policy=adaptive` adds an exit director.
 */
export function parsePolicy(text: string): PolicyDef {
  const colon = text.indexOf(':');
  const id = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!/^[\w.-]+$/.test(id)) {
    throw new BacktestError(
      'policies',
      `policies: "${text}" needs a name first, e.g. "mine:stop=atr14x2;ladder=1R:50,2R:50;trail=atr14x3"`,
    );
  }
  const def: PolicyDef = { id, label: text.slice(colon + 1).trim(), stop: '' };
  let policy: string | null = null;
  for (const part of text.slice(colon + 1).split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim().toLowerCase();
    if (eq < 0 || !(KEYS as readonly string[]).includes(key)) {
      throw new BacktestError(
        'policies',
        `policies: "${part.trim()}" in policy "${id}" must be key=value with key one of ${KEYS.join(', ')}`,
      );
    }
    const value = part.slice(eq + 1).trim();
    if (key === 'policy') policy = value;
    else def[key as Exclude<(typeof KEYS)[number], 'policy'>] = value;
  }
  if (policy !== null) applyPolicyRef(def, policy);
  if (def.stop === '')
    throw new BacktestError('policies', `policies: policy "${id}" needs a stop, e.g. stop=atr14x2`);
  compilePolicy(def);
  return def;
}

/**
 * `policy=learned:<file>` or `policy=adaptive`: an exit director decides Hold / Sell 25% /
 * Liquidate at each close, selling through the plan's exhaustion slot (25%, acting).
 */
function applyPolicyRef(def: PolicyDef, value: string): void {
  let ref;
  try {
    ref = parsePolicyRef(value);
  } catch (e) {
    if (e instanceof PlanError) throw new BacktestError('policies', `policy "${def.id}": ${e.message}`);
    throw e;
  }
  if (ref === null) return;
  if (def.exhaustion !== undefined && def.exhaustion !== DIRECTOR_SLOT)
    throw new BacktestError(
      'policies',
      `policy "${def.id}": with policy=${value} the exhaustion slot is the policy's Sell 25%; drop exhaustion=${def.exhaustion}`,
    );
  def.exhaustion = DIRECTOR_SLOT;
  def.director = ref.kind === 'adaptive' ? 'adaptive' : `learned:${ref.file}`;
}

/**
 * `--policies` value: comma-joined default ids or `all`; custom plans are added with parsePolicy.
 */
export function selectPolicies(text: string): PolicyDef[] {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'all') return [...DEFAULT_POLICIES];
  return t.split(',').map((raw) => {
    const id = raw.trim();
    const found =
      DEFAULT_POLICIES.find((p) => p.id === id) ??
      ML_POLICIES.find((p) => p.id === id) ??
      DIRECTOR_POLICIES.find((p) => p.id === id);
    if (!found) {
      throw new BacktestError(
        'policies',
        `policies: unknown policy "${id}"; choose from ${[...DEFAULT_POLICIES, ...ML_POLICIES, ...DIRECTOR_POLICIES].map((p) => p.id).join(', ')} or "all"`,
      );
    }
    return found;
  });
}

/**
 * The policy as a plan template: parsed once, then copied per trade with the trade's side,
 * entry and time. Levels fixed in price make no sense across many entries, so they are refused.
 */
export function compilePolicy(def: PolicyDef): PlanSpec {
  let plan: PlanSpec;
  try {
    plan = parsePlan({
      side: 'long',
      entry: 100,
      stop: def.stop,
      ladder: def.ladder ?? '',
      trail: def.trail ?? '',
      breakeven: def.breakeven ?? '',
      exhaustion: def.exhaustion ?? 'none',
      decay: def.decay ?? 'none',
    });
  } catch (e) {
    if (e instanceof PlanError) throw new BacktestError('policies', `policy "${def.id}": ${e.message}`);
    throw e;
  }
  if (plan.stop.kind === 'price' || plan.ladder.some((l) => l.target.kind === 'price')) {
    throw new BacktestError(
      'policies',
      `policy "${def.id}": a fixed price cannot apply to every entry; use R, %, ATR or fib levels`,
    );
  }
  return plan;
}

/**
 * One trade's plan: the template with the trade's side, entry, time and fees, size 1 until the
 * trade is sized. Written out field by field because the lab makes one per trade, and an
 * object spread of a parsed plan costs about a microsecond more.
 */
export function tradePlan(
  template: PlanSpec,
  side: Side,
  entry: number,
  entryTime: number,
  fees: FeeSpec,
): PlanSpec {
  return {
    side,
    entry,
    entryTime,
    size: 1,
    stop: template.stop,
    ladder: template.ladder,
    trail: template.trail,
    breakeven: template.breakeven,
    exhaustion: template.exhaustion,
    decay: template.decay,
    fees,
    swing: template.swing,
  };
}
