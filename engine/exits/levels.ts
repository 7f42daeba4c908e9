import { PlanError } from '../errors.js';
import { formatStop, formatTarget } from '../plan/format.js';
import type { PlanSpec, TargetSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
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

/** A bar's time as a person reads it in a message: 2020-02-21 14:30 UTC (the date alone at midnight). */
function formatBarTime(time: number): string {
  const ms = time * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(time);
  const iso = new Date(ms).toISOString();
  const clock = iso.slice(11, 19).replace(/:00$/, '');
  return clock === '00:00' ? `${iso.slice(0, 10)} UTC` : `${iso.slice(0, 10)} ${clock} UTC`;
}

/**
 * An entry price the entry bar never traded is refused: a fill there cannot have happened, and
 * every R of the trade would be measured from it. The range is the bar as the engine has it; on
 * a live chart that is the forming bar so far, which includes the tick of an entry made in it
 * (so `entry="last"`, its close, is always inside). Null when the entry is inside.
 */
export function entryOutsideBar(plan: PlanSpec, bar: Bar): PlanError | null {
  const entry = plan.entry;
  // A price typed from a broker's ticket may differ from the feed's in the last binary digit.
  const tolerance = 1e-9 * Math.abs(entry);
  if (entry >= bar.low - tolerance && entry <= bar.high + tolerance) return null;
  const side = entry > bar.high ? 'above the high' : 'below the low';
  return new PlanError(
    'entry',
    `entry: ${formatPrice(entry)} is ${side} of its entry bar (${formatBarTime(bar.time)}: low ${formatPrice(bar.low)}, high ${formatPrice(bar.high)}), so no fill could have happened there; give a price inside that range, "last" for the bar's close, or the time (at) of a bar that traded ${formatPrice(entry)}`,
  );
}

/** Bars the engine needs before the entry bar to size the plan: ATR(n) needs n+1 bars. */
function needBars(period: number): string {
  return `${period + 1} bars before the entry bar`;
}

/**
 * Why a plan cannot be placed at an entry, as data: `levelsError` turns it into the PlanError
 * resolveLevels throws. A backtest meets thousands of these, and an Error's stack trace and
 * formatted prices cost ~10 us each.
 */
export interface LevelsProblem {
  kind: 'stop-warm-up' | 'stop-at-entry' | 'stop-side' | 'leg-warm-up' | 'leg-no-swing' | 'leg-side';
  /** The ladder leg at fault (0-based); -1 for the stop. */
  leg: number;
  /** The initial stop for the stop's problems, the leg's price for 'leg-side'; NaN when not known. */
  price: number;
  /** The swing the Fibonacci legs are measured from (NaN when there is none). */
  swingLow: number;
  swingHigh: number;
}

/** Leg ids, made once: a backtest resolves levels for every trade. */
const LEG_IDS = /* @__PURE__ */ Array.from({ length: 64 }, (_, i) => `T${i + 1}`);
const legId = (i: number): string => LEG_IDS[i] ?? `T${i + 1}`;

/** Levels with nothing resolved yet: storage for tryResolveLevels. */
export function emptyLevels(): PlanLevels {
  return {
    side: 'long',
    entry: NaN,
    initialStop: NaN,
    riskPerUnit: NaN,
    legs: [],
    blendedR: 0,
    runnerShare: 100,
    swing: null,
  };
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
  const levels = emptyLevels();
  const problem = tryResolveLevels(plan, ctx, barsBefore, labels, levels);
  if (problem !== null) throw levelsError(plan, problem, barsBefore);
  return levels;
}

/**
 * resolveLevels into `into` (its legs and swing objects are reused), without throwing: returns
 * null when the plan is placed, else why not (and `into` holds nothing meaningful).
 */
export function tryResolveLevels(
  plan: PlanSpec,
  ctx: MarketContext,
  barsBefore: number,
  labels: boolean,
  into: PlanLevels,
): LevelsProblem | null {
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
      if (!Number.isFinite(ctx.atrStop)) return problem('stop-warm-up', -1, NaN, NaN, NaN);
      initialStop = entry - dir * plan.stop.multiple * ctx.atrStop;
      break;
  }
  if (initialStop === entry) return problem('stop-at-entry', -1, initialStop, NaN, NaN);
  if (!(dir * (entry - initialStop) > 0) || !(initialStop > 0))
    return problem('stop-side', -1, initialStop, NaN, NaN);
  const risk = Math.abs(entry - initialStop);
  // The swing as two numbers (NaN: none), the plan's own or the last one before the entry.
  let swingLow = NaN;
  let swingHigh = NaN;
  if (plan.swing) {
    swingLow = plan.swing.low;
    swingHigh = plan.swing.high;
  } else {
    const low = plan.side === 'long' ? ctx.upSwingLow : ctx.downSwingLow;
    const high = plan.side === 'long' ? ctx.upSwingHigh : ctx.downSwingHigh;
    if (Number.isFinite(low) && Number.isFinite(high) && high > low) {
      swingLow = low;
      swingHigh = high;
    }
  }
  const hasSwing = plan.swing !== null || !Number.isNaN(swingLow);
  const ladder = plan.ladder;
  const legs = into.legs;
  legs.length = Math.min(legs.length, ladder.length);
  let sharesTaken = 0;
  let usesFib = false;
  for (let i = 0; i < ladder.length; i++) {
    const target = ladder[i].target;
    if (target.kind === 'atr' && !Number.isFinite(ctx.atrLeg))
      return problem('leg-warm-up', i, NaN, swingLow, swingHigh);
    if (target.kind === 'fib') {
      if (!hasSwing) return problem('leg-no-swing', i, NaN, NaN, NaN);
      usesFib = true;
    }
    const price = targetPrice(target, plan, risk, ctx, swingLow, swingHigh);
    if (!(dir * (price - entry) > 0) || !(price > 0))
      return problem('leg-side', i, price, swingLow, swingHigh);
    const share = ladder[i].share;
    sharesTaken += share;
    const id = legId(i);
    const label = labels ? `${id} ${formatTarget(target)} ${formatShare(share)}% ${formatPrice(price)}` : id;
    const r = (dir * (price - entry)) / risk;
    if (i < legs.length) {
      const leg = legs[i];
      leg.id = id;
      leg.label = label;
      leg.price = price;
      leg.share = share;
      leg.r = r;
    } else legs.push({ id, label, price, share, r });
  }
  const runnerShare = Math.max(0, 100 - sharesTaken);
  const lastR = legs.length ? legs[legs.length - 1].r : 0;
  let blended = 0;
  for (const leg of legs) blended += (leg.share / 100) * leg.r;
  into.side = plan.side;
  into.entry = entry;
  into.initialStop = initialStop;
  into.riskPerUnit = risk;
  into.blendedR = blended + (runnerShare / 100) * lastR;
  into.runnerShare = runnerShare;
  if (!(usesFib && hasSwing)) into.swing = null;
  else if (into.swing === null) into.swing = { low: swingLow, high: swingHigh };
  else {
    into.swing.low = swingLow;
    into.swing.high = swingHigh;
  }
  return null;
}

function problem(
  kind: LevelsProblem['kind'],
  leg: number,
  price: number,
  swingLow: number,
  swingHigh: number,
): LevelsProblem {
  return { kind, leg, price, swingLow, swingHigh };
}

/** The PlanError resolveLevels throws for `problem`: the field at fault, why, and what to change. */
export function levelsError(plan: PlanSpec, problem: LevelsProblem, barsBefore: number): PlanError {
  const dir = plan.side === 'long' ? 1 : -1;
  const entry = formatPrice(plan.entry);
  const { kind, price } = problem;
  const stop = plan.stop;
  if (kind === 'stop-warm-up' && stop.kind === 'atr') {
    return new PlanError(
      'stop',
      `stop: atr${stop.period}x${stop.multiple} needs ${needBars(stop.period)} to measure ATR(${stop.period}); there are ${barsBefore}. Load more history or give the stop as a price or percent`,
    );
  }
  if (kind === 'stop-at-entry') {
    return new PlanError(
      'stop',
      `stop: ${formatStop(stop)} puts the stop at the entry ${entry} (no volatility before the entry); give the stop as a price or percent`,
    );
  }
  if (kind === 'stop-side' || problem.leg < 0) {
    return new PlanError(
      'stop',
      `stop: ${formatPrice(price)} is on the wrong side of the entry ${entry}; a ${plan.side} stop goes ${dir > 0 ? 'below' : 'above'} the entry`,
    );
  }
  const id = legId(problem.leg);
  const target = plan.ladder[problem.leg].target;
  if (kind === 'leg-warm-up' && target.kind === 'atr') {
    return new PlanError(
      'ladder',
      `ladder: ${id} ${formatTarget(target)} needs ${needBars(target.period)} to measure ATR(${target.period}); there are ${barsBefore}`,
    );
  }
  if (kind === 'leg-no-swing') {
    return new PlanError(
      'ladder',
      `ladder: ${id} ${formatTarget(target)} needs a completed ${plan.side === 'long' ? 'up' : 'down'}-swing before the entry and none was found in ${barsBefore} bars; give it as swing low:high`,
    );
  }
  // A Fibonacci leg gets this far only with a swing.
  const anchor =
    target.kind === 'fib'
      ? ` (swing ${formatPrice(problem.swingLow)} to ${formatPrice(problem.swingHigh)})`
      : '';
  return new PlanError(
    'ladder',
    `ladder: ${id} ${formatTarget(target)} comes to ${formatPrice(price)}${anchor}, which is not ${dir > 0 ? 'above' : 'below'} the entry ${entry}; choose a larger target${target.kind === 'fib' ? ' or give the swing as low:high' : ''}`,
  );
}

function formatShare(share: number): string {
  return String(Number(share.toFixed(4)));
}

/** A target's price; an ATR target needs a finite ATR, a Fibonacci one the swing (tested before). */
function targetPrice(
  target: TargetSpec,
  plan: PlanSpec,
  risk: number,
  ctx: MarketContext,
  swingLow: number,
  swingHigh: number,
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
      return plan.entry + dir * target.multiple * ctx.atrLeg;
    case 'fib':
      // Two-point extension of the swing, measured from its start: long L + r*(H-L), short H - r*(H-L).
      return plan.side === 'long'
        ? swingLow + target.ratio * (swingHigh - swingLow)
        : swingHigh - target.ratio * (swingHigh - swingLow);
  }
}
