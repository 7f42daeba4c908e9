import { runLabAsync, type BacktestProgress, type LabReport, type LabRequest } from './backtest/index.js';
import { BarsError, PlanError } from './errors.js';
import type { Overlay } from './exits/types.js';
import { ExitTracker } from './exits/tracker.js';
import { BollingerBands, bbandsBatch } from './indicators/bollinger-bands.js';
import { barsToColumns } from './indicators/columns.js';
import { RSI, rsiBatch } from './indicators/rsi.js';
import { parseBarsCsv, validateBars } from './io/bars.js';
import { parsePlan, type PlanText, validatePlan } from './plan/parse.js';
import type { PlanSpec } from './plan/types.js';
import type { Bar } from './types.js';

export interface IndicatorSettings {
  bbPeriod: number;
  bbK: number;
  rsiPeriod: number;
}

/** Bollinger bands and RSI over the loaded bars, NaN while warming up (for chart series). */
export interface IndicatorSeries {
  time: Float64Array;
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
  rsi: Float64Array;
}

/** The same values at one bar (null while warming up). */
export interface IndicatorPoint {
  time: number;
  upper: number | null;
  middle: number | null;
  lower: number | null;
  rsi: number | null;
}

export interface TickResult {
  overlay: Overlay;
  point: IndicatorPoint;
}

export const DEFAULT_INDICATOR_SETTINGS: IndicatorSettings = { bbPeriod: 20, bbK: 2, rsiPeriod: 14 };

function toSpec(plan: PlanText | PlanSpec): PlanSpec {
  if ('ladder' in plan && Array.isArray(plan.ladder)) {
    validatePlan(plan as PlanSpec);
    return plan as PlanSpec;
  }
  return parsePlan(plan as PlanText);
}

/**
 * One chart's engine: its bars, its plan, its tracker. This is the object the worker exposes
 * through comlink, and what the widget runs on the main thread where a page's CSP forbids
 * workers. Every method takes and returns plain data.
 */
export interface SessionOptions {
  /**
   * Lets pending messages (a cancel) through between slices of a long backtest. The worker
   * passes a macrotask (setTimeout 0); the engine itself knows no timers.
   */
  pause?: () => Promise<void>;
}

export class EngineSession {
  private bars: Bar[] = [];
  private cancel = { aborted: false };
  private plan: PlanSpec | null = null;
  private tracker: ExitTracker | null = null;
  private settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS;
  private bb = new BollingerBands(20, 2);
  private rsi = new RSI(14);

  constructor(private readonly options: SessionOptions = {}) {}

  /** Loads bars (or CSV text) and a plan; a plan without entry time is anchored at the last bar. */
  load(
    bars: Bar[] | string,
    plan: PlanText | PlanSpec,
    settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS,
  ): Overlay {
    const parsed = typeof bars === 'string' ? parseBarsCsv(bars) : bars;
    if (typeof bars !== 'string') validateBars(parsed);
    const spec = toSpec(plan);
    this.bars = parsed.slice();
    this.settings = settings;
    this.restartIndicators();
    return this.setPlanSpec(spec);
  }

  /** Replaces the plan (e.g. after a drag) and recomputes over the loaded bars. */
  setPlan(plan: PlanText | PlanSpec): Overlay {
    const spec = toSpec(plan);
    // An edited plan keeps the moment of the original entry unless it names its own.
    if (spec.entryTime === undefined && this.plan?.entryTime !== undefined) {
      spec.entryTime = this.plan.entryTime;
    }
    return this.setPlanSpec(spec);
  }

  private setPlanSpec(spec: PlanSpec): Overlay {
    if (this.bars.length === 0) throw new BarsError(0, '', 'load bars before setting a plan');
    const anchored =
      spec.entryTime === undefined ? { ...spec, entryTime: this.bars[this.bars.length - 1].time } : spec;
    const tracker = new ExitTracker(anchored);
    for (const bar of this.bars) tracker.add(bar);
    const overlay = tracker.overlay();
    this.plan = anchored;
    this.tracker = tracker;
    return overlay;
  }

  /** A new bar (later time) or an update of the still-forming last bar (same time). */
  push(bar: Bar): Overlay {
    return this.tick(bar).overlay;
  }

  /** push, plus the indicator values at that bar for the chart's series. */
  tick(bar: Bar): TickResult {
    const tracker = this.requireTracker();
    validateBars([bar]);
    const last = this.bars[this.bars.length - 1];
    if (bar.time === last.time) {
      tracker.replace(bar);
      this.bb.replace(bar.close);
      this.rsi.replace(bar.close);
      this.bars[this.bars.length - 1] = { ...bar };
    } else if (bar.time > last.time) {
      tracker.add(bar);
      this.bb.add(bar.close);
      this.rsi.add(bar.close);
      this.bars.push({ ...bar });
    } else {
      throw new BarsError(
        this.bars.length + 1,
        'time',
        `bar at ${bar.time} is older than the last bar (${last.time}); only the last bar can be updated`,
      );
    }
    return {
      overlay: tracker.overlay(),
      point: {
        time: bar.time,
        upper: this.bb.upper,
        middle: this.bb.middle,
        lower: this.bb.lower,
        rsi: this.rsi.value,
      },
    };
  }

  overlay(): Overlay {
    return this.requireTracker().overlay();
  }

  /** The loaded bars (a copy). */
  getBars(): Bar[] {
    return this.bars.slice();
  }

  getPlan(): PlanSpec | null {
    return this.plan;
  }

  indicatorSeries(settings: IndicatorSettings = this.settings): IndicatorSeries {
    if (settings !== this.settings) {
      this.settings = settings;
      this.restartIndicators();
    }
    const columns = barsToColumns(this.bars);
    const bands = bbandsBatch(columns.close, settings.bbPeriod, settings.bbK);
    return {
      time: columns.time,
      upper: bands.upper,
      middle: bands.middle,
      lower: bands.lower,
      rsi: rsiBatch(columns.close, settings.rsiPeriod),
    };
  }

  /**
   * Runs the backtest lab over the loaded bars (or `bars` when given), reporting progress;
   * `cancelBacktest()` stops it between slices with a BacktestCancelled error.
   */
  async backtest(
    request: LabRequest,
    onProgress?: (p: BacktestProgress) => void,
    bars?: Bar[],
  ): Promise<LabReport> {
    const series = bars ?? this.bars;
    if (bars) validateBars(bars);
    if (series.length === 0) throw new BarsError(0, '', 'load bars before running a backtest');
    const cancel = { aborted: false };
    this.cancel = cancel;
    return runLabAsync(series, request, { onProgress, signal: cancel, pause: this.options.pause });
  }

  cancelBacktest(): void {
    this.cancel.aborted = true;
  }

  private restartIndicators(): void {
    this.bb = new BollingerBands(this.settings.bbPeriod, this.settings.bbK);
    this.rsi = new RSI(this.settings.rsiPeriod);
    for (const bar of this.bars) {
      this.bb.add(bar.close);
      this.rsi.add(bar.close);
    }
  }

  private requireTracker(): ExitTracker {
    if (!this.tracker) throw new PlanError('plan', 'no plan loaded yet: call load(bars, plan) first');
    return this.tracker;
  }
}
