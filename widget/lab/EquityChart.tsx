import {
  ColorType,
  createChart,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'preact/hooks';
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

/**
 * Below this chart width the policies' last-value badges (one per policy, up to nine) stack over
 * each other and over the price axis's tick labels, and their titles take a third of the pane:
 * the badges go and a legend under the chart gives each policy's final equity instead.
 */
export const NARROW_CHART_PX = 640;

/** A policy's final equity as the legend shows it: 124,199.43. */
export const formatEquity = (value: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Every policy's mark-to-market equity on one chart; the selected policy is drawn thicker. It
 * opens on the whole run, and keeps showing the whole run when its box changes size: the seven
 * thinned curves pick their own times, so together they hold up to ~14,000 time points, more
 * than the chart's default minimum bar spacing (0.5 px) lets fit, and a chart created before its
 * box has its width fits a 0-px view. The visible range, the number of value badges shown
 * (read back from the series) and the price axis's width are mirrored on the element for tests.
 */
export function EquityChart({ report, times, palette, selected }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const [narrow, setNarrow] = useState(false);
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
        // The chart shows the whole run: its first bar at the left edge, where lightweight-charts
        // then keeps the first time label whole ("2005", not a cut "05").
        fixLeftEdge: true,
      },
    });
    chart.current = c;
    const lines: ISeriesApi<'Line'>[] = report.result.policies.map((p, i) => {
      const series = c.addSeries(LineSeries, {
        color: policyColor(i),
        lineWidth: i === selected ? 3 : 1,
        priceLineVisible: false,
        lastValueVisible: true,
        title: p.policy.id,
      });
      series.setData(
        thinCurve(times, p.equity).map((pt) => ({ time: pt.time as UTCTimestamp, value: pt.value })),
      );
      return series;
    });
    const el = host.current;
    /** Badges on a wide chart, the legend on a narrow one; decided by the box, not the window. */
    const layout = (): void => {
      const isNarrow = el.clientWidth < NARROW_CHART_PX;
      // The title is drawn beside the badge even without it: it goes too.
      lines.forEach((s, i) =>
        s.applyOptions({
          lastValueVisible: !isNarrow,
          title: isNarrow ? '' : report.result.policies[i].policy.id,
        }),
      );
      setNarrow(isNarrow);
      el.dataset.valueBadges = String(lines.filter((s) => s.options().lastValueVisible).length);
      el.dataset.seriesTitles = String(lines.filter((s) => s.options().title !== '').length);
    };
    c.timeScale().subscribeVisibleTimeRangeChange((range) => {
      el.dataset.visibleFrom = range ? String(range.from) : '';
      el.dataset.visibleTo = range ? String(range.to) : '';
    });
    c.timeScale().fitContent();
    // Until the reader zooms or scrolls, a new size shows the whole run again.
    let fitted = true;
    let removed = false;
    const fit = (): void => {
      if (removed) return;
      layout();
      if (fitted) c.timeScale().fitContent();
      requestAnimationFrame(() => {
        if (!removed) el.dataset.priceAxisWidth = String(c.priceScale('right').width());
      });
    };
    layout();
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
      {narrow ? (
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
      ) : null}
    </>
  );
}
