import type { ComponentChild } from 'preact';
import type { Bar, Overlay, PlanSpec } from '../../engine/index.js';
import type { PlanChart } from '../chart/plan-chart.js';
import type { WidgetOptions } from '../types.js';

/**
 * What a widget offers the features that ride on it (the reversal model, the learned policy,
 * the order book): read access to its bars, plan and chart, and two ways to speak up. An addon
 * never reaches into the controller; the controller calls the addon's hooks in order.
 */
export interface AddonHost {
  readonly options: WidgetOptions;
  /** The chart, once drawn; null before, after an error and between a replay restart's charts. */
  chart(): PlanChart | null;
  /** The bars the page holds (the chart's window plus what was pushed since), oldest first. */
  bars(): readonly Bar[];
  /** The engine's latest overlay: levels, markers and the position's state. */
  overlay(): Overlay | null;
  plan(): PlanSpec | null;
  theme(): 'light' | 'dark';
  /** The addon's own state changed: render its view() again. */
  changed(): void;
  /** A line in the widget's notices; the chart stays up (an addon's trouble is not the plan's). */
  notice(message: string): void;
}

/** A feature riding on one widget. Every hook is optional except destroy. */
export interface WidgetAddon {
  /** Names the addon for `controller.addon(id)` (a handle method reaching its addon). */
  readonly id: string;
  /** The bars were (re)loaded and the plan drawn: the first load, or a replay restart. */
  loaded?(bars: readonly Bar[], overlay: Overlay): void;
  /** A pushed bar (a new bar, or the forming bar updated) after the engine's answer. */
  pushed?(bar: Bar, overlay: Overlay, replaced: boolean): void;
  /** The plan changed: setPlan, a drag or the form. */
  planChanged?(overlay: Overlay): void;
  /** A (new) chart exists: create the addon's series on it (the old chart and its series are gone). */
  chartReady?(chart: PlanChart): void;
  themeChanged?(theme: 'light' | 'dark'): void;
  /** The addon's part of the widget's panel, under the legend, or null for none. */
  view?(): ComponentChild;
  /** Ends the addon's workers, timers and subscriptions; the chart may already be gone. */
  destroy(): void;
}

export type AddonFactory = (host: AddonHost) => WidgetAddon;
