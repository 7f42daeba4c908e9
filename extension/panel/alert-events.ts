import { formatPrice, formatR, type Overlay } from '../../engine/index.js';
import type { Settings } from '../storage/settings.js';
import type { AlertRequest } from '../shared/messages.js';

/** A crossing or signal the engine recorded, with a key that names that one event for good. */
export interface PlanEvent extends AlertRequest {
  kind: 'stop' | 'leg' | 'exhaustion' | 'shield';
}

/**
 * Turns the engine's fills and exhaustion markers into alert events. The key holds the symbol,
 * the plan's save stamp, the event and the bar time, so the same crossing (re-detected after a
 * reload, or again on the next tick of the same bar) always has the same key and the
 * background fires it at most once, while a new plan or a later bar is a new event.
 */
export function planEvents(symbol: string, planStamp: string, overlay: Overlay): PlanEvent[] {
  const events: PlanEvent[] = [];
  for (const fill of overlay.state.fills) {
    const kind =
      fill.reason === 'target'
        ? 'leg'
        : fill.reason === 'exhaustion'
          ? 'exhaustion'
          : fill.reason === 'decay' || fill.reason === 'close'
            ? null
            : 'stop';
    if (!kind) continue;
    const what =
      kind === 'leg'
        ? `${fill.leg} target`
        : fill.reason === 'trail'
          ? 'trailing stop'
          : fill.reason === 'breakeven'
            ? 'breakeven stop'
            : kind === 'stop'
              ? 'stop'
              : 'exhaustion exit';
    events.push({
      kind,
      key: `${symbol}|${planStamp}|fill|${fill.leg}|${fill.reason}|${fill.time}`,
      title: `${symbol}: ${what} hit${fill.intrabar ? ' (intrabar)' : ''}`,
      // A live tick crossed it inside the still-forming bar: said, so nobody waits for the close.
      message: `${what} at ${formatPrice(fill.plannedPrice)}${fill.intrabar ? ', crossed by a live tick inside the forming bar' : ''}: ${formatR(fill.r)} on ${fill.size} of ${overlay.state.size} units.`,
    });
  }
  for (const marker of overlay.markers) {
    if (marker.role !== 'exhaustion') continue;
    events.push({
      kind: 'exhaustion',
      key: `${symbol}|${planStamp}|exhaustion|${marker.time}`,
      title: `${symbol}: exhaustion signal`,
      message: `${marker.text} near ${formatPrice(marker.price)}: consider taking a slice off.`,
    });
  }
  return events;
}

export function wanted(event: PlanEvent, settings: Settings): boolean {
  if (!settings.alertsEnabled) return false;
  // A book shield is an emergency exit: it alerts where a stop does.
  return event.kind === 'stop' || event.kind === 'shield'
    ? settings.alertOnStop
    : event.kind === 'leg'
      ? settings.alertOnLegs
      : settings.alertOnExhaustion;
}

/**
 * Remembers which events were already on the chart when watching began (history the trader
 * saw happen, or was away for), so only crossings that happen while the panel is open alert.
 */
export class AlertWatch {
  private readonly seen = new Set<string>();
  private primed = false;

  /** Returns the events to alert for this overlay. The first overlay only primes. */
  next(events: PlanEvent[]): PlanEvent[] {
    const fresh = events.filter((e) => !this.seen.has(e.key));
    for (const e of fresh) this.seen.add(e.key);
    if (!this.primed) {
      this.primed = true;
      return [];
    }
    return fresh;
  }
}
