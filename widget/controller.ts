import {
  DEFAULT_MAX_BARS,
  formatPlan,
  isPlanSpec,
  parsePlan,
  type Bar,
  type BarColumns,
  type IntrabarRule,
  type Overlay,
  type PlanSpec,
  type PlanText,
} from '../engine/index.js';
import { paletteFor } from './chart/palette.js';
import { PlanChart } from './chart/plan-chart.js';
import type { AddonHost } from './addons/addon.js';
import { AddonSet } from './addons/addon-set.js';
import { CompareTwin, compareResult } from './compare-session.js';
import { beginEngine, type EngineApi, type EngineClient, type EngineStart } from './engine-client.js';
import { WidgetError, describeError } from './errors.js';
import { chartWindow, readBarsSource } from './load-bars.js';
import { announcePlan, planWithLevelAt } from './plan-edit.js';
import { withEntryDefault } from './plan-input.js';
import { overlayAfterTick } from './tick-delta.js';
import { afterNextFrame, mark } from './timing.js';
import { replayStartIndex, type ReplayDriver } from './replay-driver.js';
import { TaskQueue } from './task-queue.js';
import { IndicatorCache } from './indicator-cache.js';
import { pushReplacesLast, validatePushedBar } from './pushed-bar.js';
import { BarDrivers } from './bar-drivers.js';
import { ChartLink } from './chart-link.js';
import { pickSource, type EarlyEngine } from './data-sources.js';
import { resolveTheme, watchSystemTheme } from './theme.js';
import { ViewStore, type ViewState } from './view-store.js';
import type { WidgetOptions } from './types.js';

export type { ViewState } from './view-store.js';

/**
 * One widget's life: loads bars, runs the engine (worker or fallback), feeds the chart and
 * publishes a ViewState for the panels. Engine calls are chained so results apply in order.
 */
export class WidgetController {
  private readonly store: ViewStore;
  /** The chart and the element it draws into (the view reads the drawn state and precision from it). */
  readonly charts = new ChartLink((host) => this.buildChart(host));
  private engine: EngineClient | null = null;
  private readonly compare: CompareTwin;

  private spec: PlanSpec | null = null;
  private bars: Bar[] = [];
  /** Every bar of the file, as columns, when the page holds only the chart's window as objects (the comparison loads them all). */
  private allColumns: BarColumns | null = null;
  private pushedSinceColumns: Bar[] = [];
  private readonly queue = new TaskQueue();
  /** The replay or the live feed that brings bars in after the first load. */
  private readonly drivers: BarDrivers;
  private readonly indicators = new IndicatorCache();
  /** The features riding on this widget (widget/addons/): the App renders their views, handle methods find them by id. */
  readonly addons: AddonSet;
  private destroyed = false;
  private readonly abort = new AbortController();
  private readonly unwatchTheme: () => void;
  private resolveReady: () => void = () => undefined;
  readonly ready: Promise<void>;

  constructor(private readonly options: WidgetOptions) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.store = new ViewStore(options);
    this.compare = new CompareTwin(this.engineStart(), this.intrabar, (aiao) => {
      const scaled = this.state.overlay;
      this.store.setSoon({ compare: aiao && scaled ? compareResult(scaled, aiao) : null });
    });
    this.addons = new AddonSet(options.addons ?? [], this.addonHost(), (m) => this.store.notice(m));
    this.drivers = new BarDrivers(options, {
      isDestroyed: () => this.destroyed,
      isReady: () => this.state.phase === 'ready',
      hasBars: () => this.bars.length > 0,
      load: (bars) => this.load(bars),
      loadColumns: (columns, early) => this.loadColumns(columns, early),
      queueLoad: (bars) => void this.queue.fire(() => this.load(bars), this.failure),
      reload: (initial) => this.reloadForRestart(initial),
      push: (bar) => void this.push(bar).catch(this.failure),
      setState: (patch) => this.setState(patch),
    });
    this.unwatchTheme =
      options.theme === 'auto' || !options.theme
        ? watchSystemTheme(() => this.applyTheme())
        : () => undefined;
  }

  /** What the addons may read and call (widget/addons/addon.ts). */
  private addonHost(): AddonHost {
    return {
      options: this.options,
      chart: () => this.chart,
      bars: () => this.bars,
      overlay: () => this.state.overlay,
      plan: () => this.spec,
      theme: () => this.state.theme,
      changed: () => this.store.setSoon({ addonsVersion: this.state.addonsVersion + 1 }),
      notice: (message) => this.store.notice(message),
    };
  }

  get state(): ViewState {
    return this.store.state;
  }

  subscribe(listener: (s: ViewState) => void): () => void {
    return this.store.subscribe(listener);
  }

  /** The chart's element exists: draw into it (now, or when the data arrives). */
  attachChart(host: HTMLElement): void {
    // The chart is built once the bars have arrived and the engine is working on them (see
    // load): built earlier, its set-up and first paint would hold up this thread while the
    // response body streams in, and it would paint an empty chart once for nothing.
    if (this.charts.attach(host) && this.state.phase === 'ready') this.drawAll();
  }

  private buildChart(host: HTMLElement): PlanChart {
    return new PlanChart(
      host,
      paletteFor(this.state.theme),
      {
        move: (id, price) => this.chart?.previewLevel(id, price),
        drop: (id, price) => void this.dragLevel(id, price),
      },
      this.options.maxBars ?? DEFAULT_MAX_BARS,
    );
  }

  private get chart(): PlanChart | null {
    return this.charts.current;
  }

  detachChart(): void {
    this.charts.detach();
  }

  async start(): Promise<void> {
    try {
      mark('start');
      const source = pickSource(this.options, (bars) => replayStartIndex(bars, this.options));
      const fetched = source.readsBars
        ? readBarsSource(this.options, this.abort.signal).then((r) => {
            mark('bars-parsed');
            return r;
          })
        : Promise.resolve(null);
      const starting = beginEngine(this.engineStart());
      const started = starting.ready.then((engine) => {
        mark('engine-started');
        this.engine = engine;
        if (this.destroyed) engine.close();
        else this.setState({ engineMode: engine.mode, engineNote: engine.fallbackReason });
        return engine;
      });
      // Awaited by the source, or left when the file fails first (its message is the one shown).
      started.catch(() => undefined);
      const loaded = await fetched;
      if (this.destroyed) return;
      await source.start(this.drivers.host(), loaded, { early: starting.early, started });
    } catch (e) {
      this.fail(e);
    }
  }

  /** Live, ticks are played as they come (a level a tick crosses is hit at once); else the bar rule. */
  private get intrabar(): IntrabarRule {
    return this.options.mode === 'live' ? 'ticks' : 'bars';
  }

  private engineStart(): EngineStart {
    return {
      workerUrl: this.options.workerUrl ?? null,
      scriptUrl: this.options.engineScriptUrl ?? null,
      session: this.options.engineSession,
    };
  }

  /** Parses on this thread first so a bad plan is reported at once, with the engine's own message. */
  private toSpec(plan: PlanText | PlanSpec): PlanSpec {
    return isPlanSpec(plan) ? plan : parsePlan(plan);
  }

  /**
   * A file's bars, parsed into columns on this thread: the engine gets all of them (a few typed
   * arrays to copy to the worker), the page makes objects only for the chart's window.
   */
  private async loadColumns(all: BarColumns, early: EarlyEngine | null): Promise<void> {
    const spec = this.toSpec(withEntryDefault(this.options.plan, all));
    const bars = chartWindow(all, spec.entryTime, (this.options.maxBars ?? DEFAULT_MAX_BARS) + 200);
    await this.load(bars, all, spec, early);
  }

  /**
   * `bars`: what this page keeps and draws; `all`: every bar of the file as columns, when the
   * page keeps only the chart's window of it (the engine loads those).
   */
  private async load(
    bars: Bar[],
    all: BarColumns | null = null,
    spec: PlanSpec = this.toSpec(withEntryDefault(this.options.plan, all ?? bars)),
    early: EarlyEngine | null = null,
  ): Promise<void> {
    if (bars.length === 0)
      throw new WidgetError(
        'bars',
        'The data has a header but no bars. Give at least one row of time,open,high,low,close.',
      );
    const { bbPeriod, bbK, rsiPeriod } = this.state.indicators;
    const settings = { bbPeriod, bbK, rsiPeriod };
    // Both requests go out at once: the worker answers them in order, one round trip saved.
    // The indicator columns come only for the bars this page holds.
    const send = (api: EngineApi) => {
      const requests = [
        api.load(all ?? bars, spec, settings, this.intrabar),
        api.indicatorSeries(settings, bars[0].time),
      ] as const;
      for (const request of requests) request.catch(() => undefined);
      return requests;
    };
    let [overlayP, columnsP] = send(early?.api ?? this.requireEngine().api);
    // While the engine works out the plan, this thread draws the candles: the chart's first
    // frame (~100 ms of cold drawing code here) then happens before the plan arrives, not after.
    this.charts.ensure()?.setBars(bars, spec.entryTime ?? null, null);
    mark('candles');
    // Bars sent before the worker answered count only if the worker is the engine after all.
    const engine = early ? await early.ready : this.requireEngine();
    if (this.destroyed) return;
    if (early && engine.api !== early.api) [overlayP, columnsP] = send(engine.api);
    const overlay = await overlayP;
    // Removed while the engine worked: nothing more may start (the comparison's worker).
    if (this.destroyed) return;
    mark('engine-loaded');
    // The plan is drawn as soon as it is here; the bands and RSI, which the engine works out
    // after it, join a frame later at the earliest (drawAll), so they never hold the plan up.
    this.indicators.expect(columnsP);
    this.allColumns = all;
    this.pushedSinceColumns = [];
    this.finishLoad(spec, bars, overlay);
  }

  private finishLoad(spec: PlanSpec, bars: Bar[], overlay: Overlay): void {
    this.spec = spec;
    this.bars = bars.slice();
    this.setState({
      phase: 'ready',
      overlay,
      planText: formatPlan(spec),
      lastBar: bars[bars.length - 1] ?? null,
      error: null,
    });
    this.drawAll();
    this.rebuildCompare();
    this.addons.loaded(this.bars, overlay);
  }

  private requireEngine(): EngineClient {
    if (!this.engine)
      throw new WidgetError(
        'engine',
        'The engine has not started yet. Wait for `ready` before pushing bars.',
      );
    return this.engine;
  }

  private drawAll(): void {
    if (!this.charts.attached || this.state.phase !== 'ready' || !this.state.overlay) return;
    const chart = this.charts.ensure();
    if (!chart) return;
    chart.setBars(this.bars, this.state.overlay.state.entryTime, this.state.overlay.state.exitTime);
    chart.setOverlay(this.state.overlay);
    if (this.charts.isNew(chart)) this.addons.chartReady(chart);
    // `ready` means the plan is drawn on the candles. The bands and RSI (five more series
    // over every bar) follow after that first frame, so the plan shows up first.
    mark('drawn');
    this.resolveReady();
    afterNextFrame(() => {
      if (this.chart !== chart) return;
      const columns = this.indicators.ready;
      if (columns) chart.setIndicators(columns, this.state.indicators);
      else this.setIndicatorsShown({});
    });
  }

  /** `push(bar)`: same time as the last bar replaces it, a later time appends, an earlier one is refused. */
  push(bar: Bar): Promise<Overlay | null> {
    return this.queue.run(() => this.applyPush(bar));
  }

  private async applyPush(bar: Bar): Promise<Overlay | null> {
    if (this.destroyed) return null;
    validatePushedBar(bar);
    const engine = this.requireEngine();
    const last = this.bars[this.bars.length - 1];
    const replace = pushReplacesLast(bar, last, this.state.phase);
    if (replace) this.bars[this.bars.length - 1] = bar;
    else this.bars.push(bar);
    if (this.allColumns !== null) this.pushedSinceColumns.push(bar);
    // The columns from load() go stale with every push; the next toggle asks the engine again.
    this.indicators.invalidate();
    // Only the trail's change comes back: the reply stays small however long the session runs.
    const delta = await engine.api.tickDelta(bar);
    if (this.destroyed) return null;
    const { point } = delta;
    const overlay = overlayAfterTick(this.state.overlay?.trail ?? [], delta);
    const maxBars = this.options.maxBars ?? DEFAULT_MAX_BARS;
    // A redrawn window has no bands or RSI until the engine is asked for them again.
    if (this.charts.drawTick(this.bars, bar, overlay, point, maxBars)) this.setIndicatorsShown({});
    this.store.setSoon({ overlay, lastBar: bar });
    this.compare.push(bar);
    this.addons.pushed(bar, overlay, replace);
    return overlay;
  }

  /** `byReader`: a drag or the form, whose errors stay in the form and whose result goes to onPlanChange. */
  setPlan(plan: PlanText | PlanSpec, byReader = false): Promise<Overlay | null> {
    return this.queue.run(async () => {
      const engine = this.requireEngine();
      let spec: PlanSpec;
      let overlay: Overlay;
      try {
        spec = this.toSpec(withEntryDefault(plan, this.bars));
        overlay = await engine.api.setPlan(spec);
      } catch (e) {
        if (byReader) {
          // A reader's typo keeps the last good plan on screen; the form says what to fix.
          this.setState({ formError: describeError(e).detail });
          return null;
        }
        throw e;
      }
      this.spec = spec;
      this.chart?.setOverlay(overlay);
      this.setState({ overlay, planText: formatPlan(spec), formError: null });
      this.rebuildCompare();
      this.addons.planChanged(overlay);
      if (byReader && this.options.onPlanChange) announcePlan(this.options.onPlanChange, spec, overlay);
      return overlay;
    });
  }

  private async dragLevel(id: string, price: number): Promise<void> {
    if (!this.spec) return;
    const next = planWithLevelAt(this.spec, id, price);
    await this.setPlan(next, true);
    // A rejected drag (say, the stop dragged past the entry) snaps the line back.
    if (this.state.formError && this.state.overlay) this.chart?.setOverlay(this.state.overlay);
  }

  setIndicatorsShown(show: { bb?: boolean; rsi?: boolean }): void {
    const indicators = { ...this.state.indicators, ...show };
    this.setState({ indicators });
    void this.queue.fire(async () => {
      const { bbPeriod, bbK, rsiPeriod } = indicators;
      const columns = await this.indicators.get(
        () => this.requireEngine().api,
        { bbPeriod, bbK, rsiPeriod },
        this.bars[0]?.time,
      );
      this.chart?.setIndicators(columns, this.state.indicators);
    }, this.failure);
  }

  private applyTheme(): void {
    const theme = resolveTheme(this.options.theme ?? 'auto');
    if (theme === this.state.theme) return;
    this.setState({ theme });
    this.chart?.setPalette(paletteFor(theme));
    this.addons.themeChanged(theme);
  }

  /** The replay's controls (widget/replay-driver.ts: the rest of the file pushed bar by bar, like a live feed), when replaying. */
  get replayDriver(): ReplayDriver | null {
    return this.drivers.replayDriver;
  }

  private reloadForRestart(bars: Bar[]): Promise<void> {
    const spec = this.spec;
    const entryTime = spec?.entryTime ?? this.state.overlay?.state.entryTime ?? undefined;
    return this.queue.fire(async () => {
      // A fresh chart: the old one's series still reach the replay's last bar, and the chart
      // would keep its view that far right of the restarted candles.
      this.charts.drop();
      await this.load(bars, null, spec ? { ...spec, entryTime } : undefined);
    }, this.failure);
  }

  /** Starts (or restarts) the all-in-all-out twin on the bars as they are now. */
  private rebuildCompare(): void {
    if (this.destroyed || this.options.compare === false || !this.spec) return;
    // The page may hold only the chart's window: the comparison gets the whole file, then what was pushed since.
    const source = () =>
      this.allColumns === null
        ? { bars: this.bars.slice() }
        : { columns: this.allColumns, pushed: this.pushedSinceColumns.slice() };
    if (!this.compare.rebuild(this.spec, this.state.overlay, source)) this.setState({ compare: null });
  }

  getOverlay(): Overlay | null {
    return this.state.phase === 'ready' ? this.state.overlay : null;
  }

  /** fail, bound: the error handler of work nobody awaits. */
  private readonly failure = (e: unknown): void => this.fail(e);

  private fail(e: unknown): void {
    if (this.destroyed) return;
    if (e instanceof DOMException && e.name === 'AbortError') return;
    this.drivers.stop();
    this.detachChart();
    this.setState({ phase: 'error', error: describeError(e), overlay: null });
    this.resolveReady();
  }

  destroy(): void {
    this.destroyed = true;
    this.abort.abort();
    this.drivers.stop();
    this.unwatchTheme();
    this.detachChart();
    this.engine?.close();
    this.compare.close();
    this.addons.destroy();
    this.store.close();
  }

  private setState(patch: Partial<ViewState>): void {
    this.store.set(patch);
  }
}
