import type { Overlay } from '../../engine/index.js';
import type { PageLine } from '../mirror/page-chart.js';
import { LEVEL_COLORS } from '../shared/level-colors.js';

/**
 * The levels still in play, as the site's own lines: filled legs drop off, the stop follows the
 * trail. Only a price and a colour each go to the page (see page-chart.ts): no labels, ids or
 * sides that would spell the plan out to the page's scripts.
 */
export function mirrorLines(overlay: Overlay | null): PageLine[] {
  if (!overlay || overlay.state.status === 'closed') return [];
  return overlay.lines
    .filter((line) => !line.filled && Number.isFinite(line.price))
    .slice(0, 50)
    .map((line) => ({ price: line.price, color: LEVEL_COLORS[line.role] }));
}
