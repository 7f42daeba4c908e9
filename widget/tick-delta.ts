import type { Overlay, TickDelta } from '../engine/index.js';

/**
 * The whole overlay after a tick, from the trail held before it and the tick's change to it.
 * A new array each time (a copy of references, not of points): overlays handed out earlier
 * keep the trail they had.
 */
export function overlayAfterTick(held: Overlay['trail'], delta: TickDelta): Overlay {
  const trail = held.slice(0, delta.trailFrom);
  for (const point of delta.trail) trail.push(point);
  return { ...delta.overlay, trail };
}
