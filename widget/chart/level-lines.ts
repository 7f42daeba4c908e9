import { LineStyle, type IPriceLine, type ISeriesApi } from 'lightweight-charts';
import type { OverlayLine } from '../../engine/index.js';
import type { Palette } from './palette.js';

export function lineColor(line: OverlayLine, p: Palette): string {
  switch (line.role) {
    case 'entry':
      return p.entry;
    case 'stop':
      return p.stop;
    case 'trail':
      return p.trail;
    case 'breakeven':
      return p.breakeven;
    default:
      return line.filled ? p.muted : p.target;
  }
}

function lineStyle(line: OverlayLine): LineStyle {
  if (line.role === 'trail' || line.role === 'breakeven') return LineStyle.Dashed;
  return line.filled ? LineStyle.Dotted : LineStyle.Solid;
}

/**
 * The plan's levels as price lines on the candles (their words and prices are PlanLabels',
 * in the pane, so the price axis keeps its tick labels readable). A tick re-applies only the lines that changed.
 */
export class LevelLines {
  private readonly lines = new Map<string, IPriceLine>();
  private readonly source = new Map<string, OverlayLine>();

  constructor(
    private readonly series: ISeriesApi<'Candlestick'>,
    private palette: Palette,
  ) {}

  sync(next: OverlayLine[]): void {
    const seen = new Set<string>();
    for (const line of next) {
      seen.add(line.id);
      const existing = this.lines.get(line.id);
      const prev = this.source.get(line.id);
      const color = lineColor(line, this.palette);
      if (!existing) {
        this.lines.set(
          line.id,
          this.series.createPriceLine({
            id: line.id,
            price: line.price,
            color,
            lineWidth: line.role === 'entry' ? 2 : 1,
            lineStyle: lineStyle(line),
            // No badge on the price axis: six levels within a few dozen pixels stacked their
            // badges over the axis's own tick labels (issue 14). The level's name and price are
            // drawn by PlanLabels in the pane, beside the axis, where it keeps them apart.
            axisLabelVisible: false,
            title: '',
          }),
        );
      } else if (
        !prev ||
        prev.price !== line.price ||
        prev.label !== line.label ||
        prev.filled !== line.filled
      ) {
        existing.applyOptions({ price: line.price, color, lineStyle: lineStyle(line) });
      }
      this.source.set(line.id, line);
    }
    for (const [id, priceLine] of this.lines) {
      if (!seen.has(id)) {
        this.series.removePriceLine(priceLine);
        this.lines.delete(id);
        this.source.delete(id);
      }
    }
  }

  /** While dragging: the line moves at once; the engine answers on drop. */
  preview(id: string, price: number): void {
    this.lines.get(id)?.applyOptions({ price });
  }

  /** The engine's label of a line drawn now (DrawnState reports it beside the line's price). */
  labelOf(id: string): string {
    return this.source.get(id)?.label ?? '';
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    for (const [id, line] of this.source)
      this.lines.get(id)?.applyOptions({ color: lineColor(line, palette) });
  }
}
