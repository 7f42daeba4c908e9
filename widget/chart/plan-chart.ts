import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  LineSeries,
  LineStyle,
  LineType,
  createChart,
  createSeriesMarkers,
  type AutoscaleInfo,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import {
  DEFAULT_MAX_BARS,
  type Bar,
  type Overlay,
  type OverlayLine,
  type OverlayMarker,
} from '../../engine/index.js';
import type { DrawnState } from '../types.js';
import { DragHandles } from './drag-handles.js';
import { tickMarkLabel } from './time-labels.js';
import type { Palette } from './palette.js';

/** Indicator values per bar, NaN while warming up (the engine's batch convention). */
export interface IndicatorColumns {
  time: ArrayLike<number>;
  upper: ArrayLike<number>;
  middle: ArrayLike<number>;
  lower: ArrayLike<number>;
  rsi: ArrayLike<number>;
}

export interface IndicatorPoint {
  time: number;
  upper: number;
  middle: number;
  lower: number;
  rsi: number;
}

const t = (seconds: number): UTCTimestamp => seconds as UTCTimestamp;
const DRAGGABLE = new Set(['entry', 'stop', 'target']);
/**
 * Bars of history drawn to the left of the opening view; the rest of the window joins as the
 * reader scrolls back, HISTORY_STEP bars at a time once the view is within HISTORY_EDGE bars
 * of the oldest one drawn. The first frame then draws a few hundred candles, not thousands.
 */
const OPENING_HISTORY = 300;
const HISTORY_EDGE = 50;
const HISTORY_STEP = 1000;
/** The plan's lines that the price scale keeps in view: all but filled legs (the initial stop stays too). */
const KEPT_IN_VIEW = new Set(['entry', 'stop', 'trail', 'target']);

function lineColor(line: OverlayLine, p: Palette): string {
  switch (line.role) {
    case 'entry':
      return p.entry;
    case 'stop':
      return p.stop;
    case 'trail':
      return p.trail;
    case 'breakeven':
      return p.breakeven;
    default:
      return line.filled ? p.muted : p.target;
  }
}

function toMarker(m: OverlayMarker, p: Palette, long: boolean): SeriesMarker<Time> {
  const time = t(m.time);
  switch (m.role) {
    case 'entry':
      return {
        time,
        position: long ? 'belowBar' : 'aboveBar',
        shape: long ? 'arrowUp' : 'arrowDown',
        color: p.entry,
        text: m.text,
      };
    case 'fill':
      return {
        time,
        position: 'atPriceMiddle',
        price: m.price,
        shape: 'circle',
        color: p.target,
        text: m.text,
      };
    case 'stop':
    case 'exit':
      return {
        time,
        position: 'atPriceMiddle',
        price: m.price,
        shape: 'circle',
        color: p.stop,
        text: m.text,
      };
    case 'exhaustion':
      return {
        time,
        position: long ? 'aboveBar' : 'belowBar',
        shape: 'square',
        color: p.exhaustion,
        text: m.text,
      };
    default:
      return {
        time,
        position: long ? 'belowBar' : 'aboveBar',
        shape: 'square',
        color: p.decay,
        text: m.text,
      };
  }
}

/**
 * Everything drawn on the chart, and nothing computed: candles, the plan's price lines, the
 * stepped trail, markers, Bollinger bands and an RSI pane. Updates touch only what changed
 * so a live tick costs a few series updates, not a redraw from scratch.
 */
export class PlanChart {
  readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly trail: ISeriesApi<'Line'>;
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private readonly handles: DragHandles;
  private bands: ISeriesApi<'Line'>[] = [];
  private rsi: ISeriesApi<'Line'> | null = null;
  private readonly lines = new Map<string, IPriceLine>();
  private lineSource = new Map<string, OverlayLine>();
  private trailDrawn: { count: number; lastTime: number; lastPrice: number } = {
    count: 0,
    lastTime: NaN,
    lastPrice: NaN,
  };
  private markerKey = '';
  private overlay: Overlay | null = null;
  private lastBar: Bar | null = null;
  /** The first bar time in the chart; older bars, markers and indicator values are not drawn. */
  private firstTime = -Infinity;
  private drawnCount = 0;
  /** Which bars the candles were set from (count, first and last bar), so a re-frame skips setData. */
  private barsKey = '';
  /** The bars last given to setBars, and where in them the chart's window and its drawn part start. */
  private source: Bar[] = [];
  private windowFrom = 0;
  private drawnFrom = 0;
  private addingHistory = false;
  /** The indicator columns last set, to draw their older part when history is added. */
  private indicatorColumns: IndicatorColumns | null = null;

  constructor(
    private readonly container: HTMLElement,
    private palette: Palette,
    onDrag: { move: (id: string, price: number) => void; drop: (id: string, price: number) => void },
    private readonly maxBars = DEFAULT_MAX_BARS,
  ) {
    this.chart = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: palette.background },
        textColor: palette.text,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        // lightweight-charts is Apache-2.0 and asks for attribution: keep the logo link.
        attributionLogo: true,
        panes: { separatorColor: palette.border },
      },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
      crosshair: { mode: CrosshairMode.Normal },
      rightPriceScale: { borderColor: palette.border },
      timeScale: {
        borderColor: palette.border,
        timeVisible: true,
        secondsVisible: false,
        rightOffset: 8,
        tickMarkFormatter: tickMarkLabel,
      },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      borderVisible: false,
      priceLineVisible: false,
      // The plan is what this chart is for: its open levels stay on screen even when the
      // candles in view do not reach them (a far target, a stop below a quiet stretch).
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => this.withLevels(original()),
    });
    this.trail = this.chart.addSeries(LineSeries, {
      color: palette.trail,
      lineWidth: 2,
      lineType: LineType.WithSteps,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerVisible: false,
      title: 'stop',
    });
    this.markers = createSeriesMarkers(this.candles, []);
    this.handles = new DragHandles(container, onDrag.move, onDrag.drop);
    this.candles.attachPrimitive(this.handles);
    this.chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
      if (range && range.from < HISTORY_EDGE && this.drawnFrom > this.windowFrom) this.addHistory();
    });
  }

  /**
   * Draws the bars and frames the trade: from a little before the entry to a little after
   * the exit. Only the last `maxBars` bars (and everything from shortly before the entry) go
   * into the chart: lightweight-charts re-processes every series in full whenever a new bar
   * time arrives, so a 50,000-bar series would cost ~100 ms per live bar. The engine still
   * sees every bar; this only bounds what is drawn. Of those, the chart opens with the view
   * and OPENING_HISTORY bars before it; the rest is added as the reader scrolls back.
   */
  setBars(bars: Bar[], entryTime: number | null, exitTime: number | null): void {
    const last = bars.length - 1;
    const indexAt = (time: number | null, fallback: number): number => {
      if (time === null) return fallback;
      const i = bars.findIndex((b) => b.time >= time);
      return i < 0 ? fallback : i;
    };
    const entry = indexAt(entryTime, last);
    const exit = indexAt(exitTime, last);
    const windowFrom = Math.max(0, Math.min(bars.length - this.maxBars, entry - 150));
    // The view: at least ~150 bars so candles stay readable; never thousands at once.
    const to = Math.min(last, Math.max(exit + 30, entry + 110));
    const from = Math.max(windowFrom, Math.min(entry - 40, to - 150));
    const drawFrom = Math.max(windowFrom, from - OPENING_HISTORY);
    // The widget draws a file's candles before the engine answers, then frames the trade once
    // the plan is known: the same bars need no second setData.
    const key = bars.length
      ? `${drawFrom}:${bars.length}:${bars[0].time}:${bars[last].time}:${bars[last].close}`
      : '';
    this.source = bars;
    this.windowFrom = windowFrom;
    if (key !== this.barsKey || key === '') this.drawCandles(bars, drawFrom);
    this.barsKey = key;
    if (!bars.length) return;
    this.chart
      .timeScale()
      .setVisibleLogicalRange({ from: from - drawFrom, to: to - drawFrom + (to === last ? 8 : 0) });
  }

  private drawCandles(bars: Bar[], start: number): void {
    const drawn = start > 0 ? bars.slice(start) : bars;
    this.drawnFrom = start;
    this.firstTime = drawn.length ? drawn[0].time : -Infinity;
    this.drawnCount = drawn.length;
    const precision = pricePrecision(bars);
    this.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: 10 ** -precision } });
    this.candles.setData(
      drawn.map((b) => ({ time: t(b.time), open: b.open, high: b.high, low: b.low, close: b.close })),
    );
    this.lastBar = bars.length ? bars[bars.length - 1] : null;
    this.markerKey = '';
    this.trailDrawn = { count: 0, lastTime: NaN, lastPrice: NaN };
  }

  /**
   * The reader scrolled near the oldest candle drawn: up to HISTORY_STEP older bars of the
   * window join, with the trail, markers and indicators over them, and the view stays put.
   */
  private addHistory(): void {
    if (this.addingHistory) return;
    this.addingHistory = true;
    try {
      const from = Math.max(this.windowFrom, this.drawnFrom - HISTORY_STEP);
      const added = this.drawnFrom - from;
      const timeScale = this.chart.timeScale();
      const view = timeScale.getVisibleLogicalRange();
      const oldFirst = this.firstTime;
      this.barsKey = '';
      this.drawCandles(this.source, from);
      if (view) timeScale.setVisibleLogicalRange({ from: view.from + added, to: view.to + added });
      if (this.overlay) this.setOverlay(this.overlay);
      // Older indicator values go in front of what the series hold (live points included).
      const columns = this.indicatorColumns;
      if (columns) {
        const series: [ISeriesApi<'Line'> | null, ArrayLike<number>][] = [
          [this.bands[0] ?? null, columns.upper],
          [this.bands[1] ?? null, columns.middle],
          [this.bands[2] ?? null, columns.lower],
          [this.rsi, columns.rsi],
        ];
        for (const [line, values] of series) {
          if (!line) continue;
          const older = column(columns.time, values, this.firstTime).filter((p) => p.time < oldFirst);
          line.setData([...older, ...line.data()] as { time: UTCTimestamp; value: number }[]);
        }
      }
    } finally {
      this.addingHistory = false;
    }
  }

  /** The candles' own price range, widened to the plan's open levels. */
  private withLevels(info: AutoscaleInfo | null): AutoscaleInfo | null {
    if (!info?.priceRange || !this.overlay) return info;
    let { minValue, maxValue } = info.priceRange;
    for (const line of this.overlay.lines) {
      if (line.filled || !KEPT_IN_VIEW.has(line.role)) continue;
      minValue = Math.min(minValue, line.price);
      maxValue = Math.max(maxValue, line.price);
    }
    return { ...info, priceRange: { minValue, maxValue } };
  }

  /** Bars in the chart now; the controller re-windows when live bars have doubled it. */
  get drawnBars(): number {
    return this.drawnCount;
  }

  updateBar(bar: Bar): void {
    this.barsKey = '';
    if (!this.lastBar || bar.time > this.lastBar.time) this.drawnCount++;
    this.lastBar = bar;
    this.candles.update({
      time: t(bar.time),
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
    });
  }

  setOverlay(overlay: Overlay): void {
    this.overlay = overlay;
    this.syncLines(overlay.lines);
    this.syncTrail(overlay);
    this.syncMarkers(overlay);
    this.handles.setLevels(
      overlay.lines
        .filter((l) => DRAGGABLE.has(l.role) && !l.filled)
        .map((l) => ({ id: l.id, price: l.price, color: lineColor(l, this.palette) })),
    );
  }

  /** While dragging: move the line at once; the engine answers on drop. */
  previewLevel(id: string, price: number): void {
    this.lines.get(id)?.applyOptions({ price });
  }

  setIndicators(columns: IndicatorColumns | null, show: { bb: boolean; rsi: boolean }): void {
    this.removeIndicators();
    this.indicatorColumns = columns;
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
      this.bands[0].setData(column(columns.time, columns.upper, this.firstTime));
      this.bands[1].setData(column(columns.time, columns.middle, this.firstTime));
      this.bands[2].setData(column(columns.time, columns.lower, this.firstTime));
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
      this.rsi.setData(column(columns.time, columns.rsi, this.firstTime));
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

  updateIndicator(point: IndicatorPoint): void {
    const time = t(point.time);
    if (this.bands.length === 3) {
      for (const [series, value] of [
        [this.bands[0], point.upper],
        [this.bands[1], point.middle],
        [this.bands[2], point.lower],
      ] as const) {
        if (Number.isFinite(value)) series.update({ time, value });
      }
    }
    if (this.rsi && Number.isFinite(point.rsi)) this.rsi.update({ time, value: point.rsi });
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.chart.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: palette.background },
        textColor: palette.text,
        panes: { separatorColor: palette.border },
      },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
      rightPriceScale: { borderColor: palette.border },
      timeScale: { borderColor: palette.border },
    });
    this.candles.applyOptions({
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
    });
    this.trail.applyOptions({ color: palette.trail });
    if (this.overlay) {
      for (const [id, line] of this.lineSource)
        this.lines.get(id)?.applyOptions({ color: lineColor(line, palette) });
      this.markerKey = '';
      this.setOverlay(this.overlay);
    }
  }

  /** What lightweight-charts holds now, read back through its own API. */
  drawnState(): DrawnState {
    return {
      priceLines: this.candles.priceLines().map((l) => {
        const o = l.options();
        return { id: o.id ?? '', price: o.price, title: o.title, y: this.candles.priceToCoordinate(o.price) };
      }),
      trail: this.trail.data().map((d) => ({ time: d.time as number, price: 'value' in d ? d.value : NaN })),
      markers: this.markers
        .markers()
        .map((m) => ({ time: m.time as number, text: m.text ?? '', position: m.position })),
      candles: this.candles.data().length,
      candleTimes: this.candles.data().map((d) => d.time as number),
      lastCandle: this.lastBar,
      panes: this.chart.panes().length,
      bands: this.bands.length === 3,
    };
  }

  /** Where a price sits on the price pane, in CSS px from the chart's top (for drag tests and the form). */
  priceToY(price: number): number | null {
    return this.candles.priceToCoordinate(price);
  }

  destroy(): void {
    this.handles.destroy();
    this.chart.remove();
  }

  private removeIndicators(): void {
    for (const s of this.bands) this.chart.removeSeries(s);
    this.bands = [];
    if (this.rsi) this.chart.removeSeries(this.rsi);
    this.rsi = null;
  }

  private syncLines(next: OverlayLine[]): void {
    const seen = new Set<string>();
    for (const line of next) {
      seen.add(line.id);
      const existing = this.lines.get(line.id);
      const prev = this.lineSource.get(line.id);
      const color = lineColor(line, this.palette);
      const style =
        line.role === 'trail' || line.role === 'breakeven'
          ? LineStyle.Dashed
          : line.filled
            ? LineStyle.Dotted
            : LineStyle.Solid;
      if (!existing) {
        this.lines.set(
          line.id,
          this.candles.createPriceLine({
            id: line.id,
            price: line.price,
            color,
            lineWidth: line.role === 'entry' ? 2 : 1,
            lineStyle: style,
            axisLabelVisible: true,
            title: line.label,
          }),
        );
      } else if (
        !prev ||
        prev.price !== line.price ||
        prev.label !== line.label ||
        prev.filled !== line.filled
      ) {
        existing.applyOptions({ price: line.price, title: line.label, color, lineStyle: style });
      }
      this.lineSource.set(line.id, line);
    }
    for (const [id, priceLine] of this.lines) {
      if (!seen.has(id)) {
        this.candles.removePriceLine(priceLine);
        this.lines.delete(id);
        this.lineSource.delete(id);
      }
    }
  }

  private syncTrail(overlay: Overlay): void {
    const first = this.firstTime;
    const points =
      overlay.trail.length && overlay.trail[0].time < first
        ? overlay.trail.filter((p) => p.time >= first)
        : overlay.trail;
    const drawn = this.trailDrawn;
    const last = points[points.length - 1];
    if (!last) {
      if (drawn.count) this.trail.setData([]);
      this.trailDrawn = { count: 0, lastTime: NaN, lastPrice: NaN };
      return;
    }
    // A tick changes at most the last point or adds one; anything else (a new plan) redraws.
    const prev = points[points.length - 2];
    const appendable = points.length === drawn.count + 1 && (!prev || prev.time === drawn.lastTime);
    const sameTail = points.length === drawn.count && last.time === drawn.lastTime;
    if (sameTail) {
      if (last.price !== drawn.lastPrice) this.trail.update({ time: t(last.time), value: last.price });
    } else if (appendable && drawn.count > 0) {
      this.trail.update({ time: t(last.time), value: last.price });
    } else {
      this.trail.setData(points.map((p) => ({ time: t(p.time), value: p.price })));
    }
    this.trailDrawn = { count: points.length, lastTime: last.time, lastPrice: last.price };
  }

  private syncMarkers(overlay: Overlay): void {
    const ms = overlay.markers;
    const key = `${ms.length}:${ms.length ? ms[ms.length - 1].time + ms[ms.length - 1].text : ''}`;
    if (key === this.markerKey) return;
    this.markerKey = key;
    const long = overlay.levels.side === 'long';
    const sorted = ms.filter((m) => m.time >= this.firstTime).sort((a, b) => a.time - b.time);
    // Exhaustion signals can fire bar after bar; only the latest keeps its words, older ones stay squares.
    let lastExhaustion = -1;
    sorted.forEach((m, i) => m.role === 'exhaustion' && (lastExhaustion = i));
    this.markers.setMarkers(
      sorted.map((m, i) => {
        const marker = toMarker(m, this.palette, long);
        return m.role === 'exhaustion' && i !== lastExhaustion ? { ...marker, text: '' } : marker;
      }),
    );
  }
}

/**
 * Decimals the data itself uses (EURUSD 5, BTC 2, SPY 2), from the last 200 bars: the count
 * that covers 90% of prices, so the odd 301.1378 in a 2-decimal series does not set the axis.
 */
export function pricePrecision(bars: Bar[]): number {
  const counts: number[] = [];
  for (let i = Math.max(0, bars.length - 200); i < bars.length; i++) {
    for (const x of [bars[i].open, bars[i].high, bars[i].low, bars[i].close]) {
      const text = String(x);
      const dot = text.indexOf('.');
      counts.push(dot < 0 || text.includes('e') ? 0 : text.length - dot - 1);
    }
  }
  if (!counts.length) return 2;
  counts.sort((a, b) => a - b);
  return Math.min(8, Math.max(2, counts[Math.floor((counts.length - 1) * 0.9)]));
}

/** One indicator column as line data from `from` on, skipping the warm-up NaNs. */
function column(
  time: ArrayLike<number>,
  values: ArrayLike<number>,
  from: number,
): { time: UTCTimestamp; value: number }[] {
  const out: { time: UTCTimestamp; value: number }[] = [];
  for (let i = 0; i < values.length; i++)
    if (time[i] >= from && Number.isFinite(values[i])) out.push({ time: t(time[i]), value: values[i] });
  return out;
}
