import type { PlanSpec } from '../plan/types.js';
import type { Core } from './position-core.js';
import type { Fill, PlanLevels, PositionState } from './types.js';

/**
 * A position's snapshot (fresh objects: safe to keep or send across a worker), from its scalar
 * state, its plan, its levels (null while pending), its fills and each leg's fill time (NaN: unfilled).
 */
export function positionSnapshot(
  c: Core,
  spec: PlanSpec,
  levels: PlanLevels | null,
  fills: readonly Fill[],
  legFillTimes: readonly number[],
): PositionState {
  const dir = spec.side === 'long' ? 1 : -1;
  const risk = levels?.riskPerUnit ?? NaN;
  const size = spec.size;
  const openR =
    c.status === 'open' && Number.isFinite(c.lastClose)
      ? (dir * (c.lastClose - spec.entry) * c.remaining) / (risk * size)
      : 0;
  return {
    status: c.status,
    side: spec.side,
    entry: spec.entry,
    entryTime: Number.isFinite(c.entryTime) ? c.entryTime : null,
    size,
    remaining: c.status === 'pending' ? size : c.remaining,
    initialStop: levels?.initialStop ?? NaN,
    stop: c.status === 'pending' ? (levels?.initialStop ?? NaN) : c.stop,
    riskPerUnit: risk,
    legs: (levels?.legs ?? []).map((leg, i) => ({
      id: leg.id,
      label: leg.label,
      price: leg.price,
      share: leg.share,
      filled: (c.filledMask & (1 << i)) !== 0,
      fillTime: Number.isFinite(legFillTimes[i]) ? legFillTimes[i] : null,
    })),
    fills: fills.map((f) => ({ ...f })),
    realisedPnl: c.realisedPnl,
    realisedR: levels ? c.realisedPnl / (risk * size) : 0,
    openR,
    fees: c.fees,
    mfe: c.mfe,
    mae: c.mae,
    mfeR: levels ? c.mfe / risk : 0,
    maeR: levels ? c.mae / risk : 0,
    barsOpen: c.barsOpen,
    decayFlagged: c.decayFlagged,
    breakevenActive: c.breakevenActive,
    trailActive: c.trailActive,
    exitTime: Number.isFinite(c.exitTime) ? c.exitTime : null,
  };
}
