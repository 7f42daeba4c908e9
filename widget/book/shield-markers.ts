import {
  createSeriesMarkers,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Bar } from '../../engine/index.js';
import type { BookShieldEvent } from './book-state.js';

// Short: two shields firing a bar apart must not write over each other.
const SHORT_NAME = { imbalance: 'imbalance', liquidity: 'liquidity' } as const;

/**
 * A marker on the chart for every shield that fired, on the bar whose time span holds the
 * book update (the last bar when the book is ahead of the bars). The markers sit on a series
 * of their own that draws nothing and does not take part in autoscaling, its points at each
 * marked bar's high, so the plan's markers on the candles stay the plan's.
 */
export class ShieldMarkers {
  private chart: IChartApi | null = null;
  private series: ISeriesApi<'Line'> | null = null;
  private plugin: ISeriesMarkersPluginApi<Time> | null = null;
  private readonly marks: { time: number; high: number; text: string }[] = [];

  /** (Re)creates the series on `chart` (a new chart has lost the old one) and draws what is marked. */
  attach(chart: IChartApi, bars: readonly Bar[]): void {
    if (this.chart === chart && this.series) return;
    this.chart = chart;
    this.series = chart.addSeries(LineSeries, {
      lineVisible: false,
      pointMarkersVisible: false,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerVisible: false,
      autoscaleInfoProvider: () => null,
      title: '',
    });
    this.plugin = createSeriesMarkers(this.series, []);
    // Bars may have moved on (a remount): place the kept marks again on these bars.
    for (const m of this.marks) m.high = barAt(bars, m.time)?.high ?? m.high;
    this.draw();
  }

  add(event: BookShieldEvent, bars: readonly Bar[]): void {
    const bar = barAt(bars, Math.floor(event.timeMs / 1000));
    if (!bar) return;
    const text = SHORT_NAME[event.shield];
    const same = this.marks.find((m) => m.time === bar.time && m.text === text);
    if (same) return; // one marker per shield and bar: several firings inside one bar are one mark
    this.marks.push({ time: bar.time, high: bar.high, text });
    this.marks.sort((a, b) => a.time - b.time);
    this.draw();
  }

  list(): { time: number; text: string }[] {
    return this.marks.map(({ time, text }) => ({ time, text }));
  }

  detach(): void {
    // The chart may already be gone (removed with the widget): nothing to take off then.
    try {
      if (this.series && this.chart) this.chart.removeSeries(this.series);
    } catch {
      /* removed with its chart */
    }
    this.chart = this.series = this.plugin = null;
  }

  private draw(): void {
    if (!this.series || !this.plugin) return;
    const times = [...new Set(this.marks.map((m) => m.time))];
    this.series.setData(
      times.map((t) => ({ time: t as UTCTimestamp, value: this.marks.find((m) => m.time === t)!.high })),
    );
    const markers: SeriesMarker<Time>[] = this.marks.map((m) => ({
      time: m.time as UTCTimestamp,
      position: 'aboveBar',
      shape: 'arrowDown',
      color: '#d9480f',
      text: m.text,
    }));
    this.plugin.setMarkers(markers);
  }
}

/** The last bar starting at or before `timeSec` (the last bar when the time is past them all); null before the first. */
function barAt(bars: readonly Bar[], timeSec: number): Bar | null {
  if (bars.length === 0) return null;
  let lo = 0;
  let hi = bars.length - 1;
  if (bars[0].time > timeSec) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bars[mid].time <= timeSec) lo = mid;
    else hi = mid - 1;
  }
  return bars[lo];
}
