import type {
  IChartApi,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts';
import type { Overlay, OverlayLine, OverlayMarker } from '../../../engine/index.js';
import { lineColor } from '../level-lines.js';
import type { Palette } from '../palette.js';
import { formatAtPrecision } from '../price-precision.js';
import { placeFree, stackColumn, type Box } from './label-layout.js';
import { LABEL_HEIGHT, MARKER_GAP, MARKER_SIZE, NARROW_PANE, labelWidth } from './label-options.js';
import { LabelsRenderer, type DrawnLabel, type DrawnShape, type MarkerShape } from './labels-renderer.js';

const ROLE_PRIORITY: Record<OverlayMarker['role'], number> = {
  entry: 0,
  exit: 1,
  stop: 1,
  fill: 2,
  exhaustion: 3,
  decay: 4,
};

/** Where a marker sits: beside the bar (above or below it) or at its own price. */
type Place = 'above' | 'below' | 'price';

/**
 * The chart's own in-chart words and trade events, drawn as one series primitive so they can be
 * laid out together: the level labels stack at the pane's right edge (they carry each level's
 * price: the price lines have no axis badge), each event's label goes to the first free spot beside its shape, and a label
 * with no free spot is left out rather than drawn over another. Replaces lightweight-charts'
 * series-markers plugin, which reads every candle back (series.data()) after each update: on a
 * long live session that copy grew with every bar and made each tick slower.
 *
 * Per frame the work is a binary search for the markers in view plus the visible ones and the
 * levels; nothing here grows with the session.
 */
export class PlanLabels implements ISeriesPrimitive<Time> {
  private series: ISeriesApi<'Candlestick'> | null = null;
  private chart: IChartApi | null = null;
  private requestUpdate: (() => void) | null = null;
  private markers: OverlayMarker[] = [];
  private lastExhaustion = -1;
  private long = true;
  private lines: OverlayLine[] = [];
  private entry = NaN;
  private stop = NaN;
  /** Prices of levels being dragged, ahead of the engine's answer. */
  private readonly preview = new Map<string, number>();
  private shapes: DrawnShape[] = [];
  private labels: DrawnLabel[] = [];
  private readonly views: IPrimitivePaneView[];

  constructor(
    private palette: Palette,
    private readonly precision: () => number,
    private readonly firstTime: () => number,
  ) {
    this.views = [{ zOrder: () => 'top', renderer: () => new LabelsRenderer(this.shapes, this.labels) }];
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.series = param.series as ISeriesApi<'Candlestick'>;
    this.chart = param.chart as IChartApi;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.series = null;
    this.chart = null;
    this.requestUpdate = null;
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.requestUpdate?.();
  }

  /** A new overlay: its markers (compared in full, so a new plan's R shows even when the last marker is the same) and levels. */
  sync(overlay: Overlay): void {
    this.preview.clear();
    this.lines = overlay.lines;
    this.entry = overlay.levels.entry;
    this.stop = overlay.levels.initialStop;
    this.long = overlay.levels.side === 'long';
    const next = overlay.markers;
    if (!sameMarkers(this.markers, next)) {
      this.markers = [...next].sort((a, b) => a.time - b.time);
      this.lastExhaustion = -1;
      this.markers.forEach((m, i) => m.role === 'exhaustion' && (this.lastExhaustion = i));
    }
    this.requestUpdate?.();
  }

  /** While dragging: the level's label shows the price under the pointer. */
  previewLevel(id: string, price: number): void {
    this.preview.set(id, price);
    this.requestUpdate?.();
  }

  /** The markers kept (from the chart's first bar on), for DrawnState. */
  drawnMarkers(): { time: number; text: string; position: string }[] {
    const first = this.firstTime();
    return this.markers
      .filter((m) => m.time >= first)
      .map((m) => ({ time: m.time, text: m.text, position: positionName(this.place(m)) }));
  }

  /** The labels as last laid out (CSS px in the price pane). */
  drawnLabels(): { text: string; kind: string; x: number; y: number; w: number; h: number }[] {
    return this.labels.map(({ text, kind, x, y, w, h }) => ({ text, kind, x, y, w, h }));
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  updateAllViews(): void {
    const series = this.series;
    const chart = this.chart;
    if (!series || !chart) return;
    const width = chart.timeScale().width();
    const height = chart.panes()[0]?.getHeight() ?? 0;
    const levels = this.layoutLevels(series, width, height);
    const events = this.layoutEvents(series, chart, levels, width);
    this.labels = [...levels, ...events];
  }

  private levelText(line: OverlayLine, price: number, narrow: boolean): string {
    const name = line.label.split(' ')[0];
    const p = (x: number) => formatAtPrecision(x, this.precision());
    // On a phone: the name and the price, the two things the axis badge used to carry.
    if (narrow) return `${name} ${p(price)}${line.filled ? ' ✓' : ''}`;
    const dir = this.long ? 1 : -1;
    const entry = this.preview.get('entry') ?? this.entry;
    // Dragging the entry or the stop changes 1R, and with it every target's R, at once.
    const stop = this.preview.get('stop') ?? this.stop;
    const risk = Math.abs(entry - stop);
    switch (line.role) {
      case 'entry':
        return `Entry ${p(price)}`;
      case 'stop':
        return `Stop ${p(price)} · 1R ${p(risk)}`;
      case 'target': {
        const r = (dir * (price - entry)) / risk;
        const share = line.share !== undefined ? ` ${line.share}%` : '';
        return `${name} ${r >= 0 ? '+' : '−'}${Math.abs(r).toFixed(2)}R${share} ${p(price)}${line.filled ? ' ✓' : ''}`;
      }
      default:
        return `${name} ${p(price)}`;
    }
  }

  /** Level labels in one column at the right edge, stacked so none covers another. */
  private layoutLevels(series: ISeriesApi<'Candlestick'>, width: number, height: number): DrawnLabel[] {
    const narrow = width < NARROW_PANE;
    const items: { text: string; at: number; color: string }[] = [];
    for (const line of this.lines) {
      const price = this.preview.get(line.id) ?? line.price;
      const y = series.priceToCoordinate(price);
      if (y === null || y < 0 || y > height) continue;
      items.push({ text: this.levelText(line, price, narrow), at: y, color: lineColor(line, this.palette) });
    }
    const ys = stackColumn(
      items.map((i) => ({ at: i.at, h: LABEL_HEIGHT })),
      0,
      height,
    );
    return items.map((item, i) => {
      const w = labelWidth(item.text);
      return {
        text: item.text,
        color: item.color,
        ink: '#ffffff',
        kind: 'level' as const,
        x: Math.max(0, width - w - 4),
        y: ys[i],
        w,
        h: LABEL_HEIGHT,
      };
    });
  }

  /** The events in view: their shapes, and their labels where a free spot is found. */
  private layoutEvents(
    series: ISeriesApi<'Candlestick'>,
    chart: IChartApi,
    levels: Box[],
    width: number,
  ): DrawnLabel[] {
    this.shapes = [];
    const timeScale = chart.timeScale();
    const range = timeScale.getVisibleRange();
    const first = this.firstTime();
    if (!range) return [];
    const from = Math.max(first, range.from as number);
    const to = range.to as number;
    const ms = this.markers;
    let i = lowerBound(ms, from);
    const wanted: { m: OverlayMarker; index: number; x: number; y: number; place: Place }[] = [];
    // Markers stacked on one bar's side sit one above the other, not on top of each other.
    const stacked = new Map<string, number>();
    for (; i < ms.length && ms[i].time <= to; i++) {
      const m = ms[i];
      const x = timeScale.timeToCoordinate(m.time as Time);
      if (x === null) continue;
      const place = this.place(m);
      let y: number | null;
      if (place === 'price') {
        y = series.priceToCoordinate(m.price);
      } else {
        const index = timeScale.timeToIndex(m.time as Time, true);
        const bar = (index === null ? null : series.dataByIndex(index)) as {
          high?: number;
          low?: number;
        } | null;
        const extreme = (place === 'above' ? bar?.high : bar?.low) ?? m.price;
        const edge = series.priceToCoordinate(extreme);
        const key = `${m.time}:${place}`;
        const n = stacked.get(key) ?? 0;
        stacked.set(key, n + 1);
        const offset = MARKER_GAP + MARKER_SIZE / 2 + n * (MARKER_SIZE + 2);
        y = edge === null ? null : place === 'above' ? edge - offset : edge + offset;
      }
      if (y === null) continue;
      this.shapes.push({ x, y, shape: this.shape(m), color: this.color(m) });
      if (m.role === 'exhaustion' && i !== this.lastExhaustion) continue;
      if (m.text) wanted.push({ m, index: i, x, y, place });
    }
    // The most telling first (entry, exit, fills; the newest of a kind before older ones).
    wanted.sort((a, b) => ROLE_PRIORITY[a.m.role] - ROLE_PRIORITY[b.m.role] || b.m.time - a.m.time);
    const shapeBoxes: Box[] = this.shapes.map((s) => ({
      x: s.x - MARKER_SIZE / 2,
      y: s.y - MARKER_SIZE / 2,
      w: MARKER_SIZE,
      h: MARKER_SIZE,
    }));
    const candidates = wanted.map(({ m, x, y, place }) => {
      const w = labelWidth(m.text);
      // Centred on its marker, but kept inside the pane: a marker near either edge would cut it.
      const left = Math.max(0, Math.min(x - w / 2, width - w));
      const up = (k: number): Box => ({
        x: left,
        y: y - MARKER_SIZE / 2 - 3 - LABEL_HEIGHT - k * (LABEL_HEIGHT + 2),
        w,
        h: LABEL_HEIGHT,
      });
      const down = (k: number): Box => ({
        x: left,
        y: y + MARKER_SIZE / 2 + 3 + k * (LABEL_HEIGHT + 2),
        w,
        h: LABEL_HEIGHT,
      });
      if (place === 'above') return [up(0), up(1), up(2)];
      if (place === 'below') return [down(0), down(1), down(2)];
      return [up(0), down(0), up(1), down(1), up(2), down(2)];
    });
    const placed = placeFree(candidates, [...levels, ...shapeBoxes]);
    const out: DrawnLabel[] = [];
    placed.forEach((box, k) => {
      if (!box) return;
      const m = wanted[k].m;
      out.push({ ...box, text: m.text, color: this.color(m), ink: '#ffffff', kind: 'event' });
    });
    return out;
  }

  private place(m: OverlayMarker): Place {
    switch (m.role) {
      case 'fill':
      case 'stop':
      case 'exit':
        return 'price';
      case 'exhaustion':
        return this.long ? 'above' : 'below';
      default:
        return this.long ? 'below' : 'above';
    }
  }

  private shape(m: OverlayMarker): MarkerShape {
    if (m.role === 'entry') return this.long ? 'arrowUp' : 'arrowDown';
    return m.role === 'fill' || m.role === 'stop' || m.role === 'exit' ? 'circle' : 'square';
  }

  private color(m: OverlayMarker): string {
    const p = this.palette;
    switch (m.role) {
      case 'entry':
        return p.entry;
      case 'fill':
        return p.target;
      case 'stop':
      case 'exit':
        return p.stop;
      case 'exhaustion':
        return p.exhaustion;
      default:
        return p.decay;
    }
  }
}

/** The names lightweight-charts' markers used, which DrawnState has always reported. */
function positionName(place: Place): string {
  return place === 'price' ? 'atPriceMiddle' : place === 'above' ? 'aboveBar' : 'belowBar';
}

function sameMarkers(a: OverlayMarker[], b: OverlayMarker[]): boolean {
  if (a.length !== b.length) return false;
  // `a` is sorted by time; `b` is the engine's list, sorted too (tracker.overlayButTrail).
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.time !== y.time || x.text !== y.text || x.role !== y.role || x.price !== y.price) return false;
  }
  return true;
}

function lowerBound(ms: OverlayMarker[], time: number): number {
  let lo = 0;
  let hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
