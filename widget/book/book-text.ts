import { fmtPrice } from '../format.js';
import type { BookShieldEvent } from './book-state.js';

/** Book time as the panel shows it: UTC to the millisecond (book events are sub-second). */
export function bookTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${new Date(ms).toISOString().slice(11, 23)} UTC`;
}

/** What a shield event says after its name: when, why, what to do and at what price. */
export function shieldDetail(e: BookShieldEvent): string {
  const take = e.takeShare >= 100 ? 'Exit everything' : `Take ${e.takeShare}%`;
  const touch = e.side === 'long' ? 'bid' : 'ask';
  const fill = Number.isFinite(e.fillPrice)
    ? `; at the ${touch} about ${fmtPrice(e.fillPrice)}, ${e.slippageBps.toFixed(1)} bps from the mid ${fmtPrice(e.mid)}`
    : `; mid ${fmtPrice(e.mid)}`;
  return `at ${bookTime(e.timeMs)}: ${e.why}. ${take}${fill}.`;
}

/** The alert line for one shield event in the widget's panel. */
export function shieldAlertText(e: BookShieldEvent): string {
  return `${e.shield === 'imbalance' ? 'imbalance shield' : 'liquidity kill-switch'} fired ${shieldDetail(e)}`;
}
