/** A label's box in CSS px of the pane: x, y the top-left corner. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const overlaps = (a: Box, b: Box, gap = 1): boolean =>
  a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

/**
 * Stacks boxes in one column (same x band) so none covers another: each wants to be centred on
 * its `at` (a level's y); in order of y they are pushed down past the one above, then, if the
 * last ran past `bottom`, pulled back up. Returns the top y of each, in the input's order.
 */
export function stackColumn(
  wanted: { at: number; h: number }[],
  top: number,
  bottom: number,
  gap = 2,
): number[] {
  const order = wanted.map((w, i) => i).sort((a, b) => wanted[a].at - wanted[b].at);
  const ys = new Array<number>(wanted.length);
  let next = top;
  for (const i of order) {
    const y = Math.max(next, wanted[i].at - wanted[i].h / 2);
    ys[i] = y;
    next = y + wanted[i].h + gap;
  }
  let limit = bottom;
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    if (ys[i] + wanted[i].h > limit) ys[i] = Math.max(top, limit - wanted[i].h);
    limit = ys[i] - gap;
  }
  return ys;
}

/**
 * Places each label at the first of its candidate boxes that covers no box placed before it
 * (the obstacles first, then the labels in priority order); a label none of whose candidates is
 * free is left out (null): thinned, never drawn over another.
 */
export function placeFree(candidates: Box[][], obstacles: Box[]): (Box | null)[] {
  const placed = [...obstacles];
  return candidates.map((options) => {
    const free = options.find((b) => !placed.some((p) => overlaps(p, b)));
    if (free) placed.push(free);
    return free ?? null;
  });
}
