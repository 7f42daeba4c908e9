import type { Bar, Overlay, PlanText } from '../../engine/index.js';
import { mount, type WidgetHandle } from '../../widget/index.js';
import { bookAddon } from '../../widget/book/book-addon.js';
import type { BookShieldEvent } from '../../widget/book/book-state.js';
import { policyAddon } from '../../widget/policy/policy-addon.js';
import type { BookTop } from '../../engine/index.js';
import {
  startBookFeed,
  startFeed,
  type Feed,
  type FeedEnvironment,
  type FeedStatus,
  trainingHistory,
  type Market,
} from '../feeds/index.js';
import type { Timeframe } from '../shared/timeframe.js';
import type { ExitPolicyStore, ReversalModelStore } from '../storage/model-store.js';
import type { Theme } from '../storage/settings.js';
import { PANEL_BOOK, PANEL_DEPTH_STREAM } from './book-settings.js';
import { FeedBars } from './feed-bars.js';
import { chartModels, type ChartModels } from './journal-controller.js';

/** How the widget titles an engine PlanError (widget/errors.ts describeError). */
const PLAN_REFUSED = 'The exit plan is not valid: ';
/**
 * The reversal model's strip under the chart (one row until a model is trained): the chart
 * gives it this much of its height, so the widget's box stays inside the panel's fold.
 */
const REVERSAL_STRIP_PX = 48;
/** The exit policy's folded line under the chart (regime, exit logic, action, Train), as the book's. */
const POLICY_STRIP_PX = 30;

export interface LiveSessionOptions {
  market: Market;
  timeframe: Timeframe;
  el: HTMLElement;
  theme: Theme;
  chartHeight: number;
  workerUrl: string;
  /** The extension's adaptive worker (adaptive-worker.js), for the reversal model and the policy. */
  adaptiveWorkerUrl?: string;
  /** Where the reversal model of this market and timeframe is kept: loaded at open, a trained one stored. */
  models?: ReversalModelStore;
  /** Where the exit policy trained for this market and timeframe is kept: loaded at open, a trained one stored. */
  policies?: ExitPolicyStore;
  pollMs: number;
  env: FeedEnvironment;
  /** The plan to draw once history is in; asked for then, because a draft needs the last price. */
  planFor(lastClose: number | null): PlanText;
  onStatus(status: FeedStatus): void;
  /** `key` is the same for every repeat of one feed problem: replace the notice, do not stack it. */
  onWarning(message: string, key?: string): void;
  onOverlay(overlay: Overlay | null, bars: FeedBars): void;
  /**
   * The engine refused the plan it was first asked to draw (a PlanError: an entry outside its
   * bar, a stop that needs more history): `message` says what to change. Returns another plan
   * to draw instead (so the chart still shows), or null to leave the widget's error box.
   */
  onPlanRefused(plan: PlanText, message: string): PlanText | null;
  /** The trader dragged a level on the chart: the plan as the widget now draws it. */
  onPlanDragged(plan: PlanText): void;
  onError(message: string): void;
  /** A book shield fired on the live order book (Binance markets only). */
  onShield?(event: BookShieldEvent): void;
}

/**
 * One symbol's live chart in the panel: the feed's bars go into the widget (engine in its
 * worker), and every recomputed overlay goes back to the panel for the table, the alerts and
 * the mirror. Updates are chained so overlays arrive in bar order.
 */
export class LiveSession {
  readonly bars = new FeedBars();
  private feed: Feed | null = null;
  private bookFeed: Feed | null = null;
  private lastTop: BookTop | null = null;
  /**
   * The book starts folded to its one line (live state, spread, imbalance, each shield): the
   * chart and the plan come first in a 660 px panel, a shield's firing arrives as an alert, and
   * a click unfolds it; kept here so a re-mount (resize) keeps the trader's choice.
   */
  private bookFolded = true;
  private widget: WidgetHandle | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private plan: PlanText | null = null;
  private chartHeight: number;
  /** The reversal model in use (stored, or trained since open): a remount (resize) keeps it. */
  private reversalModel: string | undefined;
  /** The stored or trained exit policy (undefined: not read yet, null: none); a remount keeps it. */
  private policy: { policy: string; label: string } | null | undefined;
  /** The policy strip starts folded to its one line, as the book does; a remount keeps the trader's choice. */
  private policyFolded = true;

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
    // The order book beside the bars; updates go straight to the widget (no chain: a book
    // update draws no plan), and are dropped while no widget is mounted. The feed's stale time
    // is the panel's (a socket four times that silent is replaced, trades backfilled).
    this.bookFeed = startBookFeed(
      o.market,
      o.env,
      {
        onTop: (top) => {
          this.lastTop = top;
          this.widget?.pushBook({ top });
        },
        onTrade: (trade) => this.widget?.pushBook({ trades: [trade] }),
        onDepth: (depth) => this.widget?.pushBook({ depth }),
        onStatus: (status) => {
          if (status.state === 'failed') o.onWarning(`Order book: ${status.reason}`, 'book:failed');
        },
        onWarning: (message, key) => o.onWarning(message, key),
      },
      PANEL_BOOK.staleSeconds * 1000,
      PANEL_DEPTH_STREAM,
    );
  }

  /** What the chart's reversal model and policy addon show now, for the journal. */
  models(): ChartModels {
    return chartModels(this.widget);
  }

  /** The live book's best bid and ask (Binance markets, once the book has spoken), for the journal. */
  quote(): { bid: number; ask: number } | null {
    return this.lastTop ? { bid: this.lastTop.bidPrice, ask: this.lastTop.askPrice } : null;
  }

  /**
   * Redraws with another plan (saved, edited, or the draft again). Rejects when the engine
   * refuses it (the chart keeps the last good plan), so the caller can show why next to the form.
   */
  setPlan(plan: PlanText): Promise<void> {
    const next = this.chain.then(async () => {
      if (this.stopped || !this.widget) {
        this.plan = plan;
        return;
      }
      const overlay = await this.widget.setPlan(plan);
      this.plan = plan;
      this.report(overlay);
    });
    this.chain = next.catch(() => undefined);
    return next;
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
    this.bookFeed?.stop();
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
    await this.loadReversalModel();
    await this.loadPolicy();
    const last = this.bars.last();
    const plan = this.options.planFor(last ? last.close : null);
    const refused = await this.mountWidget(plan);
    if (this.stopped || refused === null) return;
    const instead = this.options.onPlanRefused(plan, refused);
    const again = instead ? await this.mountWidget(instead) : refused;
    if (again !== null) this.options.onError(`The exit plan is not valid: ${again}`);
  }

  /** Mounts the widget on the bars with `plan`; returns the engine's reason when it refused the plan. */
  private async mountWidget(plan: PlanText): Promise<string | null> {
    const o = this.options;
    this.widget?.destroy();
    this.plan = plan;
    this.widget = mount(this.options.el, {
      bars: this.bars.all(),
      plan,
      mode: 'live',
      theme: this.options.theme,
      height: Math.max(170, this.chartHeight - REVERSAL_STRIP_PX - POLICY_STRIP_PX),
      workerUrl: this.options.workerUrl,
      adaptiveWorkerUrl: this.options.adaptiveWorkerUrl,
      form: false,
      compare: false,
      legend: false, // the panel lists the levels once, in its own table
      reversal: true,
      reversalModel: this.reversalModel,
      onReversalModel: (model) => void this.storeReversalModel(model),
      // The regime band, the regime's exit logic and the policy's action now (widget/policy/);
      // the plan's own policy=learned:<url> or policy=adaptive answers first, then the stored one.
      addons: this.bookFeed ? [bookAddon, policyAddon] : [policyAddon],
      policy: {
        stored: this.policy ?? undefined,
        onTrained: (policy: string) => void this.storePolicy(policy),
        trainBars: () => trainingHistory(o.market, o.timeframe, o.env, this.bars.all()),
        folded: this.policyFolded,
        onFold: (folded: boolean) => void (this.policyFolded = folded),
      },
      // The order book panel, for markets with a public book stream.
      ...(this.bookFeed && {
        book: {
          ...PANEL_BOOK,
          folded: this.bookFolded,
          onFold: (folded: boolean) => void (this.bookFolded = folded),
          onShield: (event: BookShieldEvent) => void (!this.stopped && this.options.onShield?.(event)),
        },
      }),
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
    if (problem && !problem.startsWith(PLAN_REFUSED)) this.options.onError(problem);
    this.report(this.widget.getOverlay());
    return problem?.startsWith(PLAN_REFUSED) ? problem.slice(PLAN_REFUSED.length) : null;
  }

  private marketKey(): string {
    const m = this.options.market;
    return `${m.feed}${m.feed === 'binance' ? `-${m.market}` : ''}:${m.symbol}`;
  }

  private async loadReversalModel(): Promise<void> {
    const store = this.options.models;
    if (!store || this.reversalModel !== undefined) return;
    try {
      const { model, problem } = await store.load(this.marketKey(), this.options.timeframe.label);
      if (model) this.reversalModel = model.model;
      if (problem)
        this.options.onWarning(
          `The stored reversal model was not used: ${problem}. Train a new one.`,
          'model',
        );
    } catch (error) {
      this.options.onWarning(
        `Could not read the stored reversal model: ${(error as Error).message}`,
        'model',
      );
    }
  }

  private async storeReversalModel(model: string): Promise<void> {
    this.reversalModel = model;
    try {
      await this.options.models?.save(this.marketKey(), this.options.timeframe.label, model);
    } catch (error) {
      this.options.onWarning(`The reversal model was not stored: ${(error as Error).message}`, 'model');
    }
  }

  private async loadPolicy(): Promise<void> {
    const store = this.options.policies;
    if (!store || this.policy !== undefined) return;
    this.policy = null;
    try {
      const { model, problem } = await store.load(this.marketKey(), this.options.timeframe.label);
      if (model) this.policy = { policy: model.model, label: storedLabel(model.savedAt) };
      if (problem)
        this.options.onWarning(`The stored exit policy was not used: ${problem}. Train a new one.`, 'policy');
    } catch (error) {
      this.options.onWarning(`Could not read the stored exit policy: ${(error as Error).message}`, 'policy');
    }
  }

  private async storePolicy(policy: string): Promise<void> {
    try {
      const record = await this.options.policies?.save(
        this.marketKey(),
        this.options.timeframe.label,
        policy,
      );
      this.policy = { policy, label: storedLabel(record?.savedAt ?? Date.now()) };
    } catch (error) {
      this.options.onWarning(`The exit policy was not stored: ${(error as Error).message}`, 'policy');
    }
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

/** The badge of a stored policy: when it was trained here (UTC, as the bar times are). */
const storedLabel = (savedAt: number): string =>
  `trained here ${new Date(savedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
