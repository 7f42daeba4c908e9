import { parsePlan, PlanError, type PlanText } from '../../engine/index.js';
import { DEFAULT_SETTINGS, OPTIONS_FIX, type Settings } from '../storage/settings.js';
import { draftPlan } from './draft-plan.js';

/** The plan fields a draft takes from the Options. */
const FROM_OPTIONS = new Set(['stop', 'ladder', 'trail', 'breakeven', 'exhaustion']);

/**
 * The draft for a symbol with no saved plan, from the Options' defaults at the last price. A
 * default can be well formed and still not fit here (a price stop above this symbol's price):
 * then the draft uses exitplan's own defaults, so the chart still shows, and `problem` says
 * which option it was and where to change it.
 */
export function optionsDraft(
  settings: Settings,
  lastClose: number | null,
): {
  plan: PlanText;
  problem: string | null;
} {
  const plan = draftPlan(settings, lastClose);
  if (lastClose === null) return { plan, problem: null };
  try {
    parsePlan(plan);
    return { plan, problem: null };
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    if (!FROM_OPTIONS.has(error.field)) return { plan, problem: null }; // the widget names it
    return {
      plan: draftPlan({ ...settings, ...builtInPlanDefaults() }, lastClose),
      problem: `The default ${error.field} set in Options cannot be used for this draft (${error.message}); the draft uses exitplan's own defaults instead. To change it, ${OPTIONS_FIX}.`,
    };
  }
}

function builtInPlanDefaults(): Partial<Settings> {
  const d = DEFAULT_SETTINGS;
  return {
    defaultStop: d.defaultStop,
    defaultLadder: d.defaultLadder,
    defaultTrail: d.defaultTrail,
    defaultBreakeven: d.defaultBreakeven,
    rsiPeriod: d.rsiPeriod,
    overbought: d.overbought,
    oversold: d.oversold,
    bbPeriod: d.bbPeriod,
    bbK: d.bbK,
    exhaustionTake: d.exhaustionTake,
  };
}
