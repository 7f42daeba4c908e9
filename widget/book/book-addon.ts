import { h } from 'preact';
import type { BookDepth, BookTop, BookTrade, Overlay } from '../../engine/index.js';
import type { AddonFactory, AddonHost, WidgetAddon } from '../addons/addon.js';
import type { PlanChart } from '../chart/plan-chart.js';
import { BookPanel } from './BookPanel.js';
import { ShieldMarkers } from './shield-markers.js';
import { BookState, type BookShieldEvent, type PositionNow } from './book-state.js';

/**
 * What `pushBook` takes: a book update (best bid/ask with sizes), trades with their aggressor
 * side, a depth snapshot (the levels behind the touch, for the top-N imbalance), or several.
 * A bare BookTop is read as `{ top }`.
 */
export interface BookSnapshot {
  top?: BookTop;
  trades?: readonly BookTrade[];
  depth?: BookDepth;
}

export const BOOK_ADDON_ID = 'book';

/** How often the stale line is checked (and its seconds counted), ms. */
const STALE_CHECK_MS = 1000;

function positionOf(overlay: Overlay | null): PositionNow | null {
  if (!overlay) return null;
  const s = overlay.state;
  return { side: s.side, open: s.status === 'open', remaining: s.remaining, riskPerUnit: s.riskPerUnit };
}

/**
 * The order book addon: `pushBook` feeds the engine's book indicators and the plan's two book
 * shields (settings in `WidgetOptions.book`, text forms from engine/book/shield-spec.ts); the
 * panel under the legend shows spread, imbalance, depth against its median and each shield's
 * state, says when the book has gone quiet, and a firing shield adds an alert line, a marker on
 * the chart at that bar and a call to `book.onShield`.
 */
export class BookAddon implements WidgetAddon {
  readonly id = BOOK_ADDON_ID;
  readonly state: BookState;
  private readonly markers = new ShieldMarkers();
  private readonly timer: ReturnType<typeof setInterval>;
  private wasStale = true;
  private folded: boolean;

  constructor(private readonly host: AddonHost) {
    const options = host.options.book ?? {};
    this.state = new BookState(options, positionOf(host.overlay()));
    this.folded = options.folded === true;
    for (const problem of this.state.problems) host.notice(`Order book: ${problem}`);
    this.timer = setInterval(() => this.checkStale(), STALE_CHECK_MS);
  }

  /** One snapshot from the page (or the extension's feed). */
  push(snapshot: BookSnapshot | BookTop): void {
    const s: BookSnapshot = 'bidPrice' in snapshot ? { top: snapshot } : snapshot;
    for (const t of s.trades ?? []) this.state.trade(t);
    if (s.depth) this.state.depth(s.depth);
    if (s.top) {
      const fired = this.state.push(s.top, Date.now());
      if (fired.length) this.mark(fired);
      this.wasStale = false;
    }
    this.host.changed();
  }

  loaded(_bars: unknown, overlay: Overlay): void {
    this.state.setPosition(positionOf(overlay));
    this.host.changed();
  }

  pushed(_bar: unknown, overlay: Overlay): void {
    this.state.setPosition(positionOf(overlay));
  }

  planChanged(overlay: Overlay): void {
    this.state.setPosition(positionOf(overlay));
    this.host.changed();
  }

  chartReady(chart: PlanChart): void {
    this.markers.attach(chart.chart, this.host.bars());
  }

  /** The chart markers' times and texts (for checks: `drawnState` lists only the plan's). */
  markerTimes(): { time: number; text: string }[] {
    return this.markers.list();
  }

  view() {
    const view = this.state.view(Date.now());
    const im = this.state.imbalanceSpec;
    const lq = this.state.liquiditySpec;
    return h(BookPanel, {
      view,
      threshold: im ? im.threshold : null,
      depthLine: lq ? 1 - lq.dropPercent / 100 : null,
      markers: this.markers.list().length,
      folded: this.folded,
      onFold: (folded: boolean) => {
        this.folded = folded;
        this.host.options.book?.onFold?.(folded);
        this.host.changed();
      },
    });
  }

  destroy(): void {
    clearInterval(this.timer);
    this.markers.detach();
  }

  private mark(fired: BookShieldEvent[]): void {
    const chart = this.host.chart();
    if (chart) this.markers.attach(chart.chart, this.host.bars());
    for (const e of fired) this.markers.add(e, this.host.bars());
  }

  private checkStale(): void {
    const stale = this.state.stale(Date.now());
    // While stale the seconds count up; a fresh book redraws on its own pushes.
    if (stale || stale !== this.wasStale) this.host.changed();
    this.wasStale = stale;
  }
}

export const bookAddon: AddonFactory = (host) => new BookAddon(host);

/** `pushBook` on a handle: false when the widget has no book addon (no `book` option). */
export function pushBookTo(addon: WidgetAddon | null, snapshot: BookSnapshot | BookTop): boolean {
  if (!(addon instanceof BookAddon)) return false;
  addon.push(snapshot);
  return true;
}
