import { createChart, type AutoscaleInfo, type IChartApi } from 'lightweight-charts';
import { DEFAULT_MAX_BARS, type Bar, type Overlay } from '../../engine/index.js';
import type { DrawnState } from '../types.js';
import { CandleLayer } from './candle-layer.js';
import { chartOptions, themeOptions } from './chart-options.js';
import { CrosshairReadout } from './crosshair-readout.js';
import { TimeAxisEdge } from './time-axis-edge.js';
import { DragHandles } from './drag-handles.js';
import { IndicatorPanes, type IndicatorColumns, type IndicatorPoint } from './indicator-panes.js';
import { LevelLines, lineColor } from './level-lines.js';
import type { Palette } from './palette.js';
import { PlanLabels } from './labels/plan-labels.js';
import { TrailLine } from './trail-line.js';
import { PlanZones } from './zones/plan-zones.js';

export type { IndicatorColumns, IndicatorPoint } from './indicator-panes.js';
export { pricePrecision } from './price-precision.js';

const DRAGGABLE = new Set(['entry', 'stop', 'target']);
/** The plan's lines that the price scale keeps in view: all but filled legs (the initial stop stays too). */
const KEPT_IN_VIEW = new Set(['entry', 'stop', 'trail', 'target']);

/**
 * Everything drawn on the chart, and nothing computed: a facade over one piece per kind of
 * drawing (candles and their paging, the plan's price lines, the stepped trail, markers, bands
 * and the RSI pane, the drag grips). Updates touch only what changed, so a live tick costs a
 * few series updates, not a redraw from scratch.
 */
export class PlanChart {
  readonly chart: IChartApi;
  private readonly candles: CandleLayer;
  private readonly trail: TrailLine;
  private readonly labels: PlanLabels;
  private readonly zones: PlanZones;
  private readonly readout: CrosshairReadout;
  private readonly levelLines: LevelLines;
  private readonly indicators: IndicatorPanes;
  private readonly handles: DragHandles;
  private readonly timeEdge: TimeAxisEdge;
  private overlay: Overlay | null = null;

  constructor(
    container: HTMLElement,
    private palette: Palette,
    onDrag: { move: (id: string, price: number) => void; drop: (id: string, price: number) => void },
    maxBars = DEFAULT_MAX_BARS,
  ) {
    this.chart = createChart(container, chartOptions(palette));
    this.candles = new CandleLayer(
      this.chart,
      palette,
      maxBars,
      (info) => this.withLevels(info),
      (oldFirst, history) => this.redrawn(oldFirst, history),
    );
    this.trail = new TrailLine(this.chart, palette);
    this.labels = new PlanLabels(
      palette,
      () => this.candles.precision,
      () => this.candles.firstTime,
    );
    this.levelLines = new LevelLines(this.candles.series, palette);
    this.indicators = new IndicatorPanes(this.chart, palette);
    this.handles = new DragHandles(container, onDrag.move, onDrag.drop);
    this.zones = new PlanZones(palette);
    this.candles.series.attachPrimitive(this.zones);
    this.candles.series.attachPrimitive(this.labels);
    this.candles.series.attachPrimitive(this.handles);
    this.timeEdge = new TimeAxisEdge(palette.background);
    this.candles.series.attachPrimitive(this.timeEdge);
    this.readout = new CrosshairReadout(
      container,
      this.chart,
      () => ({ candles: this.candles.series, ...this.indicators.drawnSeries() }),
      () => this.candles.precision,
      palette,
    );
  }

  /** See CandleLayer.setBars: draws the bars (the window of them) and frames the trade. */
  setBars(bars: Bar[], entryTime: number | null, exitTime: number | null): void {
    this.candles.setBars(bars, entryTime, exitTime);
  }

  /** Decimals of the candles' prices: every price the widget shows uses them. */
  get precision(): number {
    return this.candles.precision;
  }

  /** Bars in the chart now; the controller re-windows when live bars have doubled it. */
  get drawnBars(): number {
    return this.candles.drawnBars;
  }

  updateBar(bar: Bar): void {
    if (!this.candles.updateBar(bar)) return;
    // The oldest candles went (see CandleLayer.updateBar): the rest follow on the next overlay.
    this.trail.invalidate();
    this.indicators.trimBefore(this.candles.firstTime);
  }

  setOverlay(overlay: Overlay): void {
    this.overlay = overlay;
    const firstTime = this.candles.firstTime;
    this.levelLines.sync(overlay.lines);
    this.trail.sync(overlay.trail, firstTime);
    this.labels.sync(overlay);
    this.zones.sync(overlay);
    this.handles.setLevels(
      overlay.lines
        .filter((l) => DRAGGABLE.has(l.role) && !l.filled)
        .map((l) => ({ id: l.id, price: l.price, color: lineColor(l, this.palette) })),
    );
  }

  /** While dragging: move the line at once; the engine answers on drop. */
  previewLevel(id: string, price: number): void {
    this.levelLines.preview(id, price);
    this.labels.previewLevel(id, price);
    const legs = this.overlay?.levels.legs ?? [];
    this.zones.previewLevel(id, price, legs.length ? legs[legs.length - 1].id : null);
  }

  setIndicators(columns: IndicatorColumns | null, show: { bb: boolean; rsi: boolean }): void {
    this.indicators.set(columns, show, this.candles.firstTime);
  }

  updateIndicator(point: IndicatorPoint): void {
    this.indicators.update(point);
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.timeEdge.setBackground(palette.background);
    this.chart.applyOptions(themeOptions(palette));
    this.candles.setPalette(palette);
    this.trail.setPalette(palette);
    this.levelLines.setPalette(palette);
    this.labels.setPalette(palette);
    this.zones.setPalette(palette);
    this.readout.setPalette(palette);
    this.indicators.setPalette(palette);
    if (this.overlay) this.setOverlay(this.overlay);
  }

  /** What lightweight-charts holds now, read back through its own API. */
  drawnState(): DrawnState {
    const series = this.candles.series;
    const candles = series.data();
    const view = this.chart.timeScale().getVisibleLogicalRange();
    const inView =
      view && candles.length ? candles[Math.max(0, Math.min(candles.length - 1, Math.floor(view.to)))] : null;
    return {
      priceLines: series.priceLines().map((l) => {
        const o = l.options();
        const id = o.id ?? '';
        return {
          id,
          price: o.price,
          title: this.levelLines.labelOf(id),
          y: series.priceToCoordinate(o.price),
        };
      }),
      trail: this.trail.points(),
      markers: this.labels.drawnMarkers(),
      labels: this.labels.drawnLabels(),
      zones: this.zones.drawn(),
      precision: this.candles.precision,
      candles: candles.length,
      candleTimes: candles.map((d) => d.time as number),
      lastCandle: this.candles.lastBar,
      lastVisibleClose: (inView as { close?: number } | null)?.close ?? null,
      panes: this.chart.panes().length,
      bands: this.indicators.hasBands,
    };
  }

  /** Where a price sits on the price pane, in CSS px from the chart's top (for drag tests and the form). */
  priceToY(price: number): number | null {
    return this.candles.series.priceToCoordinate(price);
  }

  destroy(): void {
    this.readout.destroy();
    this.handles.destroy();
    this.chart.remove();
  }

  /** The candles were drawn again: the trail and markers redraw in full; history brings older indicator values. */
  private redrawn(oldFirst: number, history: boolean): void {
    this.trail.invalidate();
    if (!history) return;
    if (this.overlay) this.setOverlay(this.overlay);
    this.indicators.prependHistory(this.candles.firstTime, oldFirst);
  }

  /** The candles' own price range, widened to the plan's open levels. */
  private withLevels(info: AutoscaleInfo | null): AutoscaleInfo | null {
    if (!info?.priceRange || !this.overlay) return info;
    let { minValue, maxValue } = info.priceRange;
    for (const line of this.overlay.lines) {
      if (line.filled || !KEPT_IN_VIEW.has(line.role)) continue;
      minValue = Math.min(minValue, line.price);
      maxValue = Math.max(maxValue, line.price);
    }
    return { ...info, priceRange: { minValue, maxValue } };
  }
}
