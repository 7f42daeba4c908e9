import { shieldDetail } from '../../widget/book/book-text.js';
import type { BookShieldEvent } from '../../widget/book/book-state.js';
import type { PlanEvent } from './alert-events.js';

/**
 * A book shield's firing as an alert event. The key holds the symbol, the plan's save stamp,
 * the shield and the book time of the update that fired it, so the background (which keeps
 * fired keys in storage) sends one notification per firing, however often the panel reports it.
 */
export function shieldEvent(symbol: string, planStamp: string, e: BookShieldEvent): PlanEvent {
  const what = e.shield === 'imbalance' ? 'order-book imbalance' : 'liquidity kill-switch';
  return {
    kind: 'shield',
    key: `${symbol}|${planStamp}|book|${e.shield}|${Math.round(e.timeMs)}`,
    title: `${symbol}: ${what} shield fired`,
    // The title names the shield; the message says when and why (the background refuses
    // messages over 400 characters: the why comes first, cut at the end).
    message: `A${shieldDetail(e).slice(1)}`.slice(0, 400),
  };
}
