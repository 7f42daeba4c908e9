import type { Bar, Overlay, PlanText } from '../../engine/index.js';
import { mount, type WidgetHandle } from '../../widget/index.js';
import { startFeed, type Feed, type FeedEnvironment, type FeedStatus, type Market } from '../feeds/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import type { Theme } from '../storage/settings.js';
import { BarSeries } from './bar-series.js';

export interface LiveSessionOptions {
  market: Market;
  timeframe: Timeframe;
  el: HTMLElement;
  theme: Theme;
  chartHeight: number;
  workerUrl: string;
  pollMs: number;
  env: FeedEnvironment;
  /** The plan to draw once history is in; asked for then, because a draft needs the last price. */
  planFor(lastClose: number | null): PlanText;
  onStatus(status: FeedStatus): void;
  /** `key` is the same for every repeat of one feed problem: replace the notice, do not stack it. */
  onWarning(message: string, key?: string): void;
  onOverlay(overlay: Overlay | null, bars: BarSeries): void;
  /** The trader dragged a level on the chart: the plan as the widget now draws it. */
  onPlanDragged(plan: PlanText): void;
  onError(message: string): void;
}

/**
 * One symbol's live chart in the panel: the feed's bars go into the widget (engine in its
 * worker), and every recomputed overlay goes back to the panel for the table, the alerts and
 * the mirror. Updates are chained so overlays arrive in bar order.
 */
export class LiveSession {
  readonly bars = new BarSeries();
  private feed: Feed | null = null;
  private widget: WidgetHandle | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private plan: PlanText | null = null;
  private chartHeight: number;

  constructor(private readonly options: LiveSessionOptions) {
    this.chartHeight = options.chartHeight;
  }

  start(): void {
    const o = this.options;
    this.feed = startFeed(
      o.market,
      o.timeframe,
      o.env,
      {
        onHistory: (bars) => this.enqueue(() => this.history(bars)),
        onBar: (bar) => this.enqueue(() => this.bar(bar)),
        onStatus: (status) => o.onStatus(status),
        onWarning: (message, key) => o.onWarning(message, key),
      },
      o.pollMs,
    );
  }

  /** Redraws with another plan (saved, edited, or the draft again). */
  setPlan(plan: PlanText): Promise<void> {
    return this.enqueue(async () => {
      this.plan = plan;
      if (!this.widget) return;
      const overlay = await this.widget.setPlan(plan);
      this.report(overlay);
    });
  }

  /**
   * The panel was resized: the widget's chart height is fixed at mount, so it is mounted again
   * over the same bars and plan (the engine recomputes the same overlay; no alert repeats).
   */
  resize(chartHeight: number): Promise<void> {
    if (Math.abs(chartHeight - this.chartHeight) < 24) return Promise.resolve();
    this.chartHeight = chartHeight;
    return this.enqueue(async () => {
      if (this.widget && this.plan) await this.mountWidget(this.plan);
    });
  }

  overlay(): Overlay | null {
    return this.widget?.getOverlay() ?? null;
  }

  stop(): void {
    this.stopped = true;
    this.feed?.stop();
    this.widget?.destroy();
    this.widget = null;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(() => (this.stopped ? undefined : task()));
    this.chain = next.catch((error: unknown) =>
      this.options.onError(`Chart update failed: ${(error as Error).message}`),
    );
    return next.catch(() => undefined);
  }

  private async history(bars: Bar[]): Promise<void> {
    this.bars.reset(bars);
    if (!bars.length) {
      this.options.onError('The feed returned no bars for this symbol and timeframe yet.');
      return;
    }
    const last = this.bars.last();
    await this.mountWidget(this.options.planFor(last ? last.close : null));
  }

  private async mountWidget(plan: PlanText): Promise<void> {
    this.widget?.destroy();
    this.plan = plan;
    this.widget = mount(this.options.el, {
      bars: this.bars.all(),
      plan,
      mode: 'live',
      theme: this.options.theme,
      height: this.chartHeight,
      workerUrl: this.options.workerUrl,
      form: false,
      compare: false,
      // The panel has no form inside the widget, so a change can only be a drag on the chart.
      onPlanChange: (dragged) => {
        if (this.stopped) return;
        this.plan = dragged;
        this.report(this.widget?.getOverlay() ?? null);
        this.options.onPlanDragged(dragged);
      },
    });
    await this.widget.ready;
    const problem = this.widget.errorMessage();
    if (problem) this.options.onError(problem);
    this.report(this.widget.getOverlay());
  }

  private async bar(bar: Bar): Promise<void> {
    if (!this.bars.apply(bar) || !this.widget) return;
    const overlay = await this.widget.push(bar);
    this.report(overlay);
  }

  private report(overlay: Overlay | null): void {
    if (!this.stopped) this.options.onOverlay(overlay, this.bars);
  }
}
