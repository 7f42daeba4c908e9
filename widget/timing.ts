// Timing helpers shared by the controller: user-timing marks and after-paint scheduling.

/** User-timing marks (exitplan:start, :bars-parsed, :engine-loaded, :drawn) for the browser benchmark and devtools. */
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function')
    performance.mark(`exitplan:${name}`);
}

/** Runs `task` once the browser has painted the next frame (falls back to a timer). */
export function afterNextFrame(task: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(task, 0));
  else setTimeout(task, 16);
}
