import type { PlanText } from '../../engine/index.js';
import { toPlanText } from '../storage/plan-record.js';

/** The plan fields the panel's form edits, in order, with the placeholder that shows the compact syntax. */
export const PLAN_FIELDS: { key: keyof PlanText; label: string; placeholder: string }[] = [
  { key: 'entry', label: 'Entry', placeholder: '43210.5' },
  { key: 'stop', label: 'Stop', placeholder: '95 | 2% | atr14x1.5' },
  { key: 'ladder', label: 'Ladder', placeholder: '1R:25,2R:25,fib1.618:50' },
  { key: 'trail', label: 'Trail', placeholder: 'atr14x2.5@1 | chandelier22x3 | none' },
  { key: 'breakeven', label: 'Breakeven', placeholder: '1 | 1+fees | none' },
  { key: 'exhaustion', label: 'Exhaustion', placeholder: 'rsi14>70<30,bb20x2,take25' },
  { key: 'at', label: 'Entry time', placeholder: 'set on save (UNIX s or ISO)' },
];

/** Strips empty optional fields and trims the rest, so the stored text is exactly what the trader typed. */
export function cleanPlanText(text: PlanText): PlanText {
  const trimmed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(text)) {
    if (value === undefined || value === '') continue;
    trimmed[key] = typeof value === 'string' ? value.trim() : value;
  }
  const clean = toPlanText({
    ...trimmed,
    side: trimmed.side ?? '',
    entry: trimmed.entry ?? '',
    stop: trimmed.stop ?? '',
  });
  // toPlanText only refuses wrong types, which a form of text inputs cannot produce.
  return typeof clean === 'string' ? text : clean;
}
