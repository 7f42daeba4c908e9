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

/** Every policy's mark-to-market equity on one chart; the selected policy is drawn thicker. */
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
      timeScale: { borderColor: palette.border, timeVisible: true, secondsVisible: false },
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
    c.timeScale().fitContent();
    return () => {
      c.remove();
      chart.current = null;
    };
  }, [report, times, palette, selected]);
  return <div class="lab-chart" ref={host} data-role="equity-chart" />;
}
