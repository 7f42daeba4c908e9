import {
  compilePolicy,
  computeOverlay,
  type Bar,
  type CostSpec,
  type LegState,
  type PolicyDef,
  type Trade,
  type TrailPoint,
} from '../../engine/index.js';

/** What the trade replay draws besides the candles and the booked fills. */
export interface ReplayLevels {
  /** The ladder's targets as the plan placed them at the entry. */
  targets: LegState[];
  /** The stop in force bar by bar, from the entry bar to the exit: the trail and breakeven moves. */
  stopPath: TrailPoint[];
  /** The re-run's fills (leg and time) are the booked trade's: the levels above are the ones it traded. */
  agrees: boolean;
}

/**
 * A booked trade's levels, recomputed: the lab records fills and money, not the levels that led
 * to them, so the trade is played again through the engine's ExitTracker with the policy's plan,
 * the trade's side, filled entry, time and size, over the bars up to its exit. The lab steps the
 * same Position the same way (engine/backtest/trade-run.ts), so targets and stop path are the
 * ones the trade saw; slippage and the stress test's gaps move fill prices, not levels, but a
 * gap can change which bar a level is hit on, so `agrees` says whether the re-run filled the same
 * legs on the same bars. Returns null when the plan cannot be placed again (it always could in
 * the run, so only a stressed run can get here).
 */
export function replayLevels(
  bars: readonly Bar[],
  def: PolicyDef,
  trade: Trade,
  costs: CostSpec,
): ReplayLevels | null {
  const plan = {
    ...compilePolicy(def),
    side: trade.side,
    entry: trade.entryPrice,
    entryTime: trade.entryTime,
    size: trade.size,
    fees: { perUnit: costs.perUnit, bps: costs.bps, perFill: costs.perFill },
  };
  let overlay;
  try {
    overlay = computeOverlay(bars.slice(0, trade.exitIndex + 1), plan);
  } catch {
    return null;
  }
  const booked = trade.fills.map((f) => `${f.leg}@${f.time}`);
  const replayed = overlay.state.fills.map((f) => `${f.leg}@${f.time}`);
  return {
    targets: overlay.state.legs,
    stopPath: overlay.trail,
    // The end-of-data close is booked by the lab alone (the tracker leaves the position open).
    agrees: trade.endOfData
      ? booked.slice(0, -1).join() === replayed.join()
      : booked.join() === replayed.join(),
  };
}
