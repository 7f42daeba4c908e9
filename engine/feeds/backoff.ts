/**
 * Reconnect delays: exponential with "equal jitter": half of each step fixed, half random.
 * Chosen over full jitter (all of it random) because full jitter can retry at once, ~0 ms after
 * a failure, which hammers a server that just went down; the fixed half keeps a floor, the
 * random half still stops many panels and widgets that lost the same link from returning in
 * lockstep. Capped, and never shorter than what a server asked for in Retry-After.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/** attempt 0, 1, 2, ...: min(max, base * 2^attempt) = c; the delay is c/2 + random * c/2. */
export function backoffDelay(
  attempt: number,
  random: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Retry-After is seconds or an HTTP date; returns milliseconds, or null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** How long to wait after a rate-limit answer: Retry-After when given, else a long default (418 = IP ban). */
export function rateLimitDelay(
  status: number,
  retryAfterMs: number | null,
  attempt: number,
  random: number,
): number {
  const fallback = status === 418 ? 120_000 : 30_000;
  return Math.max(retryAfterMs ?? fallback, backoffDelay(attempt, random));
}
