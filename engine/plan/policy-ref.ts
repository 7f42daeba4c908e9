import { PlanError } from '../errors.js';

/**
 * Who decides the plan's exits bar by bar beyond its own levels: a saved learned exit policy
 * (`learned:<file>`, a file written by `exitplan learn policy --out`: a path for the CLI, a URL
 * for the widget and the lab) or the regime matrix (`adaptive`). Absent or `none`: the plan alone.
 * The policy acts at each close through the plan's Position (engine/ml/policy/director.ts):
 * Sell 25% is the plan's exhaustion slot, Liquidate a market exit at the close.
 */
export type PolicyRef = { kind: 'learned'; file: string } | { kind: 'adaptive' };

const NONE = /^(none|off|no|-)?$/i;

/** `learned:policy.json` | `learned:https://host/policy.json` | `adaptive` | `none`. */
export function parsePolicyRef(text: string | undefined): PolicyRef | null {
  const t = String(text ?? '').trim();
  if (NONE.test(t)) return null;
  if (t.toLowerCase() === 'adaptive') return { kind: 'adaptive' };
  const m = /^learned:(.*)$/i.exec(t);
  if (m) {
    const file = m[1].trim();
    if (file === '' || /\s/.test(file))
      throw new PlanError(
        'policy',
        `policy: "learned:" needs the policy file's path or URL without spaces, e.g. learned:policy.json`,
      );
    return { kind: 'learned', file };
  }
  throw new PlanError(
    'policy',
    `policy: cannot read "${t.length > 40 ? `${t.slice(0, 32)}...` : t}"; write learned:<file> (a file from exitplan learn policy --out), adaptive, or none`,
  );
}

/** The text form of a reference (what parsePolicyRef reads back). */
export const formatPolicyRef = (ref: PolicyRef | null | undefined): string =>
  ref == null ? 'none' : ref.kind === 'adaptive' ? 'adaptive' : `learned:${ref.file}`;
