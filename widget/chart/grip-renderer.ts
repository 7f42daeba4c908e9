import type { IPrimitivePaneRenderer } from 'lightweight-charts';

/** The canvas target lightweight-charts hands a renderer (from fancy-canvas, not a direct dependency). */
export type RenderTarget = Parameters<IPrimitivePaneRenderer['draw']>[0];

const GRIP_WIDTH = 14;
const GRIP_HEIGHT = 10;
const GRIP_X = 6;

/** The drag handles' renderer: a grip at the left end of each draggable level. */
export class GripRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly grips: { y: number; color: string }[]) {}

  draw(target: RenderTarget): void {
    target.useMediaCoordinateSpace(({ context }) => {
      for (const { y, color } of this.grips) {
        context.fillStyle = color;
        context.beginPath();
        context.roundRect(GRIP_X, y - GRIP_HEIGHT / 2, GRIP_WIDTH, GRIP_HEIGHT, 3);
        context.fill();
        // Two short bars: the usual "this can be dragged" hint.
        context.fillStyle = '#ffffff';
        context.fillRect(GRIP_X + 3, y - 2, GRIP_WIDTH - 6, 1);
        context.fillRect(GRIP_X + 3, y + 1, GRIP_WIDTH - 6, 1);
      }
    });
  }
}
