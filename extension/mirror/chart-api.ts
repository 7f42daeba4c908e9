/**
 * The TradingView-style chart widget API as pages expose it (TradingView's Charting Library
 * `window.tvWidget`, tradingview.com's `window.TradingViewApi`). Undocumented on some sites
 * and liable to change, so every call is feature-detected and failures are contained.
 */
export type EntityId = string | number;

export interface ChartApi {
  createShape(
    point: { time?: number; price: number },
    options: {
      shape: 'horizontal_line';
      text?: string;
      lock?: boolean;
      disableSelection?: boolean;
      disableSave?: boolean;
      disableUndo?: boolean;
      overrides?: Record<string, string | number | boolean>;
    },
  ): EntityId | Promise<EntityId> | null;
  removeEntity(id: EntityId): void;
}

interface WidgetLike {
  activeChart?: () => unknown;
}

const GLOBALS = ['tvWidget', 'TradingViewApi', 'widget'] as const;

/** The active chart if the page exposes one with both calls we need; otherwise null. */
export function findChartApi(scope: object): ChartApi | null {
  for (const name of GLOBALS) {
    const candidate: unknown = Reflect.get(scope, name);
    if (!candidate || typeof candidate !== 'object') continue;
    const widget: WidgetLike = candidate;
    if (typeof widget.activeChart !== 'function') continue;
    try {
      const chart = widget.activeChart() as Partial<ChartApi> | null;
      if (chart && typeof chart.createShape === 'function' && typeof chart.removeEntity === 'function')
        return chart as ChartApi;
    } catch {
      // A half-initialised widget throws from activeChart(); try the next name, and again on the next draw.
    }
  }
  return null;
}
