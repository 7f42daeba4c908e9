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

  attach(chart: IChartApi): void {
    if (this.chart === chart && this.series) return;
    this.chart = chart;
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

  /** Colours the band: one regime code per bar of `bars` (codes and bars of one length). */
  draw(bars: readonly Bar[], regimes: ArrayLike<number>): void {
    if (!this.series) return;
    const n = Math.min(bars.length, regimes.length);
    const data = new Array<{ time: UTCTimestamp; value: number; color: string }>(n);
    for (let i = 0; i < n; i++)
      data[i] = { time: bars[i].time as UTCTimestamp, value: 1, color: COLOR[regimes[i]] ?? COLOR[0] };
    this.series.setData(data);
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
  }
}

/** The regime code a band colour stands for (0: warming up). */
export const regimeOfColor = (color: string): number => Math.max(0, COLOR.indexOf(color));
