import {
  DEFAULT_INDICATORS as ENGINE_INDICATORS,
  type Bar,
  type Overlay,
  type PlanText,
} from '../engine/index.js';
import type { CompareResult } from './compare-session.js';
import type { FeedStatus } from './feeds/feed-types.js';
import type { ReplayState } from './replay-clock.js';
import { resolveTheme } from './theme.js';
import type { EngineMode, IndicatorOptions, WidgetOptions } from './types.js';

/** What the Preact components render; replaced (never mutated) on every change. */
export interface ViewState {
  phase: 'loading' | 'ready' | 'error';
  error: { title: string; detail: string } | null;
  overlay: Overlay | null;
  planText: PlanText | null;
  formError: string | null;
  compare: CompareResult | null;
  feed: { status: FeedStatus; detail: string } | null;
  replay: ReplayState | null;
  engineMode: EngineMode | null;
  engineNote: string | null;
  theme: 'light' | 'dark';
  indicators: IndicatorOptions;
  lastBar: Bar | null;
  /** Lines under the chart from the addons (widget/addons/): trouble that leaves the plan up. */
  notices: string[];
  /** Bumped when an addon's own state changed, so its view renders again. */
  addonsVersion: number;
}

const DEFAULT_INDICATORS: IndicatorOptions = { bb: true, rsi: true, ...ENGINE_INDICATORS };

/** A widget's ViewState and who listens to it. */
export class ViewStore {
  state: ViewState;
  private readonly listeners = new Set<(s: ViewState) => void>();
  private emitScheduled = false;
  private closed = false;

  constructor(options: WidgetOptions) {
    this.state = {
      phase: 'loading',
      error: null,
      overlay: null,
      planText: null,
      formError: null,
      compare: null,
      feed: null,
      replay: null,
      engineMode: null,
      engineNote: null,
      theme: resolveTheme(options.theme ?? 'auto'),
      indicators: { ...DEFAULT_INDICATORS, ...options.indicators },
      lastBar: null,
      notices: [],
      addonsVersion: 0,
    };
  }

  subscribe(listener: (s: ViewState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes the state and tells the listeners now. */
  set(patch: Partial<ViewState>): void {
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  /**
   * Changes the state and tells the listeners within 100 ms. Live ticks redraw the chart at
   * once; the panels (legend, comparison) need not re-render at 50 updates a second, and every
   * millisecond off the page's thread shortens the next tick's wait.
   */
  setSoon(patch: Partial<ViewState>): void {
    this.state = { ...this.state, ...patch };
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    setTimeout(() => {
      this.emitScheduled = false;
      if (!this.closed) this.emit();
    }, 100);
  }

  /** A line under the chart that does not take the plan down (an addon's trouble); the last five are kept. */
  notice(message: string): void {
    this.set({ notices: [...this.state.notices.filter((n) => n !== message), message].slice(-5) });
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.state);
  }
}
