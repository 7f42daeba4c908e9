import type { IPrimitivePaneRenderer } from 'lightweight-charts';
import type { RenderTarget } from '../grip-renderer.js';
import { LABEL_FONT, LABEL_HEIGHT, LABEL_PAD_X, MARKER_SIZE } from './label-options.js';
import type { Box } from './label-layout.js';

export type MarkerShape = 'arrowUp' | 'arrowDown' | 'circle' | 'square';

/** One trade event's shape, centred on (x, y). */
export interface DrawnShape {
  x: number;
  y: number;
  shape: MarkerShape;
  color: string;
}

/** One label as laid out: its box, its words, its colour (the box is filled, the words in `ink`). */
export interface DrawnLabel extends Box {
  text: string;
  color: string;
  ink: string;
  kind: 'level' | 'event';
}

/** Draws the trade events' shapes and every in-chart label, already laid out so none covers another. */
export class LabelsRenderer implements IPrimitivePaneRenderer {
  constructor(
    private readonly shapes: DrawnShape[],
    private readonly labels: DrawnLabel[],
  ) {}

  draw(target: RenderTarget): void {
    target.useMediaCoordinateSpace(({ context: c }) => {
      for (const s of this.shapes) drawShape(c, s);
      c.font = LABEL_FONT;
      c.textBaseline = 'middle';
      for (const l of this.labels) {
        c.fillStyle = l.color;
        c.beginPath();
        c.roundRect(l.x, l.y, l.w, l.h, 3);
        c.fill();
        c.fillStyle = l.ink;
        c.fillText(l.text, l.x + LABEL_PAD_X, l.y + LABEL_HEIGHT / 2 + 0.5);
      }
    });
  }
}

function drawShape(c: CanvasRenderingContext2D, { x, y, shape, color }: DrawnShape): void {
  const r = MARKER_SIZE / 2;
  c.fillStyle = color;
  c.beginPath();
  if (shape === 'circle') {
    c.arc(x, y, r, 0, Math.PI * 2);
  } else if (shape === 'square') {
    c.rect(x - r + 1, y - r + 1, MARKER_SIZE - 2, MARKER_SIZE - 2);
  } else {
    const dir = shape === 'arrowUp' ? -1 : 1;
    c.moveTo(x, y + dir * r);
    c.lineTo(x + r, y - dir * r);
    c.lineTo(x - r, y - dir * r);
    c.closePath();
  }
  c.fill();
}
