import {
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { IndicatorPoint } from '../../engine/index.js';
import { utc } from './candle-layer.js';
import type { Palette } from './palette.js';

// One bar's values are the engine's own type (a tick's reply carries it): null or NaN while warming up.
export type { IndicatorPoint };

/** Indicator values per bar, NaN while warming up (the engine's batch convention). */
export interface IndicatorColumns {
  time: ArrayLike<number>;
  upper: ArrayLike<number>;
  middle: ArrayLike<number>;
  lower: ArrayLike<number>;
  rsi: ArrayLike<number>;
}

type LinePoint = { time: UTCTimestamp; value: number };

/** Bollinger bands on the price pane and RSI in a pane of its own below it. */
export class IndicatorPanes {
  private bands: ISeriesApi<'Line'>[] = [];
  private rsi: ISeriesApi<'Line'> | null = null;
  /** The columns last set, to draw their older part when history is added. */
  private columns: IndicatorColumns | null = null;

  constructor(
    private readonly chart: IChartApi,
    private palette: Palette,
  ) {}

  get hasBands(): boolean {
    return this.bands.length === 3;
  }

  set(columns: IndicatorColumns | null, show: { bb: boolean; rsi: boolean }, firstTime: number): void {
    this.remove();
    this.columns = columns;
    if (!columns) return;
    const p = this.palette;
    if (show.bb) {
      const style = {
        lineWidth: 1 as const,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
      };
      this.bands = [
        this.chart.addSeries(LineSeries, { ...style, color: p.band }),
        this.chart.addSeries(LineSeries, { ...style, color: p.bandMiddle, lineStyle: LineStyle.Dashed }),
        this.chart.addSeries(LineSeries, { ...style, color: p.band }),
      ];
      this.bands[0].setData(column(columns.time, columns.upper, firstTime));
      this.bands[1].setData(column(columns.time, columns.middle, firstTime));
      this.bands[2].setData(column(columns.time, columns.lower, firstTime));
    }
    if (show.rsi) {
      this.rsi = this.chart.addSeries(
        LineSeries,
        {
          color: p.rsi,
          lineWidth: 1,
          priceLineVisible: false,
          title: 'RSI',
          priceFormat: { type: 'price', precision: 1, minMove: 0.1 },
        },
        1,
      );
      this.rsi.setData(column(columns.time, columns.rsi, firstTime));
      for (const level of [70, 30]) {
        this.rsi.createPriceLine({
          price: level,
          color: p.muted,
          lineWidth: 1,
          lineStyle: LineStyle.Dotted,
          axisLabelVisible: false,
          title: '',
        });
      }
      // lightweight-charts sizes panes by relative stretch factors: about a quarter for RSI.
      const panes = this.chart.panes();
      panes[0]?.setStretchFactor(3);
      panes[1]?.setStretchFactor(1);
    }
  }

  update(point: IndicatorPoint): void {
    const time = utc(point.time);
    if (this.bands.length === 3) {
      for (const [series, value] of [
        [this.bands[0], point.upper],
        [this.bands[1], point.middle],
        [this.bands[2], point.lower],
      ] as const) {
        if (value !== null && Number.isFinite(value)) series.update({ time, value });
      }
    }
    const rsi = point.rsi;
    if (this.rsi && rsi !== null && Number.isFinite(rsi)) this.rsi.update({ time, value: rsi });
  }

  /** History joined the candles: older values go in front of what the series hold (live points included). */
  prependHistory(firstTime: number, oldFirst: number): void {
    const columns = this.columns;
    if (!columns) return;
    const series: [ISeriesApi<'Line'> | null, ArrayLike<number>][] = [
      [this.bands[0] ?? null, columns.upper],
      [this.bands[1] ?? null, columns.middle],
      [this.bands[2] ?? null, columns.lower],
      [this.rsi, columns.rsi],
    ];
    for (const [line, values] of series) {
      if (!line) continue;
      const older = column(columns.time, values, firstTime).filter((p) => p.time < oldFirst);
      line.setData([...older, ...line.data()] as LinePoint[]);
    }
  }

  /** The candles were trimmed to start at `firstTime`: the indicator lines drop what is older. */
  trimBefore(firstTime: number): void {
    for (const line of [...this.bands, this.rsi]) {
      if (!line) continue;
      const data = line.data();
      let i = 0;
      while (i < data.length && (data[i].time as number) < firstTime) i++;
      if (i > 0) line.setData(data.slice(i) as LinePoint[]);
    }
    this.columns = null;
  }

  /** The series drawn, for the crosshair readout (it reads their values at the crosshair). */
  drawnSeries(): {
    upper?: ISeriesApi<'Line'>;
    middle?: ISeriesApi<'Line'>;
    lower?: ISeriesApi<'Line'>;
    rsi?: ISeriesApi<'Line'>;
  } {
    return { upper: this.bands[0], middle: this.bands[1], lower: this.bands[2], rsi: this.rsi ?? undefined };
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.bands[0]?.applyOptions({ color: palette.band });
    this.bands[1]?.applyOptions({ color: palette.bandMiddle });
    this.bands[2]?.applyOptions({ color: palette.band });
    this.rsi?.applyOptions({ color: palette.rsi });
  }

  remove(): void {
    for (const s of this.bands) this.chart.removeSeries(s);
    this.bands = [];
    if (this.rsi) this.chart.removeSeries(this.rsi);
    this.rsi = null;
  }
}

/** One indicator column as line data from `from` on, skipping the warm-up NaNs. */
function column(time: ArrayLike<number>, values: ArrayLike<number>, from: number): LinePoint[] {
  const out: LinePoint[] = [];
  for (let i = 0; i < values.length; i++)
    if (time[i] >= from && Number.isFinite(values[i])) out.push({ time: utc(time[i]), value: values[i] });
  return out;
}
