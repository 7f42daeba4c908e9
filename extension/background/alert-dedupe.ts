import type { StorageArea } from '../platform/browser-api.js';
import type { AlertRequest } from '../shared/messages.js';
import { ALERTS_FIRED_KEY, ALERTS_LOG_KEY } from '../storage/keys.js';

export const MAX_FIRED = 500;
export const MAX_LOG = 50;

export interface AlertLogEntry extends AlertRequest {
  at: number;
}

/**
 * Records an alert key and says whether it is new. The service worker may be stopped between
 * two ticks, so "already fired" lives in storage, not in memory; the oldest keys are pruned.
 */
export async function claimAlert(area: StorageArea, alert: AlertRequest, now: number): Promise<boolean> {
  const stored = await area.get([ALERTS_FIRED_KEY, ALERTS_LOG_KEY]);
  const fired = (
    stored[ALERTS_FIRED_KEY] && typeof stored[ALERTS_FIRED_KEY] === 'object' ? stored[ALERTS_FIRED_KEY] : {}
  ) as Record<string, number>;
  if (alert.key in fired) return false;
  fired[alert.key] = now;
  const keys = Object.keys(fired);
  if (keys.length > MAX_FIRED) {
    keys.sort((a, b) => fired[a] - fired[b]);
    for (const key of keys.slice(0, keys.length - MAX_FIRED)) delete fired[key];
  }
  const log = Array.isArray(stored[ALERTS_LOG_KEY]) ? (stored[ALERTS_LOG_KEY] as AlertLogEntry[]) : [];
  const entry: AlertLogEntry = { ...alert, at: now };
  await area.set({ [ALERTS_FIRED_KEY]: fired, [ALERTS_LOG_KEY]: [entry, ...log].slice(0, MAX_LOG) });
  return true;
}
