import { ColorType, createChart, LineSeries, type IChartApi, type UTCTimestamp } from 'lightweight-charts';
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

/**
 * Every policy's mark-to-market equity on one chart; the selected policy is drawn thicker. It
 * opens on the whole run, and keeps showing the whole run when its box changes size: the seven
 * thinned curves pick their own times, so together they hold up to ~14,000 time points, more
 * than the chart's default minimum bar spacing (0.5 px) lets fit, and a chart created before its
 * box has its width fits a 0-px view. The visible range is mirrored on the element for tests.
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
      },
    });
    chart.current = c;
    report.result.policies.forEach((p, i) => {
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
    });
    const el = host.current;
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
    <div
      class="lab-chart"
      ref={host}
      data-role="equity-chart"
      data-first-time={times.length > 0 ? times[0] : ''}
      data-last-time={times.length > 0 ? times[times.length - 1] : ''}
    />
  );
}
