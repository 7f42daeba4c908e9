import { proxy, wrap, type Remote } from 'comlink';
import {
  LabSession,
  type Bar,
  type BacktestProgress,
  type LabReport,
  type LabRequest,
} from '../../engine/index.js';

/** What the lab view needs from an engine: a LabSession's backtest and its cancel. */
export interface LabRunner {
  readonly mode: 'worker' | 'main-thread';
  run(bars: Bar[], request: LabRequest, onProgress: (p: BacktestProgress) => void): Promise<LabReport>;
  cancel(): void;
  close(): void;
}

/** The same session on the page's thread, yielding a macrotask between slices so Cancel is heard. */
export function mainThreadRunner(): LabRunner {
  const session = new LabSession({ pause: () => new Promise((resolve) => setTimeout(resolve, 0)) });
  return {
    mode: 'main-thread',
    run: (bars, request, onProgress) => session.backtest(bars, request, onProgress),
    cancel: () => session.cancel(),
    close: () => undefined,
  };
}

/**
 * The lab worker (exitplan-lab-worker.js, engine/lab-worker.ts: a LabSession behind comlink).
 * Progress comes back through a comlink proxy; cancel is a message the worker reads between
 * slices. Falls back to the main thread when the worker cannot start or does not answer.
 */
export async function startLabRunner(workerUrl: string | null, timeoutMs = 3000): Promise<LabRunner> {
  if (workerUrl === null || typeof Worker === 'undefined') return mainThreadRunner();
  let worker: Worker;
  try {
    worker = new Worker(new URL(workerUrl, location.href).href);
  } catch {
    return mainThreadRunner();
  }
  const remote: Remote<LabSession> = wrap<LabSession>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<boolean>((resolve) => {
    worker.addEventListener('error', () => resolve(false), { once: true });
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  // Reading any property is a full comlink round trip: proof the worker is alive.
  const alive = (remote as unknown as { ping: Promise<unknown> }).ping.then(() => true);
  const ok = await Promise.race([alive, failed]);
  clearTimeout(timer);
  if (!ok) {
    worker.terminate();
    return mainThreadRunner();
  }
  return {
    mode: 'worker',
    run: (bars, request, onProgress) => remote.backtest(bars, request, proxy(onProgress)),
    cancel: () => void remote.cancel(),
    close: () => worker.terminate(),
  };
}
