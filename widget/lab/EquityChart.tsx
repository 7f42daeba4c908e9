import {
  ColorType,
  createChart,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';
import type { LabReport } from '../../engine/index.js';
import type { Palette } from '../chart/palette.js';
import { policyColor } from './lab-colors.js';
import { thinCurve } from './lab-data.js';

interface Props {
  report: LabReport;
  times: Float64Array;
  palette: Palette;
  selected: number;
}

/** A policy's final equity as the legend shows it: 124,199.43. */
export const formatEquity = (value: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Every policy's mark-to-market equity on one chart; the selected policy is drawn thicker. It
 * opens on the whole run, and keeps showing the whole run when its box changes size: the seven
 * thinned curves pick their own times, so together they hold up to ~14,000 time points, more
 * than the chart's default minimum bar spacing (0.5 px) lets fit, and a chart created before its
 * box has its width fits a 0-px view. The visible range, the number of value badges and
 * series titles shown (read back from the series) are mirrored on the element for tests.
 */
export function EquityChart({ report, times, palette, selected }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  useEffect(() => {
    if (!host.current) return;
    const c = createChart(host.current, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: palette.background },
        textColor: palette.text,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        attributionLogo: true,
      },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
      rightPriceScale: { borderColor: palette.border },
      timeScale: {
        borderColor: palette.border,
        timeVisible: true,
        secondsVisible: false,
        minBarSpacing: 0.001,
        // The chart shows the whole run, its first and last bars at the edges, where
        // lightweight-charts then keeps the edge time labels whole ("2005", not a cut "05").
        fixLeftEdge: true,
        fixRightEdge: true,
      },
    });
    chart.current = c;
    const lines: ISeriesApi<'Line'>[] = report.result.policies.map((p, i) => {
      const series = c.addSeries(LineSeries, {
        color: policyColor(i),
        lineWidth: i === selected ? 3 : 1,
        priceLineVisible: false,
        // No last-value badge (nor its title): seven of them stacked over each other and over
        // the price axis's labels, on a phone and on a desktop when the curves end close
        // together; the legend under the chart gives each policy's final equity.
        lastValueVisible: false,
      });
      series.setData(
        thinCurve(times, p.equity).map((pt) => ({ time: pt.time as UTCTimestamp, value: pt.value })),
      );
      return series;
    });
    const el = host.current;
    el.dataset.valueBadges = String(lines.filter((s) => s.options().lastValueVisible).length);
    el.dataset.seriesTitles = String(lines.filter((s) => s.options().title !== '').length);
    c.timeScale().subscribeVisibleTimeRangeChange((range) => {
      el.dataset.visibleFrom = range ? String(range.from) : '';
      el.dataset.visibleTo = range ? String(range.to) : '';
    });
    c.timeScale().fitContent();
    // Until the reader zooms or scrolls, a new size shows the whole run again.
    let fitted = true;
    let removed = false;
    const fit = (): void => {
      if (fitted && !removed) c.timeScale().fitContent();
    };
    const listening = new AbortController();
    el.addEventListener('wheel', () => (fitted = false), { passive: true, signal: listening.signal });
    el.addEventListener('pointerdown', () => (fitted = false), { signal: listening.signal });
    const observer = new ResizeObserver(() => requestAnimationFrame(fit));
    observer.observe(el);
    return () => {
      removed = true;
      listening.abort();
      observer.disconnect();
      c.remove();
      chart.current = null;
    };
  }, [report, times, palette, selected]);
  return (
    <>
      <div
        class="lab-chart"
        ref={host}
        data-role="equity-chart"
        data-first-time={times.length > 0 ? times[0] : ''}
        data-last-time={times.length > 0 ? times[times.length - 1] : ''}
      />
      <ul class="lab-legend" data-role="equity-legend" aria-label="final equity per policy">
        {report.result.policies.map((p, i) => (
          <li key={p.policy.id} class={i === selected ? 'selected' : undefined} data-policy={p.policy.id}>
            <span class="swatch" style={{ background: policyColor(i) }} />
            {`${p.policy.id} `}
            <span class="lab-legend-value">
              {p.equity.length > 0 ? formatEquity(p.equity[p.equity.length - 1]) : '–'}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
