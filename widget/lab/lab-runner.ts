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

/**
 * Between slices on the page's thread: a macrotask, so a Cancel click is heard, and about every
 * 50 ms a frame, so the progress bar is painted (a run of timers alone seldom gets one). A hidden
 * tab has no frames, so a timer stands in for one there.
 */
function framePause(): () => Promise<void> {
  let last = performance.now();
  return () =>
    new Promise<void>((resolve) => {
      const now = performance.now();
      if (now - last < 50) {
        setTimeout(resolve, 0);
        return;
      }
      last = now;
      let resumed = false;
      const resume = (): void => {
        if (resumed) return;
        resumed = true;
        resolve();
      };
      requestAnimationFrame(() => setTimeout(resume, 0));
      setTimeout(resume, 100);
    });
}

/** The same session on the page's thread, pausing between slices (framePause) so Cancel is heard. */
export function mainThreadRunner(): LabRunner {
  const session = new LabSession({ pause: framePause() });
  return {
    mode: 'main-thread',
    run: (bars, request, onProgress) => session.backtest(bars, request, onProgress),
    cancel: () => session.cancel(),
    close: () => undefined,
  };
}

/** The error a cancelled run rejects with; named as the engine's, so callers handle one kind. */
export class LabCancelled extends Error {
  override readonly name = 'BacktestCancelled';
  constructor() {
    super('backtest cancelled');
  }
}

/** A started lab worker, answering through comlink. */
interface LabWorker {
  worker: Worker;
  remote: Remote<LabSession>;
}

function spawn(url: string): LabWorker {
  const worker = new Worker(url);
  return { worker, remote: wrap<LabSession>(worker) };
}

/**
 * The lab worker (exitplan-lab-worker.js, engine/lab-worker.ts: a LabSession behind comlink).
 * Progress comes back through a comlink proxy. Cancel ends the worker at once, whatever it is
 * doing (its walk-forward and bootstrap run in one piece, where no message is read), and starts
 * a fresh one for the next run. Falls back to the main thread when the worker cannot start or
 * does not answer.
 */
export async function startLabRunner(workerUrl: string | null, timeoutMs = 3000): Promise<LabRunner> {
  if (workerUrl === null || typeof Worker === 'undefined') return mainThreadRunner();
  const url = new URL(workerUrl, location.href).href;
  let current: LabWorker;
  try {
    current = spawn(url);
  } catch {
    return mainThreadRunner();
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<boolean>((resolve) => {
    current.worker.addEventListener('error', () => resolve(false), { once: true });
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  // Reading any property is a full comlink round trip: proof the worker is alive.
  const alive = (current.remote as unknown as { ping: Promise<unknown> }).ping.then(() => true);
  const ok = await Promise.race([alive, failed]);
  clearTimeout(timer);
  if (!ok) {
    current.worker.terminate();
    return mainThreadRunner();
  }
  /** Rejects the run in flight, if any. */
  let abandon: ((e: Error) => void) | null = null;
  let next: LabWorker | null = current;
  return {
    mode: 'worker',
    run: (bars, request, onProgress) =>
      new Promise<LabReport>((resolve, reject) => {
        const mine = next;
        if (!mine) {
          reject(new Error('the lab worker could not be started again after a cancel; reload the page'));
          return;
        }
        const settle = (): void => {
          mine.worker.removeEventListener('error', crashed);
          if (abandon === reject) abandon = null;
        };
        // A worker that dies mid-run (out of memory, a script error) would leave the call unanswered.
        const crashed = (e: ErrorEvent): void => {
          settle();
          reject(new Error(`the lab worker stopped: ${e.message || 'no reason given'}`));
        };
        mine.worker.addEventListener('error', crashed);
        abandon = reject;
        mine.remote.backtest(bars, request, proxy(onProgress)).then(
          (report) => {
            settle();
            resolve(report);
          },
          (e: unknown) => {
            settle();
            reject(e);
          },
        );
      }),
    cancel: () => {
      if (!abandon) return;
      const reject = abandon;
      abandon = null;
      next?.worker.terminate();
      try {
        next = spawn(url);
      } catch {
        next = null;
      }
      reject(new LabCancelled());
    },
    close: () => {
      abandon = null;
      next?.worker.terminate();
      next = null;
    },
  };
}
