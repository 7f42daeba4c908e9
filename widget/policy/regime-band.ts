import { HistogramSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { Bar } from '../../engine/index.js';

/** The four regimes (engine/ml/regimes.ts REGIMES codes 1..4) as the band and its legend colour them. */
export const REGIME_LEGEND = [
  { code: 1, name: 'trending', label: 'Trending', color: '#2e9d5b' },
  { code: 2, name: 'resistance', label: 'Near resistance', color: '#d99a1e' },
  { code: 3, name: 'shift', label: 'Regime shift', color: '#d9473f' },
  { code: 4, name: 'quiet', label: 'Quiet sideways', color: '#7d8ca3' },
] as const;

const COLOR: readonly string[] = ['rgba(0,0,0,0)', ...REGIME_LEGEND.map((r) => r.color)];

/**
 * The regime of every bar as a thin coloured band along the bottom of the price pane: a
 * histogram of constant height on a price scale of its own (so the candles' scale ignores
 * it), one bar wide per bar, coloured by the regime the engine gave that bar. Warming-up
 * bars (regime "none") are transparent.
 */
export class RegimeBand {
  private chart: IChartApi | null = null;
  private series: ISeriesApi<'Histogram'> | null = null;
  /** What is drawn: the regime codes and the last bar's time (to update only the tail). */
  private codes: ArrayLike<number> = [];
  private drawnCount = 0;
  private drawnLastTime = NaN;

  attach(chart: IChartApi): void {
    if (this.chart === chart && this.series) return;
    this.chart = chart;
    this.drawnCount = 0; // a new series: the next draw sets all of it
    this.series = chart.addSeries(HistogramSeries, {
      priceScaleId: 'regime',
      priceLineVisible: false,
      lastValueVisible: false,
      base: 0,
      autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 1 } }),
    });
    // The band takes the lowest 3% of the pane.
    chart.priceScale('regime').applyOptions({ scaleMargins: { top: 0.97, bottom: 0 }, visible: false });
  }

  /**
   * Colours the band: one regime code per bar of `bars` (codes and bars of one length). The
   * policy addon redraws on every live tick, where only the forming bar (or one new bar) can
   * differ: then only that tail is updated, not the whole series set again.
   */
  draw(bars: readonly Bar[], regimes: ArrayLike<number>): void {
    if (!this.series) return;
    const n = Math.min(bars.length, regimes.length);
    const had = this.drawnCount;
    let from = had > 0 && n >= had && n <= had + 1 && bars[had - 1].time === this.drawnLastTime ? had - 1 : 0;
    for (let i = 0; i < from; i++) if (this.codes[i] !== regimes[i]) from = 0;
    const points = [];
    for (let i = from; i < n; i++)
      points.push({ time: bars[i].time as UTCTimestamp, value: 1, color: COLOR[regimes[i]] ?? COLOR[0] });
    if (from > 0) for (const p of points) this.series.update(p);
    else this.series.setData(points);
    // Each answer of the worker is a fresh copy: kept as it is, not copied again.
    this.codes = regimes;
    this.drawnCount = n;
    this.drawnLastTime = n ? bars[n - 1].time : NaN;
  }

  /** What the band holds, read back from the chart: time and colour per bar (for checks). */
  drawn(): { time: number; color: string }[] {
    return (this.series?.data() ?? []).map((p) => ({
      time: p.time as number,
      color: (p as { color?: string }).color ?? '',
    }));
  }

  detach(): void {
    if (this.chart && this.series) {
      try {
        this.chart.removeSeries(this.series);
      } catch {
        // The chart is already gone with its series.
      }
    }
    this.chart = null;
    this.series = null;
    this.drawnCount = 0;
  }
}

/** The regime code a band colour stands for (0: warming up). */
export const regimeOfColor = (color: string): number => Math.max(0, COLOR.indexOf(color));
