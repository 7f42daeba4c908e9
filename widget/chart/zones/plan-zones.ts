import type {
  IChartApi,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts';
import type { Overlay } from '../../../engine/index.js';
import type { Palette } from '../palette.js';
import { zoneOptions, type ZoneOptions } from './zone-options.js';
import { ZonePaneView, type ZoneSpan } from './zone-pane-view.js';

/**
 * The long/short tool's shading: a risk zone from the entry to the initial stop and a reward
 * zone from the entry to the last target, from the entry bar to the exit (or the right edge
 * while the trade is open). While a level is dragged the zones follow it.
 */
export class PlanZones implements ISeriesPrimitive<Time> {
  private chart: IChartApi | null = null;
  private series: ISeriesApi<'Candlestick'> | null = null;
  private requestUpdate: (() => void) | null = null;
  private span: ZoneSpan | null = null;
  private options: ZoneOptions;
  private readonly view: ZonePaneView;
  private readonly views: IPrimitivePaneView[];

  constructor(palette: Palette) {
    this.options = zoneOptions(palette);
    this.view = new ZonePaneView(() => this.options);
    this.views = [this.view];
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart as IChartApi;
    this.series = param.series as ISeriesApi<'Candlestick'>;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.series = null;
    this.requestUpdate = null;
  }

  setPalette(palette: Palette): void {
    this.options = zoneOptions(palette);
    this.requestUpdate?.();
  }

  sync(overlay: Overlay): void {
    const { levels, state } = overlay;
    const last = levels.legs[levels.legs.length - 1];
    this.span =
      state.entryTime === null
        ? null
        : {
            entryTime: state.entryTime,
            exitTime: state.exitTime,
            entry: levels.entry,
            stop: levels.initialStop,
            lastTarget: last ? last.price : null,
          };
    this.requestUpdate?.();
  }

  /** While dragging the entry, the stop or the last target, its zone edge follows. */
  previewLevel(id: string, price: number, lastTargetId: string | null): void {
    if (!this.span) return;
    if (id === 'entry') this.span = { ...this.span, entry: price };
    else if (id === 'stop') this.span = { ...this.span, stop: price };
    else if (id === lastTargetId) this.span = { ...this.span, lastTarget: price };
    this.requestUpdate?.();
  }

  updateAllViews(): void {
    if (this.chart && this.series) this.view.update(this.chart, this.series, this.span);
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  /** The zones as last laid out (CSS px in the price pane), for DrawnState. */
  drawn(): { risk: { top: number; bottom: number } | null; reward: { top: number; bottom: number } | null } {
    const pick = (r: { top: number; bottom: number } | null) => (r ? { top: r.top, bottom: r.bottom } : null);
    return { risk: pick(this.view.rects.risk), reward: pick(this.view.rects.reward) };
  }
}
