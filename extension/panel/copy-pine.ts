import { describePlan, parsePlan, type Overlay, type PlanText } from '../../engine/index.js';
import { exportPine } from '../pine/export.js';
import { copyText } from './clipboard.js';
import type { Notice } from './components/Notices.js';
import { cleanPlanText } from './plan-fields.js';

/** Copies a Pine Script v6 indicator of the plan's open levels; returns what to tell the trader. */
export async function copyPine(form: PlanText, symbol: string, overlay: Overlay): Promise<Notice> {
  try {
    const spec = parsePlan(cleanPlanText(form));
    const text = exportPine({
      symbol,
      side: spec.side,
      description: describePlan(spec),
      lines: overlay.lines,
      asOf: new Date().toISOString(),
    });
    const ok = await copyText(text);
    return {
      id: 'pine',
      level: 'info',
      text: ok
        ? 'Pine Script v6 copied: paste it into the Pine editor and add it to the chart.'
        : 'Copy was refused by the browser.',
    };
  } catch (error) {
    return { id: 'pine', level: 'error', text: (error as Error).message };
  }
}
