// The one-file script build (dist/widget/exitplan-widget.js) for a plain <script src> tag:
// defines <exit-plan>, exposes window.ExitPlan, and finds the engine worker next to itself.
import { setDefaultAdaptiveWorkerUrl } from './adaptive/adaptive-client.js';
import { allowEngineUrls, setWidgetScriptUrl } from './engine-origin.js';
import { defineExitPlanElement, mount, setDefaultWorkerUrl } from './index.js';
import { mark } from './timing.js';

// Everything this script bundles has run by now (the benchmark's first stage).
mark('script-evaluated');

const WORKER_FILE = 'exitplan-engine-worker.js';
const ENGINE_FILE = 'exitplan-engine.js';
const ADAPTIVE_FILE = 'exitplan-adaptive-worker.js';

function scriptUrl(): string | null {
  const current = document.currentScript;
  return current instanceof HTMLScriptElement && current.src ? current.src : null;
}

const own = scriptUrl();
setWidgetScriptUrl(own);
setDefaultWorkerUrl(own ? new URL(WORKER_FILE, own).href : null, own ? new URL(ENGINE_FILE, own).href : null);
setDefaultAdaptiveWorkerUrl(own ? new URL(ADAPTIVE_FILE, own).href : null);
defineExitPlanElement();

declare global {
  interface Window {
    ExitPlan?: {
      mount: typeof mount;
      setDefaultWorkerUrl: typeof setDefaultWorkerUrl;
      allowEngineUrls: typeof allowEngineUrls;
      version: string;
    };
  }
}
window.ExitPlan = { mount, setDefaultWorkerUrl, allowEngineUrls, version: '0.1.0' };
