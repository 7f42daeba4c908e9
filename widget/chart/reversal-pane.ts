import {
  createSeriesMarkers,
  LineSeries,
  LineStyle,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { utc } from './candle-layer.js';
import type { Palette } from './palette.js';

/** What the reversal pane holds, read back from lightweight-charts (tests and checks). */
export interface ReversalDrawn {
  pane: number;
  points: number;
  last: { time: number; value: number } | null;
  markers: { time: number; text: string }[];
  threshold: number | null;
}

/**
 * The reversal probability as a line in a pane of its own under the price (0 to 1, the
 * threshold dotted), with a marker at each bar where it crosses the threshold upward.
 */
export class ReversalPane {
  private series: ISeriesApi<'Line'> | null = null;
  private markers: ISeriesMarkersPluginApi<Time> | null = null;
  private line: IPriceLine | null = null;
  private pane = -1;
  private lastValue = NaN;
  private readonly crossings: SeriesMarker<Time>[] = [];

  constructor(
    private readonly chart: IChartApi,
    private palette: Palette,
    private readonly threshold: number,
  ) {}

  /** Draws every bar's probability (NaN: not scored, left out). */
  set(times: ArrayLike<number>, p: ArrayLike<number>): void {
    this.ensure();
    const data: { time: UTCTimestamp; value: number }[] = [];
    this.crossings.length = 0;
    let before = NaN;
    for (let i = 0; i < p.length; i++) {
      if (!Number.isFinite(p[i])) continue;
      data.push({ time: utc(times[i]), value: p[i] });
      if (this.crosses(before, p[i])) this.crossings.push(this.marker(times[i]));
      before = p[i];
    }
    this.lastValue = before;
    this.series!.setData(data);
    this.markers!.setMarkers([...this.crossings]);
  }

  /** A new bar's probability. */
  add(time: number, p: number): void {
    if (!Number.isFinite(p) || !this.series) return;
    this.series.update({ time: utc(time), value: p });
    if (this.crosses(this.lastValue, p)) {
      this.crossings.push(this.marker(time));
      this.markers!.setMarkers([...this.crossings]);
    }
    this.lastValue = p;
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.series?.applyOptions({ color: palette.down });
    this.line?.applyOptions({ color: palette.muted });
  }

  drawn(): ReversalDrawn | null {
    if (!this.series) return null;
    const data = this.series.data() as { time: UTCTimestamp; value: number }[];
    const last = data.length > 0 ? data[data.length - 1] : null;
    return {
      pane: this.pane,
      points: data.length,
      last: last ? { time: last.time as number, value: last.value } : null,
      markers: (this.markers?.markers() ?? []).map((m) => ({ time: m.time as number, text: m.text ?? '' })),
      threshold: this.line?.options().price ?? null,
    };
  }

  /** Takes the pane away (a new chart replaces this one, or the addon ends). */
  remove(): void {
    if (!this.series) return;
    try {
      this.markers?.detach();
      this.chart.removeSeries(this.series);
    } catch {
      // The chart was removed first: its series went with it.
    }
    this.series = null;
    this.markers = null;
    this.line = null;
  }

  private crosses(before: number, now: number): boolean {
    return Number.isFinite(before) && before < this.threshold && now >= this.threshold;
  }

  private marker(time: number): SeriesMarker<Time> {
    return {
      time: utc(time),
      position: 'aboveBar',
      shape: 'arrowDown',
      color: this.palette.down,
      // No text: crossings cluster, and their labels would overprint; the dotted line is labelled.
      text: '',
    };
  }

  private ensure(): void {
    if (this.series) return;
    // Its own pane below whatever is there (the RSI pane when shown).
    this.pane = this.chart.panes().length;
    this.series = this.chart.addSeries(
      LineSeries,
      {
        color: this.palette.down,
        lineWidth: 2,
        priceLineVisible: false,
        title: 'p(rev)',
        priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
        autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 1 } }),
      },
      this.pane,
    );
    this.line = this.series.createPriceLine({
      price: this.threshold,
      color: this.palette.muted,
      lineWidth: 1,
      lineStyle: LineStyle.Dotted,
      axisLabelVisible: true,
      title: '',
    });
    this.markers = createSeriesMarkers(this.series, []);
    const panes = this.chart.panes();
    panes[0]?.setStretchFactor(3);
    for (let k = 1; k < panes.length; k++) panes[k].setStretchFactor(1);
  }
}
