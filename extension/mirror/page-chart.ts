/**
 * The levels as the site's own horizontal lines, drawn through the TradingView-style chart API
 * the page exposes (the Charting Library's `window.tvWidget`, tradingview.com's
 * `window.TradingViewApi`). Nothing is posted to the page: the panel runs these functions in
 * the page's world with `scripting.executeScript`, which hands the arguments to this one call
 * only. `hasPageChart` carries no data and is asked first; the lines (a price and a colour
 * each, never the plan, its symbol or its side) are sent only where it said yes.
 *
 * Both functions are serialised by the browser (`func.toString()`) and run in the page, so
 * they must be self-contained: no imports, no helpers from outside their own body.
 */

/** What the page's chart needs to draw one level: where, and in which colour. */
export interface PageLine {
  price: number;
  color: string;
}

export interface PageChartStatus {
  available: boolean;
  drawn: number;
  error?: string;
}

/** True when the page exposes an active chart with both calls the drawing needs. */
export function hasPageChart(): boolean {
  for (const name of ['tvWidget', 'TradingViewApi', 'widget']) {
    try {
      const widget = Reflect.get(globalThis, name) as { activeChart?: () => unknown } | null;
      if (!widget || typeof widget !== 'object' || typeof widget.activeChart !== 'function') continue;
      const chart = widget.activeChart() as Record<string, unknown> | null;
      if (
        chart &&
        typeof chart === 'object' &&
        typeof chart.createShape === 'function' &&
        typeof chart.removeEntity === 'function'
      )
        return true;
    } catch {
      // A half-initialised widget throws from activeChart(): try the next name.
    }
  }
  return false;
}

/**
 * Makes the page's chart show exactly `lines` (an empty list removes ours). The ids of the
 * lines already drawn are kept on the page under a registered symbol: they are the page's own
 * drawing ids, and keeping them there lets a later call (or the background, when the panel
 * closes) remove them without any state in the extension.
 */
export async function drawOnPageChart(lines: PageLine[]): Promise<PageChartStatus> {
  type Entity = string | number;
  interface Chart {
    createShape(point: { price: number }, options: object): Entity | Promise<Entity> | null;
    removeEntity(id: Entity): void;
  }
  interface Drawn {
    entity: Entity;
    chart: Chart;
  }
  let chart: Chart | null = null;
  for (const name of ['tvWidget', 'TradingViewApi', 'widget']) {
    try {
      const widget = Reflect.get(globalThis, name) as { activeChart?: () => Partial<Chart> | null } | null;
      const candidate =
        widget && typeof widget === 'object' && typeof widget.activeChart === 'function'
          ? widget.activeChart()
          : null;
      if (
        candidate &&
        typeof candidate.createShape === 'function' &&
        typeof candidate.removeEntity === 'function'
      ) {
        chart = candidate as Chart;
        break;
      }
    } catch {
      // Not ready yet: the next name, and again on the next update.
    }
  }
  const key = Symbol.for('exitplan.page-lines');
  const store = globalThis as unknown as Record<symbol, unknown>;
  const previous = store[key];
  const drawn = new Map<string, Drawn>(previous instanceof Map ? (previous as Map<string, Drawn>) : []);
  store[key] = drawn;
  const wanted = new Set(lines.map((line) => `${line.price}|${line.color}`));
  for (const [id, line] of [...drawn]) {
    if (wanted.has(id) && line.chart === chart) continue;
    drawn.delete(id);
    try {
      line.chart.removeEntity(line.entity);
    } catch {
      // The site already removed it (the user deleted the drawing, the chart reloaded).
    }
  }
  if (!chart) return { available: false, drawn: 0 };
  let error: string | undefined;
  for (const line of lines) {
    const id = `${line.price}|${line.color}`;
    if (drawn.has(id)) continue;
    try {
      const entity = await chart.createShape(
        { price: line.price },
        {
          shape: 'horizontal_line',
          lock: true,
          disableSelection: true,
          disableSave: true,
          disableUndo: true,
          overrides: { linecolor: line.color, linewidth: 1, showLabel: false },
        },
      );
      if (entity !== null && entity !== undefined) drawn.set(id, { entity, chart });
    } catch (e) {
      error = `createShape failed: ${String((e as Error)?.message ?? e).slice(0, 150)}`;
    }
  }
  return error ? { available: true, drawn: drawn.size, error } : { available: true, drawn: drawn.size };
}

/**
 * The answer of a function run in the page's world is the page's to shape (it can replace any
 * built-in the function calls), so it is checked like any other input: a forged count never
 * exceeds the lines that were sent, and a forged error is cut short (it is shown as text).
 */
export function checkPageStatus(raw: unknown, sent: number): PageChartStatus {
  if (!raw || typeof raw !== 'object') return { available: false, drawn: 0 };
  const { available, drawn, error } = raw as Record<string, unknown>;
  if (typeof available !== 'boolean' || !available) return { available: false, drawn: 0 };
  const count = typeof drawn === 'number' && Number.isInteger(drawn) ? Math.min(Math.max(drawn, 0), sent) : 0;
  return typeof error === 'string'
    ? { available, drawn: count, error: error.slice(0, 200) }
    : { available, drawn: count };
}
