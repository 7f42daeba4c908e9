import { wrap, type Remote } from 'comlink';
import type { AdaptiveSession } from '../../engine/index.js';
import type { AddonHost } from '../addons/addon.js';
import { constructWorker } from '../engine-client.js';
import { WidgetError } from '../errors.js';

let defaultUrl: string | null = null;

/** Where widgets find exitplan-adaptive-worker.js when their options do not say (the script build sets it from its own URL). */
export function setDefaultAdaptiveWorkerUrl(url: string | null): void {
  defaultUrl = url;
}

/** The adaptive worker of one widget (engine/adaptive-worker.ts: an AdaptiveSession behind comlink). */
export interface AdaptiveClient {
  /** The session in the worker now; a restart replaces it, so read it at each call. */
  readonly remote: Remote<AdaptiveSession>;
  /** Ends the worker at once, whatever it is doing (how Cancel stops a training run), and starts a fresh one. */
  restart(): void;
  close(): void;
  /**
   * Calls `listener` when the worker fails to start or dies (a Content-Security-Policy that
   * forbids it fires this, since constructing it does not throw); returns the unsubscribe.
   */
  onFailure(listener: (message: string) => void): () => void;
}

/**
 * Starts the adaptive worker. There is no page-thread fallback: training a model for seconds
 * would freeze the page, so where a Content-Security-Policy forbids the worker the adaptive
 * parts say so and the plan works on without them.
 */
export function startAdaptiveWorker(url: string | null | undefined = defaultUrl): AdaptiveClient {
  if (!url)
    throw new WidgetError(
      'engine',
      'The adaptive exits need exitplan-adaptive-worker.js: serve it beside exitplan-widget.js, or give adaptiveWorkerUrl.',
    );
  const listeners = new Set<(message: string) => void>();
  const watch = (w: Worker): Worker => {
    w.addEventListener('error', (e) => {
      e.preventDefault();
      const why = e.message || 'the page or its Content-Security-Policy refused it';
      for (const l of listeners) l(`the adaptive worker did not start (${why})`);
    });
    return w;
  };
  let worker = watch(constructWorker(url));
  let remote = wrap<AdaptiveSession>(worker);
  return {
    get remote() {
      return remote;
    },
    restart() {
      worker.terminate();
      worker = watch(constructWorker(url));
      remote = wrap<AdaptiveSession>(worker);
    },
    close() {
      listeners.clear();
      worker.terminate();
    },
    onFailure(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

interface Shared {
  client: AdaptiveClient;
  users: number;
}
const shared = new WeakMap<AddonHost, Shared>();

/**
 * One adaptive worker per widget, however many of its addons use it (the reversal model and
 * the policy): the first call starts it, the last `release()` ends it.
 */
export function sharedAdaptiveClient(host: AddonHost): { client: AdaptiveClient; release(): void } {
  let entry = shared.get(host);
  if (!entry) {
    entry = { client: startAdaptiveWorker(host.options.adaptiveWorkerUrl ?? defaultUrl), users: 0 };
    shared.set(host, entry);
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  return {
    client: held.client,
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users === 0) {
        held.client.close();
        shared.delete(host);
      }
    },
  };
}
