import { withLastEntry, type Bar, type PlanText } from '../../engine/index.js';
import { toPlanText } from '../storage/plan-record.js';

// The form's fields are the engine's PLAN_FIELDS (the widget's form renders the same table).
export { PLAN_FIELDS } from '../../engine/index.js';

/**
 * Strips empty optional fields and trims the rest, so the stored text is exactly what the
 * trader typed; with the panel's bars, `entry="last"` (or an empty entry) becomes the close of
 * the entry bar, as the widget and the CLI read it, since a saved plan's alerts need a price.
 */
export function cleanPlanText(text: PlanText, bars: readonly Bar[] = []): PlanText {
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
  return withLastEntry(typeof clean === 'string' ? text : clean, bars);
}
