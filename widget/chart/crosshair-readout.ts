import type { IChartApi, ISeriesApi, MouseEventParams, Time } from 'lightweight-charts';
import type { Palette } from './palette.js';
import { formatAtPrecision } from './price-precision.js';

/** The series the readout reads at the crosshair (absent ones are left out). */
export interface ReadoutSeries {
  candles: ISeriesApi<'Candlestick'>;
  upper?: ISeriesApi<'Line'>;
  middle?: ISeriesApi<'Line'>;
  lower?: ISeriesApi<'Line'>;
  rsi?: ISeriesApi<'Line'>;
}

/**
 * The bar under the crosshair in words, at the chart's top left: O/H/L/C and the indicator
 * values (bands, RSI), as the long/short tools of trading platforms show it. Text only
 * (textContent), never HTML; hidden while the pointer is off the bars.
 */
export class CrosshairReadout {
  readonly element: HTMLDivElement;

  constructor(
    container: HTMLElement,
    private readonly chart: IChartApi,
    private readonly series: () => ReadoutSeries,
    private readonly precision: () => number,
    palette: Palette,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'ep-readout';
    const s = this.element.style;
    s.position = 'absolute';
    s.left = '8px';
    s.top = '4px';
    s.zIndex = '3';
    s.pointerEvents = 'none';
    s.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    s.padding = '1px 4px';
    s.borderRadius = '3px';
    s.whiteSpace = 'nowrap';
    s.display = 'none';
    this.setPalette(palette);
    if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
    container.appendChild(this.element);
    chart.subscribeCrosshairMove(this.move);
  }

  setPalette(palette: Palette): void {
    this.element.style.color = palette.text;
    this.element.style.background =
      palette.name === 'dark' ? 'rgba(19, 23, 34, 0.8)' : 'rgba(255, 255, 255, 0.8)';
  }

  destroy(): void {
    this.chart.unsubscribeCrosshairMove(this.move);
    this.element.remove();
  }

  private readonly move = (param: MouseEventParams<Time>): void => {
    const s = this.series();
    const bar = (param.time === undefined ? undefined : param.seriesData.get(s.candles)) as
      Partial<Record<'open' | 'high' | 'low' | 'close', number>> | undefined;
    if (
      bar?.open === undefined ||
      bar.high === undefined ||
      bar.low === undefined ||
      bar.close === undefined
    ) {
      this.element.style.display = 'none';
      return;
    }
    const p = (x: number) => formatAtPrecision(x, this.precision());
    const value = (series: ISeriesApi<'Line'> | undefined): number | null => {
      const d = (series ? param.seriesData.get(series) : undefined) as { value?: number } | undefined;
      return d?.value ?? null;
    };
    const parts = [`O ${p(bar.open)}`, `H ${p(bar.high)}`, `L ${p(bar.low)}`, `C ${p(bar.close)}`];
    const [upper, middle, lower, rsi] = [value(s.upper), value(s.middle), value(s.lower), value(s.rsi)];
    if (upper !== null && middle !== null && lower !== null)
      parts.push(`BB ${p(upper)} / ${p(middle)} / ${p(lower)}`);
    if (rsi !== null) parts.push(`RSI ${rsi.toFixed(1)}`);
    this.element.textContent = parts.join('  ');
    this.element.style.display = 'block';
  };
}
