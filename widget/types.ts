import type {
  Bar,
  BookTop,
  ChartSession,
  ModelSummary,
  Overlay,
  PlanSpec,
  PlanText,
} from '../engine/index.js';
import type { AddonFactory } from './addons/addon.js';
import type { BookSnapshot } from './book/book-addon.js';
import type { BookOptions } from './book/book-state.js';
import type { PolicyOptions, PolicyWidgetState } from './policy/policy-addon.js';
import type { FeedOptions } from './feeds/feed-types.js';
import type { ReversalOptions, ReversalView } from './reversal/reversal-addon.js';

export type ThemeName = 'light' | 'dark' | 'auto';
export type WidgetMode = 'static' | 'replay' | 'live';
export type EngineMode = 'worker' | 'main-thread';

export interface IndicatorOptions {
  /** Bollinger bands on the price pane. */
  bb: boolean;
  /** RSI in its own pane. */
  rsi: boolean;
  bbPeriod: number;
  bbK: number;
  rsiPeriod: number;
}

export interface ReplayOptions {
  /** How many bars are shown before the replay starts (default: up to the entry bar + 20). */
  startBars?: number;
  /** Bars per second (default 8). */
  speed?: number;
  autoplay?: boolean;
}

/** Where the bars come from: exactly one of these is used, in this order. */
export interface BarsSource {
  bars?: Bar[];
  /** Raw CSV (`time,open,high,low,close,volume`) or JSON text, e.g. from a file input. */
  text?: string;
  /** URL of a CSV or JSON file. */
  src?: string;
}

export interface WidgetOptions extends BarsSource {
  plan: PlanText | PlanSpec;
  theme?: ThemeName;
  mode?: WidgetMode;
  /** Live mode's feed; without one, live mode waits for `push`. */
  feed?: FeedOptions;
  indicators?: Partial<IndicatorOptions>;
  replay?: ReplayOptions;
  /**
   * Most bars kept in the chart (default 3000; always including the entry): the engine sees
   * every bar, the chart holds this many so live updates stay cheap. It opens on the trade with
   * 300 bars of history before the view and adds the rest as the reader scrolls back.
   */
  maxBars?: number;
  /** Chart height in CSS pixels (default 380). */
  height?: number;
  /** URL of exitplan-engine-worker.js; `null` runs the engine on the main thread. */
  workerUrl?: string | null;
  /** URL of exitplan-adaptive-worker.js (the reversal model and the learned policy), started only by the addons that need it. */
  adaptiveWorkerUrl?: string | null;
  /** URL of exitplan-engine.js, loaded only when the worker cannot run (the script build sets it). */
  engineScriptUrl?: string | null;
  /**
   * Or build the page-thread engine yourself: `() => new ChartSession()` or
   * `() => new EngineSession()` (ESM apps that bundle the engine).
   */
  engineSession?: () => ChartSession;
  /** Show the all-in-all-out vs scaled-out comparison (default true). */
  compare?: boolean;
  /** Show the plan form (default true). */
  form?: boolean;
  /** Show the levels legend beside the chart (default true; off where the page lists them itself). */
  legend?: boolean;
  title?: string;
  /**
   * Called after the reader changes the plan by dragging a level or with the form (not after
   * `setPlan` calls), with the plan in the engine's text form (`formatPlan`, entry time
   * included), e.g. to save it. `<exit-plan>` also fires a `planchange` event with it as `detail`.
   */
  onPlanChange?: (plan: PlanText) => void;
  /** Features riding on the widget (widget/addons/addon.ts): each gets the bars, the plan and the chart, and may add a view under the legend. */
  addons?: AddonFactory[];
  /** The order book addon's settings (widget/book/; add `bookAddon` to `addons`, then `pushBook`). */
  book?: BookOptions;
  /**
   * The reversal model (widget/reversal/): a Train button that learns p(reversal) from the
   * chart's bars in the adaptive worker, the probability in its own pane and the model's scores
   * in a panel. `true` for the defaults, or its threshold and label settings.
   */
  reversal?: boolean | ReversalOptions;
  /** A stored reversal model file (JSON text, as `onReversalModel` gave it) to use without training. */
  reversalModel?: string;
  /** Called with each model the reader trains (the file as JSON text, and what the panel shows), e.g. to store it. */
  onReversalModel?: (model: string, summary: ModelSummary) => void;
  /** The exit policy addon's policy (widget/policy/; add `policyAddon` to `addons`): train on the chart, or a file's URL. */
  policy?: PolicyOptions;
}

/** What the chart itself holds right now, read back from lightweight-charts (for checks and tests). */
export interface DrawnState {
  /** `y`: CSS px from the top of the chart box, null when off-screen. */
  priceLines: { id: string; price: number; title: string; y: number | null }[];
  trail: { time: number; price: number }[];
  markers: { time: number; text: string; position: string }[];
  candles: number;
  candleTimes: number[];
  lastCandle: Bar | null;
  /** The close of the right-most candle in view: what the price axis's own last-value badge shows. */
  lastVisibleClose: number | null;
  panes: number;
  bands: boolean;
  /** The in-chart labels as laid out (levels at the right edge, trade events by their shapes), CSS px in the price pane. */
  labels: { text: string; kind: string; x: number; y: number; w: number; h: number }[];
  /** The shaded risk (entry to stop) and reward (entry to last target) zones: y extents in CSS px, null when not drawn. */
  zones: { risk: { top: number; bottom: number } | null; reward: { top: number; bottom: number } | null };
  /** Decimals of the candles' price format. */
  precision: number;
}

/** The handle `mount` returns; `<exit-plan>` exposes the same methods. */
export interface WidgetHandle {
  /** A new bar (later time) or an update of the forming bar (same time). */
  push(bar: Bar): Promise<Overlay | null>;
  /**
   * An order book update (`{ top }`: best bid/ask with sizes; `{ trades }`: trades with their
   * aggressor) for the book addon; false (and ignored) when the widget has none.
   */
  pushBook(snapshot: BookSnapshot | BookTop): boolean;
  /** What the exit policy addon shows (regime, action, the band as drawn); null without one. */
  policyState(): (PolicyWidgetState & { band: { time: number; regime: number }[] }) | null;
  /** What the reversal addon shows (status, p at the last closed bar, `time`: that bar's); null without one. */
  reversalState(): (ReversalView & { time: number | null }) | null;
  setPlan(plan: PlanText | PlanSpec): Promise<Overlay | null>;
  /** Uses a stored reversal model file (JSON text) on the chart's bars; false when the widget has no reversal addon. */
  loadReversalModel(model: string): boolean;
  /** The levels and markers currently drawn, as data; null before the first draw or after an error. */
  getOverlay(): Overlay | null;
  /** Resolves once the first plan is drawn or an error message is shown. */
  readonly ready: Promise<void>;
  engineMode(): EngineMode | null;
  drawnState(): DrawnState | null;
  /** The message shown in the widget's box, if any. */
  errorMessage(): string | null;
  destroy(): void;
}
