import { fmtPrice } from '../format.js';
import type { BookShieldEvent } from './book-state.js';

/** Book time as the panel shows it: UTC to the millisecond (book events are sub-second). */
export function bookTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${new Date(ms).toISOString().slice(11, 23)} UTC`;
}

/** The alert line for one shield event (the same words the extension's notification uses). */
export function shieldAlertText(e: BookShieldEvent): string {
  const what = e.shield === 'imbalance' ? 'imbalance shield' : 'liquidity kill-switch';
  const take = e.takeShare >= 100 ? 'exit everything' : `take ${e.takeShare}%`;
  const touch = e.side === 'long' ? 'bid' : 'ask';
  const fill = Number.isFinite(e.fillPrice)
    ? `; at the ${touch} about ${fmtPrice(e.fillPrice)}, ${e.slippageBps.toFixed(1)} bps from the mid ${fmtPrice(e.mid)}`
    : `; mid ${fmtPrice(e.mid)}`;
  return `${what} fired at ${bookTime(e.timeMs)}: ${e.why}. ${take}${fill}.`;
}
