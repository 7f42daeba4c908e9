/** How the chart's own labels (levels and trade events) are drawn. */
export const LABEL_FONT_SIZE = 11;
export const LABEL_FONT = `${LABEL_FONT_SIZE}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
export const LABEL_PAD_X = 4;
export const LABEL_HEIGHT = 16;
/** Below this pane width the level labels keep only their name and price (no R, share or 1R). */
export const NARROW_PANE = 520;
/** Marker shapes: size in CSS px, and the gap between a bar's extreme and a shape beside it. */
export const MARKER_SIZE = 9;
export const MARKER_GAP = 4;

let measurer: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();

/** A label's width in CSS px at LABEL_FONT (measured once per text). */
export function labelWidth(text: string): number {
  let w = widths.get(text);
  if (w !== undefined) return w;
  measurer ??= document.createElement('canvas').getContext('2d');
  if (measurer) measurer.font = LABEL_FONT;
  w = Math.ceil((measurer?.measureText(text).width ?? text.length * 6.5) + 2 * LABEL_PAD_X);
  if (widths.size > 2000) widths.clear();
  widths.set(text, w);
  return w;
}
