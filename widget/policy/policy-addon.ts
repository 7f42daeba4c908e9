import { proxy, type Remote } from 'comlink';
import { h } from 'preact';
import type { ActionNow, Bar, PolicySession, PolicySummary, RegimeNow } from '../../engine/index.js';
import { sharedAdaptiveClient, type AdaptiveClient } from '../adaptive/adaptive-client.js';
import type { AddonFactory, AddonHost, WidgetAddon } from '../addons/addon.js';
import type { PlanChart } from '../chart/plan-chart.js';
import { PolicyPanel } from './PolicyPanel.js';
import { RegimeBand, regimeOfColor } from './regime-band.js';

/** `WidgetOptions.policy`: learn a policy on the chart's bars, or play a saved policy file. */
export interface PolicyOptions {
  /** Train in the adaptive worker on the chart's bars (20-bar breakouts, the first 90% of the bars). */
  train?: boolean;
  /** URL of a policy file (exitplan learn policy --out); the plan's policy=learned:<url> does the same. */
  url?: string;
  /** A policy file's JSON text kept by the page (as `onTrained` gave it), used without training. */
  stored?: { policy: string; label: string };
  /** A page that keeps policies: the panel gets a Train button, and each trained file comes here. */
  onTrained?: (policy: string, summary: PolicySummary) => void;
  /** The bars Train learns on (the page may hold more history than the chart shows); default the chart's. */
  trainBars?: () => Promise<readonly Bar[]>;
  /** Start folded to one line (regime, action, Train); a click unfolds it. */
  folded?: boolean;
  onFold?: (folded: boolean) => void;
}

export const POLICY_ADDON_ID = 'policy';

export type PolicyStatus = 'idle' | 'training' | 'loading' | 'ready' | 'cancelled' | 'error';

/** What the panel shows, and what `policyState()` on a handle returns (with the band read back). */
export interface PolicyWidgetState {
  status: PolicyStatus;
  progress: number;
  stage: string;
  regime: RegimeNow | null;
  /** Who answers for the open trade: a learned table, the regime matrix (policy=adaptive), or nobody. */
  policy: 'learned' | 'adaptive' | null;
  /** Where the learned table came from: trained on the chart, or the file's URL. */
  source: string | null;
  action: ActionNow | null;
  error: string | null;
}

/**
 * The exit policy addon: the regime of every bar as a band under the candles, the current
 * regime with the exit logic it picks, and, when a policy is there (trained in the adaptive
 * worker on the chart's bars, or a saved file), its action for the open trade now with its
 * advantage over Hold in R. Everything is computed in the adaptive worker (remote.policy:
 * engine/ml/policy/policy-session.ts); Cancel ends the worker (the client's restart()).
 */
export class PolicyAddon implements WidgetAddon {
  readonly id = POLICY_ADDON_ID;
  private readonly band = new RegimeBand();
  private shared: { client: AdaptiveClient; release(): void } | null = null;
  private readonly state: PolicyWidgetState = {
    status: 'idle',
    progress: 0,
    stage: '',
    regime: null,
    policy: null,
    source: null,
    action: null,
    error: null,
  };
  private regimes: Uint8Array = new Uint8Array(0);
  private regimeBars: readonly Bar[] = [];
  /** Bumped by Cancel and by each new job, so an answer from an ended worker is dropped. */
  private generation = 0;
  private loadedUrl: string | null = null;
  private storedTried = false;
  private folded: boolean;
  private busy = false;
  private again = false;
  private destroyed = false;

  constructor(private readonly host: AddonHost) {
    this.folded = host.options.policy?.folded === true;
  }

  loaded(): void {
    this.begin();
  }

  pushed(): void {
    void this.refresh();
  }

  planChanged(): void {
    this.begin();
  }

  chartReady(chart: PlanChart): void {
    this.band.attach(chart.chart);
    this.band.draw(this.regimeBars, this.regimes);
  }

  view() {
    const drawn = this.band.drawn();
    return h(PolicyPanel, {
      state: this.state,
      // The band as drawn, read back (a regime code per bar, and its last bar's time): what checks outside the page read.
      band: drawn.map((p) => regimeOfColor(p.color)).join(''),
      bandLast: drawn[drawn.length - 1]?.time ?? 0,
      onCancel: () => this.cancel(),
      onTrain: () => void this.train(),
      trainable: this.host.options.policy?.onTrained !== undefined,
      folded: this.host.options.policy?.onFold ? this.folded : undefined,
      onFold: (folded: boolean) => {
        this.folded = folded;
        this.host.options.policy?.onFold?.(folded);
        this.host.changed();
      },
    });
  }

  /** The panel's state with the band as drawn on the chart (its regime per bar, read back from its colours). */
  snapshot(): PolicyWidgetState & { band: { time: number; regime: number }[] } {
    return {
      ...this.state,
      band: this.band.drawn().map((p) => ({ time: p.time, regime: regimeOfColor(p.color) })),
    };
  }

  destroy(): void {
    this.destroyed = true;
    this.generation++;
    this.band.detach();
    this.shared?.release();
    this.shared = null;
  }

  private client(): AdaptiveClient | null {
    if (this.shared === null) {
      try {
        this.shared = sharedAdaptiveClient(this.host);
      } catch (e) {
        this.fail(e);
        return null;
      }
    }
    return this.shared.client;
  }

  /** Picks the policy the options and the plan ask for, then answers. */
  private begin(): void {
    const ref = this.host.plan()?.policy;
    const options = this.host.options.policy;
    const url = ref?.kind === 'learned' ? ref.file : (options?.url ?? null);
    if (url !== null) {
      if (url !== this.loadedUrl) void this.load(url);
      else void this.refresh();
    } else if (options?.stored && !this.storedTried && ref?.kind !== 'adaptive') {
      // Once: after a Cancel or a plan's own file the stored one is not forced back in; a plan
      // that names policy=adaptive gets the regime matrix it asked for, not the stored table.
      this.storedTried = true;
      void this.load(null, options.stored);
    } else if (options?.train && this.state.status === 'idle') void this.train();
    else void this.refresh();
  }

  private async train(): Promise<void> {
    const client = this.client();
    if (!client) return;
    const generation = ++this.generation;
    this.set({ status: 'training', progress: 0, stage: 'starting', error: null });
    try {
      const bars = (await this.host.options.policy?.trainBars?.()) ?? this.host.bars();
      if (generation !== this.generation) return;
      const result = await remotePolicy(client).train(
        bars,
        proxy((progress: number, stage: string) => {
          if (generation === this.generation) this.set({ progress, stage });
        }),
      );
      if (generation !== this.generation) return;
      this.loadedUrl = null;
      this.set({ status: 'ready', source: describe(result.summary, null) });
      this.host.options.policy?.onTrained?.(result.policy, result.summary);
      await this.refresh();
    } catch (e) {
      if (generation === this.generation) this.fail(e);
    }
  }

  /** A policy file from its URL, or the page's stored one (`stored`, no fetch). */
  private async load(url: string | null, stored?: { policy: string; label: string }): Promise<void> {
    const client = this.client();
    if (!client) return;
    const generation = ++this.generation;
    const name = url ?? stored?.label ?? '';
    this.loadedUrl = url;
    this.set({ status: 'loading', stage: `reading ${name}`, error: null });
    try {
      let text = stored?.policy ?? '';
      if (url !== null) {
        const response = await fetch(new URL(url, document.baseURI).href);
        if (!response.ok) throw new Error(`the policy file ${url} answered HTTP ${response.status}`);
        text = await response.text();
      }
      const summary = await remotePolicy(client).load(text);
      if (generation !== this.generation) return;
      this.set({ status: 'ready', source: url === null ? name : describe(summary, url) });
      await this.refresh();
    } catch (e) {
      if (generation === this.generation) this.fail(e, name);
    }
  }

  /** Cancel: the worker ends at once; a fresh one has no table, so only the regimes are shown. */
  private cancel(): void {
    if (!this.shared) return;
    this.generation++;
    this.shared.client.restart();
    this.loadedUrl = null;
    this.set({ status: 'cancelled', stage: '', source: null, action: null, policy: null });
    void this.refresh();
  }

  /** Asks the worker for the regimes and the action at the last bar; pushes during a call are folded into one more. */
  private async refresh(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    const client = this.client();
    if (!client) return;
    this.busy = true;
    try {
      do {
        this.again = false;
        const bars = this.host.bars();
        const generation = this.generation;
        const now = await remotePolicy(client).now(bars, this.host.plan());
        if (this.destroyed || generation !== this.generation) continue;
        this.regimes = now.regimes;
        this.regimeBars = bars;
        this.band.draw(bars, now.regimes);
        this.set({
          regime: now.current,
          policy: now.policy,
          action: now.action,
          error: now.problem ?? (this.state.status === 'error' ? this.state.error : null),
        });
      } while (this.again && !this.destroyed);
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private set(patch: Partial<PolicyWidgetState>): void {
    Object.assign(this.state, patch);
    if (!this.destroyed) this.host.changed();
  }

  private fail(e: unknown, url?: string): void {
    const message = e instanceof Error ? e.message : String(e);
    this.set({ status: 'error', error: url && !message.includes(url) ? `${url}: ${message}` : message });
  }
}

/**
 * The worker's policy session. Comlink reaches a member's methods through the member's path
 * (remote.policy.train(...) calls train on the session's `policy`); its types call a plain
 * member a promise of its value, hence the cast.
 */
const remotePolicy = (client: AdaptiveClient): Remote<PolicySession> =>
  client.remote.policy as unknown as Remote<PolicySession>;

function describe(summary: PolicySummary, url: string | null): string {
  return summary.source === 'file'
    ? `policy file ${url ?? ''}`.trim()
    : `learned on this chart: ${summary.rule} entries, ${summary.episodes} trades`;
}

export const policyAddon: AddonFactory = (host) => new PolicyAddon(host);

/** `policyState` on a handle: null when the widget has no policy addon. */
export function policyStateOf(addon: WidgetAddon | null): ReturnType<PolicyAddon['snapshot']> | null {
  return addon instanceof PolicyAddon ? addon.snapshot() : null;
}
