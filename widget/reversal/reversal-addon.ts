import { proxy, type Remote } from 'comlink';
import { h } from 'preact';
import type { Bar, DecayReading, ModelSummary, PlanSpec, ReversalSession } from '../../engine/index.js';
import type { AddonFactory, AddonHost, WidgetAddon } from '../addons/addon.js';
import { sharedAdaptiveClient, type AdaptiveClient } from '../adaptive/adaptive-client.js';
import { paletteFor } from '../chart/palette.js';
import type { PlanChart } from '../chart/plan-chart.js';
import { ReversalPane } from '../chart/reversal-pane.js';
import { ReversalPanel } from './ReversalPanel.js';

export const REVERSAL_ADDON_ID = 'reversal';
/** The line the probability must cross for a marker (the lab's ml-filter default). */
export const DEFAULT_THRESHOLD = 0.7;

/** `WidgetOptions.reversal` as an object: the model's settings (labels.ts defaults where unset). */
export interface ReversalOptions {
  /** Probability at which a marker is drawn (default 0.7). */
  threshold?: number;
  /** Bars the triple barrier waits (the label's horizon). */
  horizon?: number;
  /** The favourable barrier, in ATR. */
  up?: number;
  /** The adverse barrier, in ATR. */
  down?: number;
}

/** What the panel shows; `status` says which part. */
export interface ReversalView {
  status: 'idle' | 'training' | 'ready' | 'unavailable';
  side: 'long' | 'short';
  threshold: number;
  /** Closed bars the model would train on now. */
  bars: number;
  progress: { fraction: number; stage: string } | null;
  summary: ModelSummary | null;
  decay: DecayReading | null;
  /** p(reversal) at the last closed bar (NaN while the features warm up). */
  p: number;
  /** Why a stored model was not used (it is for the other side), or null; refusals are notices. */
  problem: string | null;
  /** Points and crossing markers in the pane, as lightweight-charts holds them. */
  points: number;
  markers: number;
}

/**
 * The reversal model on the chart's own bars (engine/ml/reversal-session.ts in the adaptive
 * worker): Train with progress and Cancel, the probability as a line in its own pane with
 * markers where it crosses the threshold, the model's age, out-of-sample scores and the decay
 * monitor in the panel. Each closed bar pushed later is scored as it comes (the stream's `add`).
 * In live mode the last bar is still forming: the model sees a bar once the next one starts.
 */
export class ReversalAddon implements WidgetAddon {
  readonly id = REVERSAL_ADDON_ID;
  private readonly settings: ReversalOptions;
  private readonly threshold: number;
  private shared: { client: AdaptiveClient; release(): void } | null = null;
  private unwatch: () => void = () => undefined;
  private pane: ReversalPane | null = null;
  private view_: ReversalView;
  /** The model file in use (JSON), kept to load it into a fresh worker after a Cancel. */
  private model: string | null;
  private times: number[] = [];
  /** Time of the last bar the worker's session has scored (or trained on). */
  private workerLast = -Infinity;
  private p: number[] = [];
  /** Bumped by every Train, Cancel and reload: an answer for an older one is dropped. */
  private generation = 0;
  /** The worker's calls in order (a bar is scored after the load it follows). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: AddonHost) {
    const given = host.options.reversal;
    this.settings = typeof given === 'object' ? given : {};
    const t = this.settings.threshold ?? DEFAULT_THRESHOLD;
    this.threshold = t > 0 && t < 1 ? t : DEFAULT_THRESHOLD;
    if (this.threshold !== t)
      host.notice(`Reversal model: threshold ${t} is not between 0 and 1; using 0.7.`);
    this.model = host.options.reversalModel ?? null;
    this.view_ = {
      status: 'idle',
      side: this.side(),
      threshold: this.threshold,
      bars: 0,
      progress: null,
      summary: null,
      decay: null,
      p: NaN,
      problem: null,
      points: 0,
      markers: 0,
    };
    try {
      this.shared = sharedAdaptiveClient(host);
      this.unwatch = this.shared.client.onFailure((why) => this.unavailable(why));
    } catch (e) {
      this.unavailable(`the adaptive worker did not start (${message(e)})`);
    }
  }

  /** The state the panel draws (and checks read). */
  get state(): ReversalView {
    return this.view_;
  }

  /** The state with the time of the bar `p` was scored at (the last scored), for `reversalState()`. */
  snapshot(): ReversalView & { time: number | null } {
    return { ...this.view_, time: this.times.length ? this.times[this.times.length - 1] : null };
  }

  loaded(): void {
    this.set({ bars: this.closed().length, side: this.side() });
    if (this.model) this.use(this.model);
  }

  chartReady(chart: PlanChart): void {
    this.pane?.remove();
    this.pane = new ReversalPane(chart.chart, paletteFor(this.host.theme()), this.threshold);
    if (this.p.length) {
      this.pane.set(this.times, this.p);
      this.set(this.paneCounts());
    }
  }

  themeChanged(theme: 'light' | 'dark'): void {
    this.pane?.setPalette(paletteFor(theme));
  }

  /** The plan moved (a drag, the form, setPlan): the open trade's state changes, so does its line. */
  planChanged(): void {
    if (!this.view_.summary || this.view_.status === 'training') return;
    const generation = this.generation;
    const plan = this.planCopy();
    this.enqueue(async (rev) => {
      const p = await rev.setPlan(plan);
      if (p === null || generation !== this.generation) return;
      this.p = Array.from(p);
      this.pane?.set(this.times, this.p);
      this.set({ p: p.length ? p[p.length - 1] : NaN, ...this.paneCounts() });
    });
  }

  pushed(_bar: Bar, _overlay: unknown, replaced: boolean): void {
    if (replaced) return; // the forming bar again: the stream takes closed bars only
    this.set({ bars: this.closed().length });
    if (!this.view_.summary || this.view_.status === 'training') return;
    const generation = this.generation;
    this.enqueue((rev) => this.catchUp(rev, generation));
  }

  /**
   * Scores, in order, every closed bar the worker's session has not seen: the bar just closed,
   * or the bars pushed while a model was training or loading (the stream must not skip one).
   */
  private async catchUp(rev: Remote<ReversalSession>, generation: number): Promise<void> {
    const fresh = this.closed().filter((b) => b.time > this.workerLast);
    let p = NaN;
    for (const b of fresh) {
      // A newer load, train or cancel resets the worker's session: leave the bars to it.
      if (generation !== this.generation) return;
      const copy = { ...b };
      p = await rev.add(copy);
      this.workerLast = copy.time;
      this.times.push(copy.time);
      this.p.push(p);
      this.pane?.add(copy.time, p);
    }
    if (fresh.length === 0) return;
    const decay = await rev.decay();
    if (generation === this.generation) this.set({ p, decay, ...this.paneCounts() });
  }

  /** Trains on the closed bars the chart holds, in the worker; progress after each walk-forward model. */
  train(): void {
    if (!this.shared || this.view_.status === 'unavailable') return;
    const generation = ++this.generation;
    const bars = this.closed().map((b) => ({ ...b }));
    const { horizon, up, down } = this.settings;
    const chosen = { side: this.side(), horizon, up, down };
    this.set({ status: 'training', progress: { fraction: 0, stage: 'starting the worker' }, problem: null });
    const progress = proxy((fraction: number, stage: string) => {
      if (generation === this.generation) this.set({ progress: { fraction, stage } });
    });
    this.enqueue(async (rev) => {
      try {
        const result = await rev.train(bars, chosen, progress, this.planCopy());
        const decay = await rev.decay();
        if (generation !== this.generation) return;
        this.model = result.model;
        this.draw(bars, result.p, result.summary, decay);
        this.host.options.onReversalModel?.(result.model, result.summary);
        await this.catchUp(rev, generation);
      } catch (e) {
        if (generation !== this.generation) return;
        this.set({ status: this.view_.summary ? 'ready' : 'idle', progress: null });
        this.refused(e);
      }
    });
  }

  /** Ends the training run at once (the worker is replaced); a model in use before is loaded again. */
  cancel(): void {
    if (!this.shared || this.view_.status !== 'training') return;
    this.generation++;
    this.shared.client.restart();
    this.chain = Promise.resolve();
    this.set({ status: this.view_.summary ? 'ready' : 'idle', progress: null });
    if (this.model) this.use(this.model);
  }

  /** Takes a stored model (the extension's, or the page's) without training; refusals become the notice. */
  loadModel(model: string): void {
    this.model = model;
    this.use(model);
  }

  view() {
    return h(ReversalPanel, { view: this.view_, onTrain: () => this.train(), onCancel: () => this.cancel() });
  }

  /** The pane's contents read back from lightweight-charts (for checks). */
  drawn() {
    return this.pane?.drawn() ?? null;
  }

  destroy(): void {
    this.generation++;
    this.unwatch();
    this.pane?.remove();
    this.pane = null;
    this.shared?.release();
    this.shared = null;
  }

  private use(model: string): void {
    if (!this.shared) return;
    const generation = ++this.generation;
    const bars = this.closed().map((b) => ({ ...b }));
    this.enqueue(async (rev) => {
      try {
        const { summary, p } = await rev.load(model, bars, this.planCopy());
        if (summary.side !== this.side()) {
          if (generation !== this.generation) return;
          this.model = null;
          this.set({
            problem: `The stored model is for ${summary.side}s; train one for this ${this.side()}.`,
          });
          return;
        }
        const decay = await rev.decay();
        if (generation !== this.generation) return;
        this.draw(bars, p, summary, decay);
        await this.catchUp(rev, generation);
      } catch (e) {
        if (generation !== this.generation) return;
        this.model = null;
        this.refused(e);
      }
    });
  }

  private draw(bars: Bar[], p: Float64Array, summary: ModelSummary, decay: DecayReading): void {
    this.times = bars.map((b) => b.time);
    this.p = Array.from(p);
    this.workerLast = bars.length ? bars[bars.length - 1].time : -Infinity;
    this.pane?.set(this.times, this.p);
    const last = p.length ? p[p.length - 1] : NaN;
    this.set({
      status: 'ready',
      progress: null,
      summary,
      decay,
      p: last,
      problem: null,
      ...this.paneCounts(),
    });
  }

  private paneCounts(): { points: number; markers: number } {
    const drawn = this.pane?.drawn();
    return { points: drawn?.points ?? 0, markers: drawn?.markers.length ?? 0 };
  }

  private enqueue(call: (rev: Remote<ReversalSession>) => Promise<void>): void {
    const shared = this.shared;
    if (!shared) return;
    // comlink reaches `remote.reversal.train(…)` by path; its types read a plain property as a value.
    const next = this.chain.then(() =>
      call(shared.client.remote.reversal as unknown as Remote<ReversalSession>),
    );
    this.chain = next.catch((e: unknown) => this.host.notice(`Reversal model: ${message(e)}`));
  }

  /** The engine's refusal in the chart's words (how many bars are needed, not a CLI flag). */
  private refused(e: unknown): void {
    const text = message(e);
    const needed = /needs at least (\d+) bars/.exec(text);
    const shown = needed
      ? `Too few bars to train: the chart has ${this.closed().length} closed bars and the model needs at least ${needed[1]} (features warm up, 300 labelled bars to learn from, the label horizon and an embargo). Load a longer history.`
      : text.replace(/^\w+: /, '');
    // A notice under the widget (the panel keeps its one row): the plan is not concerned.
    this.host.notice(`Reversal model: ${shown}`);
  }

  private unavailable(why: string): void {
    this.generation++;
    this.set({ status: 'unavailable', progress: null, problem: why });
    this.host.notice(`Reversal model: ${why}; the plan works on without it.`);
  }

  private closed(): readonly Bar[] {
    const bars = this.host.bars();
    return this.host.options.mode === 'live' ? bars.slice(0, -1) : bars;
  }

  /** The plan for the worker (comlink copies it): its open trade is scored with its own state. */
  private planCopy(): PlanSpec | null {
    return this.host.plan();
  }

  private side(): 'long' | 'short' {
    return this.host.plan()?.side === 'short' ? 'short' : 'long';
  }

  private set(patch: Partial<ReversalView>): void {
    this.view_ = { ...this.view_, ...patch };
    this.host.changed();
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const reversalAddon: AddonFactory = (host) => new ReversalAddon(host);

/** `loadReversalModel` on a handle: false when the widget has no reversal addon. */
/** `reversalState` on a handle: null when the widget has no reversal addon. */
export function reversalStateOf(addon: WidgetAddon | null): ReturnType<ReversalAddon['snapshot']> | null {
  return addon instanceof ReversalAddon ? addon.snapshot() : null;
}

export function loadReversalModelInto(addon: WidgetAddon | null, model: string): boolean {
  if (!(addon instanceof ReversalAddon)) return false;
  addon.loadModel(model);
  return true;
}
