/**
 * Exponential reconnect delay with full jitter, so many widgets on one page (or many readers)
 * do not reconnect in lockstep after an outage.
 */
export function backoffDelay(
  attempt: number,
  baseMs = 500,
  maxMs = 30_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
