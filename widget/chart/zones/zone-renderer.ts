import type { IPrimitivePaneRenderer } from 'lightweight-charts';
import type { RenderTarget } from '../grip-renderer.js';

/** A shaded rectangle in CSS px of the price pane. */
export interface ZoneRect {
  x: number;
  width: number;
  top: number;
  bottom: number;
  color: string;
}

/** Fills the risk and reward zones (under the candles: the pane view's z-order is 'bottom'). */
export class ZoneRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly zones: ZoneRect[]) {}

  draw(target: RenderTarget): void {
    target.useMediaCoordinateSpace(({ context }) => {
      for (const z of this.zones) {
        context.fillStyle = z.color;
        context.fillRect(z.x, z.top, z.width, z.bottom - z.top);
      }
    });
  }
}
