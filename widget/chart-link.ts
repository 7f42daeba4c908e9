import type { Bar, IndicatorPoint, Overlay } from '../engine/index.js';
import type { PlanChart } from './chart/plan-chart.js';
import type { DrawnState } from './types.js';

/**
 * The widget's chart and the element it draws into. The element comes from the view, the
 * chart is built only when there is something to draw, and a replay restart swaps the chart
 * for a fresh one in the same element.
 */
export class ChartLink {
  private host: HTMLElement | null = null;
  current: PlanChart | null = null;
  /** The chart the addons last heard of. */
  private announced: PlanChart | null = null;

  constructor(private readonly build: (host: HTMLElement) => PlanChart) {}

  /** False when this element is the one already attached. */
  attach(host: HTMLElement): boolean {
    if (this.host === host) return false;
    this.host = host;
    return true;
  }

  get attached(): boolean {
    return this.host !== null;
  }

  /** The chart, built now if the element is there and no chart is. */
  ensure(): PlanChart | null {
    if (!this.current && this.host) this.current = this.build(this.host);
    return this.current;
  }

  /** Ends the chart but keeps the element: the next draw builds a fresh chart. */
  drop(): void {
    this.current?.destroy();
    this.current = null;
  }

  detach(): void {
    this.drop();
    this.host = null;
  }

  /** True once for each chart built: the first time it is asked about. */
  isNew(chart: PlanChart): boolean {
    if (this.announced === chart) return false;
    this.announced = chart;
    return true;
  }

  /**
   * Draws a pushed bar with the plan and the indicator point after it. When live bars have
   * doubled the drawn window (`maxBars`), the latest window of `bars` is drawn again first (rare,
   * O(window)) and this returns true: the redrawn window's bands and RSI must be asked for anew.
   */
  drawTick(bars: Bar[], bar: Bar, overlay: Overlay, point: IndicatorPoint, maxBars: number): boolean {
    const chart = this.current;
    if (!chart) return false;
    const redrawn = chart.drawnBars > 2 * maxBars;
    if (redrawn) chart.setBars(bars, overlay.state.entryTime, overlay.state.exitTime);
    chart.updateBar(bar);
    chart.setOverlay(overlay);
    chart.updateIndicator({
      time: point.time,
      upper: point.upper ?? NaN,
      middle: point.middle ?? NaN,
      lower: point.lower ?? NaN,
      rsi: point.rsi ?? NaN,
    });
    return redrawn;
  }

  /** Decimals of the chart's prices, for the legend (null before the chart is drawn). */
  get precision(): number | null {
    return this.current?.precision ?? null;
  }

  drawnState(): DrawnState | null {
    return this.current?.drawnState() ?? null;
  }
}
