import { describe, expect, it } from 'vitest';
import { overlaps, placeFree, stackColumn } from '../../../widget/chart/labels/label-layout.js';

describe('stackColumn', () => {
  it('pushes labels that want the same spot apart, in order of their levels', () => {
    // Three levels 4 px apart, labels 16 px high with a 2 px gap: 18 px from one top to the next.
    const ys = stackColumn(
      [
        { at: 104, h: 16 },
        { at: 100, h: 16 },
        { at: 108, h: 16 },
      ],
      0,
      400,
    );
    expect(ys).toEqual([110, 92, 128]);
  });

  it('pulls the column back up when it would run past the bottom', () => {
    const ys = stackColumn(
      [
        { at: 395, h: 16 },
        { at: 398, h: 16 },
      ],
      0,
      400,
    );
    // The lower label ends at the bottom (384 + 16 = 400), the other 2 px above it.
    expect(ys).toEqual([366, 384]);
  });

  it('leaves labels alone that do not touch', () => {
    expect(
      stackColumn(
        [
          { at: 50, h: 16 },
          { at: 200, h: 16 },
        ],
        0,
        400,
      ),
    ).toEqual([42, 192]);
  });
});

describe('placeFree', () => {
  it('takes the first free candidate and thins a label with none', () => {
    const obstacle = { x: 0, y: 0, w: 100, h: 16 };
    const placed = placeFree(
      [
        [
          { x: 10, y: 5, w: 40, h: 16 },
          { x: 10, y: 40, w: 40, h: 16 },
        ],
        [{ x: 20, y: 42, w: 40, h: 16 }],
      ],
      [obstacle],
    );
    expect(placed[0]).toEqual({ x: 10, y: 40, w: 40, h: 16 });
    // Its only spot is taken by the first label: left out, never drawn over it.
    expect(placed[1]).toBeNull();
  });

  it('counts boxes that only touch edges 1 px apart as overlapping (a gap keeps them readable)', () => {
    expect(overlaps({ x: 0, y: 0, w: 10, h: 10 }, { x: 10.5, y: 0, w: 10, h: 10 })).toBe(true);
    expect(overlaps({ x: 0, y: 0, w: 10, h: 10 }, { x: 12, y: 0, w: 10, h: 10 })).toBe(false);
  });
});
