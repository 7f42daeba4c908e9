import type { CanvasRenderingTarget2D } from 'fancy-canvas';
import type { IPrimitivePaneRenderer, IPrimitivePaneView, ISeriesPrimitive, Time } from 'lightweight-charts';

/** Rows of the time axis above its labels (its border line and padding), in CSS px. */
const LABEL_BAND_TOP = 4;
/** How far right of the edge a cut label can reach: half the widest label ("09:00", "2020", "Sep"). */
const SCAN_WIDTH = 48;
/** Background columns in a row that end a label (the gap between two labels is wider). */
const GAP = 3;

/**
 * Hides a time-axis label that the chart's left edge cuts ("020" for 2020), which a reader
 * takes for a different value. lightweight-charts centres each label on its bar and moves the
 * edge ones inside only when the view cannot scroll past the first bar (fixLeftEdge); this
 * chart opens with older bars to the left of the view, so a label can sit across the edge. The
 * library gives no access to its tick marks, so this reads back what it drew: drawn after the
 * labels on the axis's canvas, it looks at the strip at the left edge; ink in the first column
 * means a label runs off the edge, and that label (up to the first gap) is painted over with
 * the background. A 48 x 24 px strip per axis redraw (scroll, zoom, new bar), not per tick.
 */
export class TimeAxisEdge implements ISeriesPrimitive<Time> {
  private readonly views: IPrimitivePaneView[];

  constructor(private background: string) {
    const renderer: IPrimitivePaneRenderer = { draw: (target) => this.draw(target) };
    this.views = [{ zOrder: () => 'normal', renderer: () => renderer }];
  }

  setBackground(color: string): void {
    this.background = color;
  }

  timeAxisPaneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  private draw(target: CanvasRenderingTarget2D): void {
    target.useBitmapCoordinateSpace(({ context, bitmapSize, horizontalPixelRatio, verticalPixelRatio }) => {
      const top = Math.round(LABEL_BAND_TOP * verticalPixelRatio);
      const w = Math.min(bitmapSize.width, Math.round(SCAN_WIDTH * horizontalPixelRatio));
      const h = bitmapSize.height - top;
      if (w <= 0 || h <= 0) return;
      const pixels = context.getImageData(0, top, w, h).data;
      context.fillStyle = this.background;
      // The background as the canvas stores it: the colour of a pixel painted with it.
      const bg = backgroundRgb(this.background);
      const ink = (x: number): boolean => {
        for (let y = 0; y < h; y++) {
          const i = (y * w + x) * 4;
          if (
            Math.abs(pixels[i] - bg[0]) + Math.abs(pixels[i + 1] - bg[1]) + Math.abs(pixels[i + 2] - bg[2]) >
            60
          )
            return true;
        }
        return false;
      };
      if (!ink(0)) return;
      const gap = Math.max(1, Math.round(GAP * horizontalPixelRatio));
      let end = 0;
      let empty = 0;
      for (let x = 0; x < w && empty < gap; x++) {
        if (ink(x)) {
          end = x + 1;
          empty = 0;
        } else empty++;
      }
      context.fillRect(0, top, end, h);
    });
  }
}

const rgbCache = new Map<string, [number, number, number]>();

function backgroundRgb(color: string): [number, number, number] {
  let rgb = rgbCache.get(color);
  if (rgb) return rgb;
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return [255, 255, 255];
  probe.fillStyle = color;
  probe.fillRect(0, 0, 1, 1);
  const d = probe.getImageData(0, 0, 1, 1).data;
  rgb = [d[0], d[1], d[2]];
  rgbCache.set(color, rgb);
  return rgb;
}
