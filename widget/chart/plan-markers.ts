import {
  createSeriesMarkers,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
} from 'lightweight-charts';
import type { Overlay, OverlayMarker } from '../../engine/index.js';
import { utc } from './candle-layer.js';
import type { Palette } from './palette.js';

function toMarker(m: OverlayMarker, p: Palette, long: boolean): SeriesMarker<Time> {
  const time = utc(m.time);
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

/** The trade's events on the candles (lightweight-charts' series-markers plugin). */
export class PlanMarkers {
  private readonly plugin: ISeriesMarkersPluginApi<Time>;
  private key = '';

  constructor(
    series: ISeriesApi<'Candlestick'>,
    private palette: Palette,
  ) {
    this.plugin = createSeriesMarkers(series, []);
  }

  /** The next sync sets every marker again. */
  invalidate(): void {
    this.key = '';
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.key = '';
  }

  sync(overlay: Overlay, firstTime: number): void {
    const ms = overlay.markers;
    const key = `${ms.length}:${ms.length ? ms[ms.length - 1].time + ms[ms.length - 1].text : ''}`;
    if (key === this.key) return;
    this.key = key;
    const long = overlay.levels.side === 'long';
    const sorted = ms.filter((m) => m.time >= firstTime).sort((a, b) => a.time - b.time);
    // Exhaustion signals can fire bar after bar; only the latest keeps its words, older ones stay squares.
    let lastExhaustion = -1;
    sorted.forEach((m, i) => m.role === 'exhaustion' && (lastExhaustion = i));
    this.plugin.setMarkers(
      sorted.map((m, i) => {
        const marker = toMarker(m, this.palette, long);
        return m.role === 'exhaustion' && i !== lastExhaustion ? { ...marker, text: '' } : marker;
      }),
    );
  }

  drawn(): { time: number; text: string; position: string }[] {
    return this.plugin
      .markers()
      .map((m) => ({ time: m.time as number, text: m.text ?? '', position: m.position }));
  }
}
