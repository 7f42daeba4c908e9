import { runLabAsync, type BacktestProgress, type LabReport, type LabRequest } from './backtest/index.js';
import { BarsError, PlanError } from './errors.js';
import type { Overlay, TrailPoint } from './exits/types.js';
import { TickPaths, type IntrabarRule } from './exits/tick-path.js';
import { ExitTracker } from './exits/tracker.js';
import { BollingerBands } from './indicators/bollinger-bands.js';
import { RSI } from './indicators/rsi.js';
import type { BarColumns } from './indicators/inputs.js';
import { BarColumnStore } from './io/bar-column-store.js';
import { parseBarColumnsCsv, validateBars } from './io/bars.js';
import { DEFAULT_BB_K, DEFAULT_BB_PERIOD, DEFAULT_INDICATORS, DEFAULT_RSI_PERIOD } from './plan/defaults.js';
import { isPlanSpec } from './plan/input.js';
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

/**
 * A tick's result with the trail as a change to the one the caller already holds: its points
 * from `trailFrom` on are replaced by `trail` (see ChartSession.tickDelta).
 */
export interface TickDelta {
  overlay: Omit<Overlay, 'trail'>;
  trailFrom: number;
  trail: TrailPoint[];
  point: IndicatorPoint;
}

export const DEFAULT_INDICATOR_SETTINGS: IndicatorSettings = DEFAULT_INDICATORS;

const isSpec = isPlanSpec;

const sameSettings = (a: IndicatorSettings, b: IndicatorSettings): boolean =>
  a.bbPeriod === b.bbPeriod && a.bbK === b.bbK && a.rsiPeriod === b.rsiPeriod;

/**
 * One chart's engine over a parsed plan (PlanSpec): its bars, its plan, its tracker. This is
 * what the engine worker exposes through comlink and what the widget runs on the page's
 * thread where a CSP forbids workers; the widget parses plan text on the page (to report a
 * typo at once), so the worker carries no plan parser. Every method takes and returns plain
 * data. EngineSession (below) also takes plan text; the backtest lab is a separate LabSession
 * in its own worker.
 */
export class ChartSession {
  private bars: BarColumnStore | null = null;
  private plan: PlanSpec | null = null;
  private tracker: ExitTracker | null = null;
  private settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS;
  private bb = new BollingerBands(DEFAULT_BB_PERIOD, DEFAULT_BB_K);
  private rsi = new RSI(DEFAULT_RSI_PERIOD);
  /** The indicator columns as of the last restart; dropped when a tick changes the bars. */
  private series: IndicatorSeries | null = null;
  /** Whether bb and rsi have seen every loaded bar (load leaves that to the first need). */
  private indicatorsWarm = false;
  /** Trail points the caller holds: as many as the last overlay this session returned. */
  private trailSent = 0;
  /** How the forming bar is played: 'bars' (history, replays) or 'ticks' (a live chart). */
  private intrabar: IntrabarRule = 'bars';
  /** Live: the ticks seen, kept across plan changes so a new plan is judged on the same ticks. */
  private readonly tickPaths = new TickPaths();

  /**
   * Loads bars (objects, or columns as parseBarColumnsCsv gives them: a worker receives those
   * as a few arrays instead of 50,000 cloned objects) and a plan; a plan without entry time is
   * anchored at the last bar. `intrabar` says how ticks are played from now on: 'ticks' for a
   * live chart (a tick that crosses a level hits it at once, on the entry bar too), 'bars' (the
   * bar rule, as a backtest plays bars) otherwise. See engine/exits/tick-path.ts.
   */
  load(
    bars: Bar[] | BarColumns,
    plan: PlanSpec,
    settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS,
    intrabar: IntrabarRule = 'bars',
  ): Overlay {
    validateBars(bars);
    const spec = requireSpec(plan);
    this.bars = new BarColumnStore(bars);
    this.settings = settings;
    this.intrabar = intrabar;
    this.tickPaths.clear();
    this.plan = null;
    // The chart's bands and RSI are played over the bars when first asked for (the widget asks
    // a frame after the plan is drawn) or before the first tick: the plan comes first.
    this.series = null;
    this.indicatorsWarm = false;
    return this.setPlanSpec(spec);
  }

  /** Replaces the plan (e.g. after a drag) and recomputes over the loaded bars. */
  setPlan(plan: PlanSpec): Overlay {
    const spec = requireSpec(plan);
    // An edited plan keeps the moment of the original entry unless it names its own.
    const entryTime = spec.entryTime ?? this.plan?.entryTime;
    return this.setPlanSpec(entryTime === spec.entryTime ? spec : { ...spec, entryTime });
  }

  private setPlanSpec(spec: PlanSpec): Overlay {
    const bars = this.bars;
    if (!bars) throw new BarsError(0, '', 'load bars before setting a plan');
    const anchored = spec.entryTime === undefined ? { ...spec, entryTime: bars.lastTime } : spec;
    // A plan entered on the forming bar now: the ticks before it came before its entry.
    if (anchored.entryTime === bars.lastTime && anchored.entryTime !== this.plan?.entryTime)
      this.tickPaths.restartBar(bars.lastTime);
    const tracker = new ExitTracker(anchored, { intrabar: this.intrabar, tickPaths: this.tickPaths });
    // One bar object refilled for every bar: the tracker keeps numbers, never the object.
    const bar = bars.at(0);
    for (let i = 0; i < bars.length; i++) tracker.add(bars.at(i, bar));
    const overlay = tracker.overlay();
    this.trailSent = overlay.trail.length;
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
    const point = this.advance(bar);
    const overlay = this.requireTracker().overlay();
    this.trailSent = overlay.trail.length;
    return { overlay, point };
  }

  /**
   * tick, sending only what changed of the trail: the points from `trailFrom` on, which
   * replace the caller's from there (usually the last point, or it and a new one), instead of
   * every point since the entry on every tick. The caller's copy stays exact because a tick
   * changes at most the trail's last point (a forming bar) and appends (a new bar); load,
   * setPlan and the other calls return the whole trail and restart the count.
   */
  tickDelta(bar: Bar): TickDelta {
    const held = this.trailSent;
    const point = this.advance(bar);
    const tracker = this.requireTracker();
    const trailFrom = Math.max(0, Math.min(held, tracker.trailLength) - 1);
    this.trailSent = tracker.trailLength;
    return { overlay: tracker.overlayButTrail(), trailFrom, trail: tracker.trailFrom(trailFrom), point };
  }

  /** Takes a tick's bar into the tracker and the chart's indicators; their values at that bar. */
  private advance(bar: Bar): IndicatorPoint {
    const tracker = this.requireTracker();
    validateBars([bar]);
    if (!this.indicatorsWarm) this.restartIndicators();
    // A tracker means bars were loaded.
    const bars = this.bars!;
    const lastTime = bars.lastTime;
    const replace = bar.time === lastTime;
    if (replace) {
      tracker.replace(bar);
      this.bb.replace(bar.close);
      this.rsi.replace(bar.close);
    } else if (bar.time > lastTime) {
      tracker.add(bar);
      this.bb.add(bar.close);
      this.rsi.add(bar.close);
    } else {
      throw new BarsError(
        bars.length + 1,
        'time',
        `bar at ${bar.time} is older than the last bar (${lastTime}); only the last bar can be updated`,
      );
    }
    bars.write(bar, replace);
    this.series = null;
    return {
      time: bar.time,
      upper: this.bb.upper,
      middle: this.bb.middle,
      lower: this.bb.lower,
      rsi: this.rsi.value,
    };
  }

  overlay(): Overlay {
    const overlay = this.requireTracker().overlay();
    this.trailSent = overlay.trail.length;
    return overlay;
  }

  getPlan(): PlanSpec | null {
    return this.plan;
  }

  /**
   * Bollinger bands and RSI at every loaded bar, or at those from time `since` on. They come
   * from the same streaming indicators that answer each tick (bit-identical to
   * bbandsBatch/rsiBatch), recorded as they warm up on load, so loading costs one pass and the
   * worker carries no batch kernels.
   */
  indicatorSeries(settings: IndicatorSettings = this.settings, since = -Infinity): IndicatorSeries {
    if (!sameSettings(settings, this.settings)) {
      this.settings = settings;
      this.series = null;
    }
    const series = this.series ?? this.restartIndicators();
    if (!(since > series.time[0])) return series;
    // Only the bars from `since` on (a chart's window): less to copy to the page.
    let from = 0;
    while (from < series.time.length && series.time[from] < since) from++;
    return {
      time: series.time.slice(from),
      upper: series.upper.slice(from),
      middle: series.middle.slice(from),
      lower: series.lower.slice(from),
      rsi: series.rsi.slice(from),
    };
  }

  /** New streaming indicators played over every loaded bar, recording their columns. */
  private restartIndicators(): IndicatorSeries {
    // Before any load: empty columns.
    const time = this.bars?.column('time').slice() ?? new Float64Array(0);
    const close = this.bars?.column('close') ?? time;
    const n = time.length;
    const series: IndicatorSeries = {
      time,
      upper: new Float64Array(n),
      middle: new Float64Array(n),
      lower: new Float64Array(n),
      rsi: new Float64Array(n),
    };
    const bb = new BollingerBands(this.settings.bbPeriod, this.settings.bbK);
    const rsi = new RSI(this.settings.rsiPeriod);
    for (let i = 0; i < n; i++) {
      bb.add(close[i]);
      rsi.add(close[i]);
      series.upper[i] = bb.upper ?? NaN;
      series.middle[i] = bb.middle ?? NaN;
      series.lower[i] = bb.lower ?? NaN;
      series.rsi[i] = rsi.value ?? NaN;
    }
    this.bb = bb;
    this.rsi = rsi;
    this.series = series;
    this.indicatorsWarm = true;
    return series;
  }

  private requireTracker(): ExitTracker {
    if (!this.tracker) throw new PlanError('plan', 'no plan loaded yet: call load(bars, plan) first');
    return this.tracker;
  }
}

/**
 * Checks a plan before anything is replaced. ChartSession takes plans already parsed; plan
 * text here means the caller wanted EngineSession.
 */
function requireSpec(plan: PlanSpec): PlanSpec {
  if (!isSpec(plan)) {
    throw new PlanError(
      'plan',
      'plan: this session takes a parsed plan (a PlanSpec, from parsePlan); for plan text use EngineSession',
    );
  }
  validatePlan(plan);
  return plan;
}

/** ChartSession that also takes CSV text and the plan's text form (the Node entry point). */
export class EngineSession extends ChartSession {
  override load(
    bars: Bar[] | BarColumns | string,
    plan: PlanText | PlanSpec,
    settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS,
  ): Overlay {
    const spec = isSpec(plan) ? plan : parsePlan(plan);
    return super.load(typeof bars === 'string' ? parseBarColumnsCsv(bars) : bars, spec, settings);
  }

  override setPlan(plan: PlanText | PlanSpec): Overlay {
    return super.setPlan(isSpec(plan) ? plan : parsePlan(plan));
  }
}

export interface LabSessionOptions {
  /**
   * Lets pending messages (a cancel) through between slices of a long backtest. The lab worker
   * passes a macrotask (setTimeout 0); the engine itself knows no timers.
   */
  pause?: () => Promise<void>;
}

/**
 * The backtest lab behind one object: what engine/lab-worker.ts exposes through comlink, and
 * what the lab view runs on the page's thread when no worker can start.
 */
export class LabSession {
  private current = { aborted: false };

  constructor(private readonly options: LabSessionOptions = {}) {}

  /**
   * Runs the lab's request over `bars`, reporting progress; `cancel()` stops it between slices
   * with a BacktestCancelled error.
   */
  async backtest(
    bars: Bar[],
    request: LabRequest,
    onProgress?: (p: BacktestProgress) => void,
  ): Promise<LabReport> {
    validateBars(bars);
    const signal = { aborted: false };
    this.current = signal;
    return runLabAsync(bars, request, { onProgress, signal, pause: this.options.pause });
  }

  /** Stops the running backtest at its next slice. */
  cancel(): void {
    this.current.aborted = true;
  }
}
