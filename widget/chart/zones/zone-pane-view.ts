import type {
  IChartApi,
  IPrimitivePaneView,
  ISeriesApi,
  PrimitivePaneViewZOrder,
  Time,
} from 'lightweight-charts';
import type { ZoneOptions } from './zone-options.js';
import { ZoneRenderer, type ZoneRect } from './zone-renderer.js';

/** The trade's zones, from where it opened to where it ended (or the pane's right edge while open). */
export interface ZoneSpan {
  entryTime: number;
  exitTime: number | null;
  entry: number;
  stop: number;
  lastTarget: number | null;
}

/** Turns the trade's prices and times into rectangles once per frame (updateAllViews). */
export class ZonePaneView implements IPrimitivePaneView {
  rects: { risk: ZoneRect | null; reward: ZoneRect | null } = { risk: null, reward: null };

  constructor(private readonly options: () => ZoneOptions) {}

  update(chart: IChartApi, series: ISeriesApi<'Candlestick'>, span: ZoneSpan | null): void {
    this.rects = { risk: null, reward: null };
    if (!span) return;
    const timeScale = chart.timeScale();
    const width = timeScale.width();
    // A time before the first candle drawn has no coordinate: the zone starts at the left edge.
    const x0 = timeScale.timeToCoordinate(span.entryTime as Time) ?? 0;
    const x1 = span.exitTime === null ? width : (timeScale.timeToCoordinate(span.exitTime as Time) ?? width);
    if (x1 <= x0) return;
    const y = (price: number) => series.priceToCoordinate(price);
    const rect = (a: number, b: number | null, color: string): ZoneRect | null => {
      const ya = y(a);
      const yb = b === null ? null : y(b);
      if (ya === null || yb === null) return null;
      return { x: x0, width: x1 - x0, top: Math.min(ya, yb), bottom: Math.max(ya, yb), color };
    };
    const o = this.options();
    this.rects = {
      risk: rect(span.entry, span.stop, o.riskColor),
      reward: rect(span.entry, span.lastTarget, o.rewardColor),
    };
  }

  zOrder(): PrimitivePaneViewZOrder {
    return 'bottom';
  }

  renderer(): ZoneRenderer {
    return new ZoneRenderer([this.rects.risk, this.rects.reward].filter((r): r is ZoneRect => r !== null));
  }
}
