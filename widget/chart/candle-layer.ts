import {
  CandlestickSeries,
  type AutoscaleInfo,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Bar } from '../../engine/index.js';
import type { Palette } from './palette.js';
import { pricePrecision } from './price-precision.js';

export const utc = (seconds: number): UTCTimestamp => seconds as UTCTimestamp;

/**
 * Bars of history drawn to the left of the opening view; the rest of the window joins as the
 * reader scrolls back, HISTORY_STEP bars at a time once the view is within HISTORY_EDGE bars
 * of the oldest one drawn. The first frame then draws a few hundred candles, not thousands.
 */
const OPENING_HISTORY = 300;
const HISTORY_EDGE = 50;
const HISTORY_STEP = 1000;
/** Live bars are trimmed back to maxBars once more than TRIM_AT x maxBars (and TRIM_MIN) are drawn. */
const TRIM_AT = 1.5;
const TRIM_MIN = 200;

/**
 * The candles, and which bars of the source are in them: the framing of the trade, the window
 * of `maxBars`, and the older bars that join as the reader scrolls back (`onHistory` then lets
 * the other layers draw their older part from the new first time on).
 */
export class CandleLayer {
  readonly series: ISeriesApi<'Candlestick'>;
  /** The first bar time in the chart; older bars, markers and indicator values are not drawn. */
  firstTime = -Infinity;
  /** Decimals of the series' prices (its price format, and every label that shows a price). */
  precision = 2;
  lastBar: Bar | null = null;
  private drawnCount = 0;
  /** Which bars the candles were set from (count, first and last bar), so a re-frame skips setData. */
  private barsKey = '';
  /** The bars last given to setBars, and where in them the chart's window and its drawn part start. */
  private source: Bar[] = [];
  private windowFrom = 0;
  private drawnFrom = 0;
  private addingHistory = false;

  constructor(
    private readonly chart: IChartApi,
    palette: Palette,
    private readonly maxBars: number,
    autoscale: (original: AutoscaleInfo | null) => AutoscaleInfo | null,
    /** Called after setData: `oldFirst` is the first time drawn before (Infinity for a fresh draw). */
    private readonly onRedrawn: (oldFirst: number, history: boolean) => void,
  ) {
    this.series = chart.addSeries(CandlestickSeries, {
      ...candleColors(palette),
      borderVisible: false,
      priceLineVisible: false,
      // The plan is what this chart is for: its open levels stay on screen even when the
      // candles in view do not reach them (a far target, a stop below a quiet stretch).
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => autoscale(original()),
    });
    chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
      if (range && range.from < HISTORY_EDGE && this.drawnFrom > this.windowFrom) this.addHistory();
    });
  }

  /** Bars in the chart now; the controller re-windows when live bars have doubled it. */
  get drawnBars(): number {
    return this.drawnCount;
  }

  setPalette(palette: Palette): void {
    this.series.applyOptions(candleColors(palette));
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
      const i = firstIndexAtOrAfter(bars, time);
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
    if (key !== this.barsKey || key === '') {
      this.draw(bars, drawFrom);
      this.onRedrawn(Infinity, false);
    }
    this.barsKey = key;
    if (!bars.length) return;
    this.chart
      .timeScale()
      .setVisibleLogicalRange({ from: from - drawFrom, to: to - drawFrom + (to === last ? 8 : 0) });
  }

  /**
   * A live bar: updates the forming candle or appends one. Returns true when the candles were
   * trimmed: lightweight-charts re-processes every series in full whenever a new bar time
   * arrives, so a session that kept every bar since its entry would make each new bar (and the
   * p99 tick) slower the longer it runs. Past TRIM_AT x maxBars drawn, the oldest go, down to
   * maxBars (one setData per maxBars / 2 new bars), and the view stays on the same bars.
   */
  updateBar(bar: Bar): boolean {
    this.barsKey = '';
    if (!this.lastBar || bar.time > this.lastBar.time) this.drawnCount++;
    this.lastBar = bar;
    this.series.update({
      time: utc(bar.time),
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
    });
    if (this.drawnCount <= Math.max(TRIM_MIN, this.maxBars * TRIM_AT)) return false;
    this.trimTo(this.maxBars);
    return true;
  }

  private trimTo(keep: number): void {
    const data = this.series.data();
    const removed = data.length - keep;
    if (removed <= 0) return;
    const timeScale = this.chart.timeScale();
    const view = timeScale.getVisibleLogicalRange();
    this.series.setData(data.slice(removed));
    this.firstTime = data[removed].time as number;
    this.drawnCount = keep;
    // The bars given to setBars no longer line up with what is drawn: no paging back from here.
    this.source = [];
    this.windowFrom = this.drawnFrom = 0;
    if (view) {
      const from = Math.max(0, view.from - removed);
      timeScale.setVisibleLogicalRange({ from, to: Math.max(from + 10, view.to - removed) });
    }
  }

  private draw(bars: Bar[], start: number): void {
    const drawn = start > 0 ? bars.slice(start) : bars;
    this.drawnFrom = start;
    this.firstTime = drawn.length ? drawn[0].time : -Infinity;
    this.drawnCount = drawn.length;
    this.precision = pricePrecision(bars);
    this.series.applyOptions({
      priceFormat: { type: 'price', precision: this.precision, minMove: 10 ** -this.precision },
    });
    this.series.setData(
      drawn.map((b) => ({ time: utc(b.time), open: b.open, high: b.high, low: b.low, close: b.close })),
    );
    this.lastBar = bars.length ? bars[bars.length - 1] : null;
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
      this.draw(this.source, from);
      if (view) timeScale.setVisibleLogicalRange({ from: view.from + added, to: view.to + added });
      this.onRedrawn(oldFirst, true);
    } finally {
      this.addingHistory = false;
    }
  }
}

function candleColors(palette: Palette) {
  return {
    upColor: palette.up,
    downColor: palette.down,
    wickUpColor: palette.up,
    wickDownColor: palette.down,
  };
}

/** Index of the first bar at or after `time` (bars in time order), -1 when none: a binary search. */
function firstIndexAtOrAfter(bars: Bar[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo < bars.length ? lo : -1;
}
