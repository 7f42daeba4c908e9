import { wrap, type Remote } from 'comlink';
import { EngineSession } from '../engine/index.js';
import type { EngineMode } from './types.js';

/** The session methods the widget uses, always async (a worker answers later; so does the fallback, for one code path). */
export type EngineApi = {
  [K in 'load' | 'push' | 'tick' | 'setPlan' | 'indicatorSeries']: EngineSession[K] extends (
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

/** Runs the same EngineSession on the page's own thread: for CSPs that forbid workers. */
function mainThreadClient(reason: string | null): EngineClient {
  const session = new EngineSession();
  const api: EngineApi = {
    load: async (...args) => session.load(...args),
    push: async (...args) => session.push(...args),
    tick: async (...args) => session.tick(...args),
    setPlan: async (...args) => session.setPlan(...args),
    indicatorSeries: async (...args) => session.indicatorSeries(...args),
  };
  return { api, mode: 'main-thread', fallbackReason: reason, close: () => undefined };
}

/**
 * A worker from another origin (the widget script on a CDN) cannot be constructed directly;
 * a same-origin blob that imports it can, unless the CSP forbids blob: workers too.
 */
function constructWorker(url: string): Worker {
  const target = new URL(url, location.href);
  if (target.origin === location.origin) return new Worker(target.href);
  const blob = new Blob([`importScripts(${JSON.stringify(target.href)});`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(blob));
}

/**
 * Starts the engine in a Web Worker and proves it answers (a comlink round trip) before
 * using it; a constructor throw, an error event or no answer in `timeoutMs` falls back to
 * the main thread, so a strict CSP degrades speed, never function.
 */
export async function startEngine(workerUrl: string | null, timeoutMs = 3000): Promise<EngineClient> {
  if (workerUrl === null) return mainThreadClient('the worker was turned off');
  if (typeof Worker === 'undefined') return mainThreadClient('this page has no Web Worker support');
  let worker: Worker;
  try {
    worker = constructWorker(workerUrl);
  } catch (e) {
    return mainThreadClient(`the worker could not start (${e instanceof Error ? e.message : String(e)})`);
  }
  const remote = wrap<EngineSession>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<string>((resolve) => {
    worker.addEventListener(
      'error',
      (ev) => resolve(`the worker failed to load (${ev.message || 'blocked'})`),
      { once: true },
    );
    timer = setTimeout(() => resolve(`the worker did not answer within ${timeoutMs} ms`), timeoutMs);
  });
  // Reading any property is a full comlink round trip; an absent one answers undefined.
  const ping = (remote as unknown as { ping: Promise<unknown> }).ping.then(() => null);
  const reason = await Promise.race([ping, failed]);
  clearTimeout(timer);
  if (reason !== null) {
    worker.terminate();
    return mainThreadClient(reason);
  }
  const r = remote as Remote<EngineSession>;
  const api: EngineApi = {
    load: (...args) => r.load(...args) as ReturnType<EngineApi['load']>,
    push: (...args) => r.push(...args) as ReturnType<EngineApi['push']>,
    tick: (...args) => r.tick(...args) as ReturnType<EngineApi['tick']>,
    setPlan: (...args) => r.setPlan(...args) as ReturnType<EngineApi['setPlan']>,
    indicatorSeries: (...args) => r.indicatorSeries(...args) as ReturnType<EngineApi['indicatorSeries']>,
  };
  return { api, mode: 'worker', fallbackReason: null, close: () => worker.terminate() };
}
