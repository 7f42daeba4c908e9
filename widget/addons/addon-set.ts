import type { ComponentChild } from 'preact';
import type { Bar, Overlay } from '../../engine/index.js';
import type { PlanChart } from '../chart/plan-chart.js';
import type { AddonFactory, AddonHost, WidgetAddon } from './addon.js';

/**
 * The addons of one widget, called in the order they were given. A throwing hook is the
 * addon's failure, not the widget's: it becomes a notice and the plan stays drawn.
 */
export class AddonSet {
  private readonly addons: WidgetAddon[] = [];

  constructor(
    factories: readonly AddonFactory[],
    host: AddonHost,
    private readonly onError: (message: string) => void,
  ) {
    for (const factory of factories) {
      try {
        this.addons.push(factory(host));
      } catch (e) {
        this.report('an addon', e);
      }
    }
  }

  get size(): number {
    return this.addons.length;
  }

  find(id: string): WidgetAddon | null {
    return this.addons.find((addon) => addon.id === id) ?? null;
  }

  loaded(bars: readonly Bar[], overlay: Overlay): void {
    this.each((addon) => addon.loaded?.(bars, overlay));
  }

  pushed(bar: Bar, overlay: Overlay, replaced: boolean): void {
    this.each((addon) => addon.pushed?.(bar, overlay, replaced));
  }

  planChanged(overlay: Overlay): void {
    this.each((addon) => addon.planChanged?.(overlay));
  }

  chartReady(chart: PlanChart): void {
    this.each((addon) => addon.chartReady?.(chart));
  }

  themeChanged(theme: 'light' | 'dark'): void {
    this.each((addon) => addon.themeChanged?.(theme));
  }

  views(): ComponentChild[] {
    const views: ComponentChild[] = [];
    this.each((addon) => {
      const view = addon.view?.();
      if (view !== null && view !== undefined) views.push(view);
    });
    return views;
  }

  destroy(): void {
    this.each((addon) => addon.destroy());
    this.addons.length = 0;
  }

  private each(call: (addon: WidgetAddon) => void): void {
    for (const addon of this.addons) {
      try {
        call(addon);
      } catch (e) {
        this.report(`the ${addon.id} addon`, e);
      }
    }
  }

  private report(who: string, e: unknown): void {
    this.onError(`${who} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
