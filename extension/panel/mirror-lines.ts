import type { Overlay } from '../../engine/index.js';
import { LEVEL_COLORS } from '../shared/level-colors.js';
import type { MirrorLine } from '../shared/messages.js';

/** The levels still in play, as the site's own lines: filled legs drop off, the stop follows the trail. */
export function mirrorLines(overlay: Overlay | null): MirrorLine[] {
  if (!overlay || overlay.state.status === 'closed') return [];
  return overlay.lines
    .filter((line) => !line.filled && Number.isFinite(line.price))
    .slice(0, 50)
    .map((line) => ({
      id: line.id.slice(0, 40),
      price: line.price,
      label: `exitplan ${line.label}`.slice(0, 80),
      color: LEVEL_COLORS[line.role],
    }));
}
