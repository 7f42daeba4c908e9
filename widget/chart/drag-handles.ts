import type {
  AutoscaleInfo,
  Coordinate,
  IChartApi,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  PrimitiveHoveredItem,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts';
import { GripRenderer } from './grip-renderer.js';

/** A level the reader may drag: entry, the initial stop, or a ladder leg. */
export interface DraggableLevel {
  id: string;
  price: number;
  color: string;
}

/** How close (CSS px) the pointer must be to a level to pick it up. */
const PICK_TOLERANCE = 6;

/**
 * Draws a grip on every draggable level and moves it with the pointer. Price lines cannot be
 * dragged in lightweight-charts, so this primitive does the hit-testing and the pointer
 * handling; the plan itself changes only through `onDrop`, which asks the engine again.
 */
export class DragHandles implements ISeriesPrimitive<Time> {
  private levels: DraggableLevel[] = [];
  private series: ISeriesApi<'Candlestick'> | null = null;
  private chart: IChartApi | null = null;
  private requestUpdate: (() => void) | null = null;
  private dragging: { id: string; pointerId: number } | null = null;
  private lastAutoscale: AutoscaleInfo | null = null;
  private readonly views: IPrimitivePaneView[];

  constructor(
    private readonly container: HTMLElement,
    private readonly onMove: (id: string, price: number) => void,
    private readonly onDrop: (id: string, price: number) => void,
  ) {
    this.views = [{ renderer: () => new GripRenderer(this.grips()) }];
    container.addEventListener('pointerdown', this.down, true);
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.series = param.series as ISeriesApi<'Candlestick'>;
    this.chart = param.chart as IChartApi;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.series = null;
    this.chart = null;
    this.requestUpdate = null;
  }

  destroy(): void {
    this.container.removeEventListener('pointerdown', this.down, true);
    this.container.removeEventListener('pointermove', this.move);
    this.container.removeEventListener('pointerup', this.up);
  }

  setLevels(levels: DraggableLevel[]): void {
    if (this.dragging) return;
    // Live ticks rarely move a level: ask the chart for a redraw only when one did.
    const same =
      levels.length === this.levels.length &&
      levels.every(
        (l, i) =>
          l.id === this.levels[i].id && l.price === this.levels[i].price && l.color === this.levels[i].color,
      );
    if (same) return;
    this.levels = levels;
    this.requestUpdate?.();
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  /**
   * The price scale always takes in the entry, the stop and every target, so each level can be
   * seen and grabbed even when the candles have not reached it. Frozen while dragging, or the
   * scale would shift under the pointer.
   */
  autoscaleInfo(): AutoscaleInfo | null {
    if (this.dragging) return this.lastAutoscale;
    if (!this.levels.length) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const level of this.levels) {
      min = Math.min(min, level.price);
      max = Math.max(max, level.price);
    }
    this.lastAutoscale = { priceRange: { minValue: min, maxValue: max } };
    return this.lastAutoscale;
  }

  hitTest(x: number, y: number): PrimitiveHoveredItem | null {
    const hit = this.pick(x, y);
    return hit ? { externalId: hit.id, zOrder: 'top', cursorStyle: 'ns-resize' } : null;
  }

  private grips(): { y: number; color: string }[] {
    const out: { y: number; color: string }[] = [];
    for (const level of this.levels) {
      const y = this.series?.priceToCoordinate(level.price);
      if (y !== null && y !== undefined) out.push({ y, color: level.color });
    }
    return out;
  }

  /** The level under the pointer, anywhere along its line inside the price pane. */
  private pick(x: number, y: number): DraggableLevel | null {
    if (!this.series || !this.chart) return null;
    const paneWidth = this.chart.timeScale().width();
    if (x < 0 || x > paneWidth) return null;
    let best: DraggableLevel | null = null;
    let bestDistance = PICK_TOLERANCE;
    for (const level of this.levels) {
      const ly = this.series.priceToCoordinate(level.price);
      if (ly === null) continue;
      const d = Math.abs(ly - y);
      if (d <= bestDistance) {
        best = level;
        bestDistance = d;
      }
    }
    return best;
  }

  private local(ev: PointerEvent): { x: number; y: number } {
    const rect = this.container.getBoundingClientRect();
    return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
  }

  private priceAt(ev: PointerEvent): number | null {
    const price = this.series?.coordinateToPrice(this.local(ev).y as Coordinate);
    return price === null || price === undefined || !Number.isFinite(price) ? null : price;
  }

  private readonly down = (ev: PointerEvent): void => {
    if (ev.button !== 0) return;
    const { x, y } = this.local(ev);
    const hit = this.pick(x, y);
    if (!hit) return;
    // Cancelling pointerdown also suppresses the mouse events the chart would pan with.
    ev.preventDefault();
    ev.stopPropagation();
    this.dragging = { id: hit.id, pointerId: ev.pointerId };
    this.chart?.applyOptions({ handleScroll: false, handleScale: false });
    this.container.setPointerCapture?.(ev.pointerId);
    this.container.addEventListener('pointermove', this.move);
    this.container.addEventListener('pointerup', this.up);
    this.container.addEventListener('pointercancel', this.up);
  };

  private readonly move = (ev: PointerEvent): void => {
    if (!this.dragging || ev.pointerId !== this.dragging.pointerId) return;
    const price = this.priceAt(ev);
    if (price === null) return;
    const level = this.levels.find((l) => l.id === this.dragging?.id);
    if (level) level.price = price;
    this.onMove(this.dragging.id, price);
    this.requestUpdate?.();
  };

  private readonly up = (ev: PointerEvent): void => {
    if (!this.dragging || ev.pointerId !== this.dragging.pointerId) return;
    const { id } = this.dragging;
    const price = this.priceAt(ev);
    this.dragging = null;
    this.container.removeEventListener('pointermove', this.move);
    this.container.removeEventListener('pointerup', this.up);
    this.container.removeEventListener('pointercancel', this.up);
    this.container.releasePointerCapture?.(ev.pointerId);
    this.chart?.applyOptions({ handleScroll: true, handleScale: true });
    if (price !== null) this.onDrop(id, price);
  };
}
