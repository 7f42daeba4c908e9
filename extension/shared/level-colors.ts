import type { OverlayLine } from '../../engine/index.js';

/** One colour per level role, used for the site's own lines (mirror) and the Pine export. */
export const LEVEL_COLORS: Record<OverlayLine['role'], string> = {
  entry: '#2962ff',
  stop: '#f23645',
  trail: '#ff9800',
  target: '#26a69a',
  breakeven: '#ab47bc',
};
