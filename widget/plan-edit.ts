import { formatPlan, type Overlay, type PlanSpec, type PlanText } from '../engine/index.js';

/**
 * The plan after a level was dragged to `price`: the entry moves, the stop becomes a fixed
 * price, a leg becomes a fixed-price target with its share kept. Everything else stays, so
 * the engine recomputes R, the legs measured in R, and the trail from the new numbers.
 */
export function planWithLevelAt(spec: PlanSpec, id: string, price: number): PlanSpec {
  const rounded = roundPrice(price, spec.entry);
  if (id === 'entry') return { ...spec, entry: rounded };
  if (id === 'stop') return { ...spec, stop: { kind: 'price', price: rounded } };
  const leg = /^T(\d+)$/.exec(id);
  if (leg) {
    const index = Number(leg[1]) - 1;
    if (index >= 0 && index < spec.ladder.length) {
      const ladder = spec.ladder.map((l, i) =>
        i === index ? { ...l, target: { kind: 'price' as const, price: rounded } } : l,
      );
      return { ...spec, ladder };
    }
  }
  return spec;
}

/** Five significant digits near the entry's magnitude: a pixel of drag is not worth 15 digits. */
export function roundPrice(price: number, reference: number): number {
  const magnitude = Math.floor(Math.log10(Math.abs(reference) || 1));
  const decimals = Math.max(0, Math.min(10, 4 - magnitude));
  return Number(price.toFixed(decimals));
}

/**
 * All-in-all-out counterpart of a scaled plan on the same path: same side, entry, stop and
 * fees, one leg taking 100% at the ladder's last target, no trail, no breakeven, no signal exits.
 */
export function allInAllOut(spec: PlanSpec): PlanSpec | null {
  const last = spec.ladder[spec.ladder.length - 1];
  if (!last) return null;
  return {
    ...spec,
    ladder: [{ target: last.target, share: 100 }],
    trail: { kind: 'none' },
    breakeven: null,
    exhaustion: null,
    decay: null,
  };
}

/**
 * Tells the host about the reader's new plan, with the entry moment the engine anchored it at
 * (so a saved plan reloads onto the same bar). A throwing host callback is the host's error:
 * it is reported on its own, outside the widget's queue.
 */
export function announcePlan(onPlanChange: (plan: PlanText) => void, spec: PlanSpec, overlay: Overlay): void {
  const entryTime = spec.entryTime ?? overlay.state.entryTime ?? undefined;
  const text = formatPlan({ ...spec, entryTime });
  queueMicrotask(() => onPlanChange(text));
}
