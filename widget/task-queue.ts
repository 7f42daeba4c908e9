/**
 * The widget's one order of work: loads, pushes, plan changes and indicator requests run one
 * after another, in the order they were asked for, so engine replies apply in that order. A
 * failed task fails only its own caller; the queue goes on.
 */
export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after everything queued before it; the caller gets its result or its error. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** As run, for work nobody awaits: a failure goes to `onError`. */
  fire(task: () => unknown, onError: (e: unknown) => void): Promise<void> {
    const done = this.run(task).then(
      () => undefined,
      (e: unknown) => onError(e),
    );
    this.tail = done;
    return done;
  }
}
