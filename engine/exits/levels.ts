import { PlanError } from '../errors.js';
import { formatStop, formatTarget } from '../plan/format.js';
import type { PlanSpec, TargetSpec } from '../plan/types.js';
import type { MarketContext } from './context.js';
import type { PlanLevels } from './types.js';

/** A readable price for labels: about six significant digits, thousands separated, no trailing zeros. */
export function formatPrice(price: number): string {
  const magnitude = price === 0 ? 0 : Math.floor(Math.log10(Math.abs(price)));
  const decimals = Math.min(8, Math.max(0, 5 - magnitude));
  const [whole, fraction = ''] = price.toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

export function formatR(r: number): string {
  return `${r >= 0 ? '+' : '\u2212'}${Math.abs(r).toFixed(2)}R`;
}

/** Bars the engine needs before the entry bar to size the plan: ATR(n) needs n+1 bars. */
function needBars(period: number): string {
  return `${period + 1} bars before the entry bar`;
}

/**
 * Resolves a plan into prices, from the market context through the bar before the entry bar
 * (no look-ahead: the entry bar's own range is not known when the order is placed).
 * Throws PlanError when a level cannot be placed, saying why and what to change.
 */
export function resolveLevels(
  plan: PlanSpec,
  ctx: MarketContext,
  barsBefore: number,
  /** Build the label strings (a backtest running thousands of trades does without). */
  labels = true,
): PlanLevels {
  const dir = plan.side === 'long' ? 1 : -1;
  const entry = plan.entry;
  let initialStop: number;
  switch (plan.stop.kind) {
    case 'price':
      initialStop = plan.stop.price;
      break;
    case 'percent':
      initialStop = entry * (1 - (dir * plan.stop.percent) / 100);
      break;
    case 'atr':
      if (!Number.isFinite(ctx.atrStop)) {
        throw new PlanError(
          'stop',
          `stop: atr${plan.stop.period}x${plan.stop.multiple} needs ${needBars(plan.stop.period)} to measure ATR(${plan.stop.period}); there are ${barsBefore}. Load more history or give the stop as a price or percent`,
        );
      }
      initialStop = entry - dir * plan.stop.multiple * ctx.atrStop;
      break;
  }
  if (initialStop === entry) {
    throw new PlanError(
      'stop',
      `stop: ${formatStop(plan.stop)} puts the stop at the entry ${formatPrice(entry)} (no volatility before the entry); give the stop as a price or percent`,
    );
  }
  if (!(dir * (entry - initialStop) > 0) || !(initialStop > 0)) {
    throw new PlanError(
      'stop',
      `stop: ${formatPrice(initialStop)} is on the wrong side of the entry ${formatPrice(entry)}; a ${plan.side} stop goes ${dir > 0 ? 'below' : 'above'} the entry`,
    );
  }
  const risk = Math.abs(entry - initialStop);
  const swing = plan.swing ?? findSwing(plan, ctx);
  let sharesTaken = 0;
  const legs = plan.ladder.map((leg, i) => {
    const id = `T${i + 1}`;
    const price = targetPrice(leg.target, plan, risk, ctx, swing, id, barsBefore);
    if (!(dir * (price - entry) > 0) || !(price > 0)) {
      const anchor =
        leg.target.kind === 'fib' && swing
          ? ` (swing ${formatPrice(swing.low)} to ${formatPrice(swing.high)})`
          : '';
      throw new PlanError(
        'ladder',
        `ladder: ${id} ${formatTarget(leg.target)} comes to ${formatPrice(price)}${anchor}, which is not ${dir > 0 ? 'above' : 'below'} the entry ${formatPrice(entry)}; choose a larger target${leg.target.kind === 'fib' ? ' or give the swing as low:high' : ''}`,
      );
    }
    sharesTaken += leg.share;
    const r = (dir * (price - entry)) / risk;
    return {
      id,
      label: labels
        ? `${id} ${formatTarget(leg.target)} ${formatShare(leg.share)}% ${formatPrice(price)}`
        : id,
      price,
      share: leg.share,
      r,
    };
  });
  const runnerShare = Math.max(0, 100 - sharesTaken);
  const lastR = legs.length ? legs[legs.length - 1].r : 0;
  const blendedR =
    legs.reduce((sum, leg) => sum + (leg.share / 100) * leg.r, 0) + (runnerShare / 100) * lastR;
  const usesFib = plan.ladder.some((leg) => leg.target.kind === 'fib');
  return {
    side: plan.side,
    entry,
    initialStop,
    riskPerUnit: risk,
    legs,
    blendedR,
    runnerShare,
    swing: usesFib && swing ? { low: swing.low, high: swing.high } : null,
  };
}

function formatShare(share: number): string {
  return String(Number(share.toFixed(4)));
}

function findSwing(plan: PlanSpec, ctx: MarketContext): { low: number; high: number } | null {
  const [low, high] =
    plan.side === 'long' ? [ctx.upSwingLow, ctx.upSwingHigh] : [ctx.downSwingLow, ctx.downSwingHigh];
  return Number.isFinite(low) && Number.isFinite(high) && high > low ? { low, high } : null;
}

function targetPrice(
  target: TargetSpec,
  plan: PlanSpec,
  risk: number,
  ctx: MarketContext,
  swing: { low: number; high: number } | null,
  id: string,
  barsBefore: number,
): number {
  const dir = plan.side === 'long' ? 1 : -1;
  switch (target.kind) {
    case 'r':
      return plan.entry + dir * target.multiple * risk;
    case 'percent':
      return plan.entry * (1 + (dir * target.percent) / 100);
    case 'price':
      return target.price;
    case 'atr':
      if (!Number.isFinite(ctx.atrLeg)) {
        throw new PlanError(
          'ladder',
          `ladder: ${id} ${formatTarget(target)} needs ${needBars(target.period)} to measure ATR(${target.period}); there are ${barsBefore}`,
        );
      }
      return plan.entry + dir * target.multiple * ctx.atrLeg;
    case 'fib':
      if (!swing) {
        throw new PlanError(
          'ladder',
          `ladder: ${id} ${formatTarget(target)} needs a completed ${plan.side === 'long' ? 'up' : 'down'}-swing before the entry and none was found in ${barsBefore} bars; give it as swing low:high`,
        );
      }
      // Two-point extension of the swing, measured from its start: long L + r*(H-L), short H - r*(H-L).
      return plan.side === 'long'
        ? swing.low + target.ratio * (swing.high - swing.low)
        : swing.high - target.ratio * (swing.high - swing.low);
  }
}
