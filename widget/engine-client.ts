import { wrap, type Remote } from 'comlink';
import type { ChartSession } from '../engine/index.js';
import { WidgetError } from './errors.js';
import { scriptUrl, trustedTypesProblem } from './trusted-types.js';
import type { EngineMode } from './types.js';

/**
 * The session methods the widget uses, always async (a worker answers later; so does the
 * fallback, for one code path). Plans go over as PlanSpec: the page parses plan text itself.
 */
export type EngineApi = {
  [K in 'load' | 'push' | 'tickDelta' | 'setPlan' | 'indicatorSeries']: ChartSession[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

export interface EngineClient {
  readonly api: EngineApi;
  readonly mode: EngineMode;
  /** Why the worker was not used, when it was not. */
  readonly fallbackReason: string | null;
  close(): void;
}

/**
 * Makes the page-thread session: an ESM app passes `() => new ChartSession()` (or
 * `new EngineSession()`) from the engine's index.
 */
export type SessionFactory = () => ChartSession;

export interface EngineStart {
  /** exitplan-engine-worker.js; null runs the engine on the page's thread. */
  workerUrl: string | null;
  /** exitplan-engine.js: the same engine as a plain script, loaded only when the worker cannot run. */
  scriptUrl?: string | null;
  /** Or the session itself (an ESM app that bundles the engine). Wins over scriptUrl. */
  session?: SessionFactory;
  /** How long the worker may take to answer its first message (default 3 s). */
  timeoutMs?: number;
}

declare global {
  interface Window {
    /** Set by exitplan-engine.js (widget/engine-script.ts). */
    ExitPlanEngine?: { ChartSession: new () => ChartSession };
  }
}

const scriptLoads = new Map<string, Promise<void>>();

/** Adds exitplan-engine.js to the page once, however many widgets fall back. */
function loadScript(url: string): Promise<void> {
  let loading = scriptLoads.get(url);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      try {
        script.src = scriptUrl(url);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(script);
    });
    scriptLoads.set(url, loading);
    loading.catch(() => scriptLoads.delete(url));
  }
  return loading;
}

async function pageSession(start: EngineStart, reason: string | null): Promise<ChartSession> {
  if (start.session) return start.session();
  if (typeof window !== 'undefined' && !window.ExitPlanEngine && start.scriptUrl) {
    try {
      await loadScript(start.scriptUrl);
    } catch (e) {
      // Trusted Types refused both the worker and the script: that, not worker-src, is the cause.
      const problem = trustedTypesProblem(e);
      if (problem) throw new WidgetError('engine', `The exit engine cannot start: ${problem}.`);
      // Otherwise reported below with what to change.
    }
  }
  const Engine = typeof window !== 'undefined' ? window.ExitPlanEngine?.ChartSession : undefined;
  if (!Engine) {
    throw new WidgetError(
      'engine',
      `The exit engine cannot start: ${reason ?? 'no worker was given'}, and ${start.scriptUrl ? `${start.scriptUrl} could not be loaded as a script` : 'no engine script URL is known'}. ` +
        `Serve exitplan-engine-worker.js and exitplan-engine.js next to exitplan-widget.js, and allow them in the page's Content-Security-Policy (worker-src or script-src).`,
    );
  }
  return new Engine();
}

/** Runs the same ChartSession on the page's own thread: for CSPs that forbid workers. */
async function mainThreadClient(start: EngineStart, reason: string | null): Promise<EngineClient> {
  const session = await pageSession(start, reason);
  const api: EngineApi = {
    load: async (...args) => session.load(...args),
    push: async (...args) => session.push(...args),
    tickDelta: async (...args) => session.tickDelta(...args),
    setPlan: async (...args) => session.setPlan(...args),
    indicatorSeries: async (...args) => session.indicatorSeries(...args),
  };
  return { api, mode: 'main-thread', fallbackReason: reason, close: () => undefined };
}

/**
 * A worker from another origin (the widget script on a CDN) cannot be constructed directly;
 * a same-origin blob that imports it can, unless the CSP forbids blob: workers too.
 */
export function constructWorker(url: string): Worker {
  const target = new URL(url, location.href);
  if (target.origin === location.origin) return new Worker(scriptUrl(target.href));
  const blob = new Blob([`importScripts(${JSON.stringify(target.href)});`], { type: 'text/javascript' });
  return new Worker(scriptUrl(URL.createObjectURL(blob)));
}

/** An engine on its way: see beginEngine. */
export interface EngineStarting {
  /**
   * The worker's calls before it has proved it runs, or null when no worker is tried. They
   * queue up in the worker and run once it has started; use their results only once `ready`
   * gives this same api (a worker that fails never answers them).
   */
  readonly early: EngineApi | null;
  readonly ready: Promise<EngineClient>;
}

/**
 * Starts the engine in a Web Worker and proves it answers (a comlink round trip) before
 * using it; a constructor throw, an error event or no answer in time falls back to the page's
 * thread (exitplan-engine.js, loaded only then), so a strict CSP costs speed, never function.
 */
export function startEngine(start: EngineStart): Promise<EngineClient> {
  return beginEngine(start).ready;
}

/**
 * startEngine, with the worker's calls available at once (`early`): a widget whose bars are
 * ready before its worker has started sends them right away instead of after the first
 * round trip, which waits for this thread to be free.
 */
export function beginEngine(start: EngineStart): EngineStarting {
  const { workerUrl, timeoutMs = 3000 } = start;
  if (workerUrl === null) return { early: null, ready: mainThreadClient(start, 'the worker was turned off') };
  if (typeof Worker === 'undefined')
    return { early: null, ready: mainThreadClient(start, 'this page has no Web Worker support') };
  let worker: Worker;
  try {
    worker = constructWorker(workerUrl);
  } catch (e) {
    const reason = `the worker could not start (${e instanceof Error ? e.message : String(e)})`;
    return { early: null, ready: mainThreadClient(start, reason) };
  }
  const remote = wrap<ChartSession>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<string>((resolve) => {
    worker.addEventListener(
      'error',
      (ev) => resolve(`the worker failed to load (${ev.message || 'blocked'})`),
      {
        once: true,
      },
    );
    timer = setTimeout(() => resolve(`the worker did not answer within ${timeoutMs} ms`), timeoutMs);
  });
  // Reading any property is a full comlink round trip; an absent one answers undefined.
  const ping = (remote as unknown as { ping: Promise<unknown> }).ping.then(() => null);
  const r = remote as Remote<ChartSession>;
  const api: EngineApi = {
    load: (...args) => r.load(...args) as ReturnType<EngineApi['load']>,
    push: (...args) => r.push(...args) as ReturnType<EngineApi['push']>,
    tickDelta: (...args) => r.tickDelta(...args) as ReturnType<EngineApi['tickDelta']>,
    setPlan: (...args) => r.setPlan(...args) as ReturnType<EngineApi['setPlan']>,
    indicatorSeries: (...args) => r.indicatorSeries(...args) as ReturnType<EngineApi['indicatorSeries']>,
  };
  const ready = Promise.race([ping, failed]).then((reason): Promise<EngineClient> | EngineClient => {
    clearTimeout(timer);
    if (reason === null)
      return { api, mode: 'worker', fallbackReason: null, close: () => worker.terminate() };
    worker.terminate();
    return mainThreadClient(start, reason);
  });
  return { early: api, ready };
}
