import { LineSeries, LineType, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import type { Overlay } from '../../engine/index.js';
import { utc } from './candle-layer.js';
import type { Palette } from './palette.js';

/**
 * The stepped trail: the stop in force during each bar since the entry. A tick changes at
 * most the last point or adds one, and costs one series update; anything else (a new plan,
 * history joining, a re-window) draws it again.
 */
export class TrailLine {
  readonly series: ISeriesApi<'Line'>;
  private drawn = { count: 0, lastTime: NaN, lastPrice: NaN };
  /** Where in the overlay's trail the first point at or after the chart's first time sits. */
  private skip = { index: 0 };

  constructor(chart: IChartApi, palette: Palette) {
    this.series = chart.addSeries(LineSeries, {
      color: palette.trail,
      lineWidth: 2,
      lineType: LineType.WithSteps,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerVisible: false,
      // No series title: its badge sat over the in-chart labels; the trail's words are PlanLabels'.
      title: '',
    });
  }

  /** The next sync draws every point again. */
  invalidate(): void {
    this.drawn = { count: 0, lastTime: NaN, lastPrice: NaN };
    this.skip = { index: 0 };
  }

  setPalette(palette: Palette): void {
    this.series.applyOptions({ color: palette.trail });
  }

  sync(trail: Overlay['trail'], firstTime: number): void {
    // Points before the chart's first bar are not drawn. Where they end is checked in O(1) on
    // each tick and searched for (binary) only when it moved, never by filtering the whole trail.
    if (!boundaryHolds(trail, this.skip.index, firstTime)) {
      this.skip = { index: firstAtOrAfter(trail, firstTime) };
    }
    const from = this.skip.index;
    const count = trail.length - from;
    const drawn = this.drawn;
    const last = trail[trail.length - 1];
    if (count <= 0 || !last) {
      if (drawn.count) this.series.setData([]);
      this.drawn = { count: 0, lastTime: NaN, lastPrice: NaN };
      return;
    }
    const prev = count > 1 ? trail[trail.length - 2] : undefined;
    const appendable = count === drawn.count + 1 && (!prev || prev.time === drawn.lastTime);
    const sameTail = count === drawn.count && last.time === drawn.lastTime;
    if (sameTail) {
      if (last.price !== drawn.lastPrice) this.series.update({ time: utc(last.time), value: last.price });
    } else if (appendable && drawn.count > 0) {
      this.series.update({ time: utc(last.time), value: last.price });
    } else {
      const data = [];
      for (let i = from; i < trail.length; i++)
        data.push({ time: utc(trail[i].time), value: trail[i].price });
      this.series.setData(data);
    }
    this.drawn = { count, lastTime: last.time, lastPrice: last.price };
  }

  points(): { time: number; price: number }[] {
    return this.series.data().map((d) => ({ time: d.time as number, price: 'value' in d ? d.value : NaN }));
  }
}

function firstAtOrAfter(trail: Overlay['trail'], time: number): number {
  let lo = 0;
  let hi = trail.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trail[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `index` is still the first point at or after `time` (two comparisons). */
function boundaryHolds(trail: Overlay['trail'], index: number, time: number): boolean {
  if (index > trail.length) return false;
  if (index > 0 && trail[index - 1].time >= time) return false;
  return index === trail.length || trail[index].time >= time;
}
