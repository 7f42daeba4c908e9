import { render } from 'preact';
import type { Bar, Overlay, PlanSpec, PlanText } from '../engine/index.js';
import { App } from './components/App.js';
import { BOOK_ADDON_ID, pushBookTo } from './book/book-addon.js';
import {
  loadReversalModelInto,
  REVERSAL_ADDON_ID,
  reversalAddon,
  reversalStateOf,
} from './reversal/reversal-addon.js';
import { WidgetController } from './controller.js';
import { POLICY_ADDON_ID, policyStateOf } from './policy/policy-addon.js';
import { adoptWidgetStyles } from './styles.js';
import type { WidgetHandle, WidgetOptions } from './types.js';

let defaultWorkerUrl: string | null = null;
let defaultEngineScriptUrl: string | null = null;

/**
 * Where `mount` finds the engine when the options do not say: the worker, and the same engine
 * as a plain script for pages that forbid workers. The script build sets both from its own URL.
 */
export function setDefaultWorkerUrl(url: string | null, engineScriptUrl: string | null = null): void {
  defaultWorkerUrl = url;
  defaultEngineScriptUrl = engineScriptUrl;
}

/** Renders a widget into a shadow root (styles scoped, host page untouched); `cleanup` runs on destroy. */
export function mountInto(
  root: ShadowRoot,
  options: WidgetOptions,
  cleanup: () => void = () => undefined,
): WidgetHandle {
  const unstyle = adoptWidgetStyles(root);
  const container = document.createElement('div');
  root.append(container);
  // `reversal` turns the reversal addon on without naming it in `addons`.
  const addons = options.addons ?? [];
  const controller = new WidgetController({
    ...options,
    addons: options.reversal && !addons.includes(reversalAddon) ? [...addons, reversalAddon] : addons,
    workerUrl: options.workerUrl === undefined ? defaultWorkerUrl : options.workerUrl,
    engineScriptUrl: options.engineScriptUrl === undefined ? defaultEngineScriptUrl : options.engineScriptUrl,
  });
  render(
    <App
      controller={controller}
      title={options.title}
      height={options.height ?? 380}
      showForm={options.form !== false}
      showLegend={options.legend !== false}
    />,
    container,
  );
  void controller.start();
  let destroyed = false;
  return {
    push: (bar: Bar): Promise<Overlay | null> => controller.push(bar),
    pushBook: (snapshot) => pushBookTo(controller.addons.find(BOOK_ADDON_ID), snapshot),
    policyState: () => policyStateOf(controller.addons.find(POLICY_ADDON_ID)),
    reversalState: () => reversalStateOf(controller.addons.find(REVERSAL_ADDON_ID)),
    setPlan: (plan: PlanText | PlanSpec): Promise<Overlay | null> => controller.setPlan(plan),
    loadReversalModel: (model) => loadReversalModelInto(controller.addons.find(REVERSAL_ADDON_ID), model),
    getOverlay: () => controller.getOverlay(),
    ready: controller.ready,
    engineMode: () => controller.state.engineMode,
    drawnState: () => controller.charts.drawnState(),
    errorMessage: () =>
      controller.state.error ? `${controller.state.error.title}: ${controller.state.error.detail}` : null,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      controller.destroy();
      render(null, container);
      unstyle();
      container.remove();
      cleanup();
    },
  };
}

/**
 * The ESM API: `mount(element, options)` appends the widget to `element` inside its own
 * shadow root and returns the handle (push, setPlan, getOverlay, destroy).
 */
export function mount(element: HTMLElement, options: WidgetOptions): WidgetHandle {
  const host = document.createElement('div');
  host.className = 'exitplan-widget';
  element.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  return mountInto(root, options, () => host.remove());
}
