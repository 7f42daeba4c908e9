import { DEFAULT_ATR_PERIOD, DEFAULT_EXHAUSTION, DEFAULT_SIZE } from './defaults.js';
import type { PlanText } from './parse.js';
import type { ExhaustionSpec, LegSpec, PlanSpec, StopSpec, TargetSpec, TrailSpec } from './types.js';

/** The text form of one number: no trailing zeros, no exponent for ordinary prices. */
export function formatNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}

export function formatStop(stop: StopSpec): string {
  switch (stop.kind) {
    case 'price':
      return formatNumber(stop.price);
    case 'percent':
      return `${formatNumber(stop.percent)}%`;
    case 'atr':
      return `atr${stop.period}x${formatNumber(stop.multiple)}`;
  }
}

export function formatTarget(target: TargetSpec): string {
  switch (target.kind) {
    case 'r':
      return `${formatNumber(target.multiple)}R`;
    case 'fib':
      return `fib${formatNumber(target.ratio)}`;
    case 'atr':
      return target.period === DEFAULT_ATR_PERIOD
        ? `atr${formatNumber(target.multiple)}`
        : `atr${target.period}x${formatNumber(target.multiple)}`;
    case 'percent':
      return `${formatNumber(target.percent)}%`;
    case 'price':
      return `@${formatNumber(target.price)}`;
  }
}

export function formatLadder(ladder: LegSpec[]): string {
  return ladder.length === 0
    ? 'none'
    : ladder.map((leg) => `${formatTarget(leg.target)}:${formatNumber(leg.share)}`).join(',');
}

export function formatTrail(trail: TrailSpec): string {
  if (trail.kind === 'none') return 'none';
  const after = trail.activateAfterLeg > 0 ? `@${trail.activateAfterLeg}` : '';
  return trail.kind === 'atr'
    ? `atr${trail.period}x${formatNumber(trail.multiple)}${after}`
    : `chandelier${trail.lookback}x${formatNumber(trail.multiple)}${after}`;
}

function formatExhaustion(spec: ExhaustionSpec | null): string {
  if (!spec) return 'none';
  const d = DEFAULT_EXHAUSTION;
  const same =
    spec.rsiPeriod === d.rsiPeriod &&
    spec.overbought === d.overbought &&
    spec.oversold === d.oversold &&
    spec.bbPeriod === d.bbPeriod &&
    spec.bbK === d.bbK &&
    spec.takeShare === d.takeShare &&
    spec.act === d.act;
  if (same) return '';
  const text = `rsi${spec.rsiPeriod}>${formatNumber(spec.overbought)}<${formatNumber(spec.oversold)},bb${spec.bbPeriod}x${formatNumber(spec.bbK)},take${formatNumber(spec.takeShare)}`;
  return spec.act ? `${text},act` : text;
}

/** The inverse of parsePlan: parsePlan(formatPlan(p)) deep-equals p. Defaults are left out. */
export function formatPlan(plan: PlanSpec): PlanText {
  const text: PlanText = {
    side: plan.side,
    entry: formatNumber(plan.entry),
    stop: formatStop(plan.stop),
    ladder: formatLadder(plan.ladder),
    trail: formatTrail(plan.trail),
  };
  if (plan.size !== DEFAULT_SIZE) text.size = formatNumber(plan.size);
  if (plan.breakeven) {
    const b = plan.breakeven;
    text.breakeven = `${b.afterLeg}${b.plusFees ? '+fees' : b.offset ? `+${formatNumber(b.offset)}` : ''}`;
  }
  const exhaustion = formatExhaustion(plan.exhaustion);
  if (exhaustion) text.exhaustion = exhaustion;
  if (plan.decay) {
    text.decay = `bars${plan.decay.bars},min${formatNumber(plan.decay.minProgressR)}R${plan.decay.act ? ',act' : ''}`;
  }
  const fees = [
    plan.fees.bps ? `bps${formatNumber(plan.fees.bps)}` : '',
    plan.fees.perUnit ? `unit${formatNumber(plan.fees.perUnit)}` : '',
    plan.fees.perFill ? `fill${formatNumber(plan.fees.perFill)}` : '',
  ].filter(Boolean);
  if (fees.length) text.fees = fees.join(',');
  if (plan.entryTime !== undefined) text.at = plan.entryTime;
  if (plan.swing) text.swing = `${formatNumber(plan.swing.low)}:${formatNumber(plan.swing.high)}`;
  return text;
}

/** One line a person reads: "long 100 stop atr14x1.5 ladder 1R:25,2R:25,fib1.618:50 trail atr14x2.5". */
export function describePlan(plan: PlanSpec): string {
  const t = formatPlan(plan);
  const parts = [`${t.side} ${t.entry}`, `stop ${t.stop}`, `ladder ${t.ladder}`, `trail ${t.trail}`];
  if (t.breakeven) parts.push(`breakeven after T${t.breakeven}`);
  if (t.decay) parts.push(`decay ${t.decay}`);
  if (t.fees) parts.push(`fees ${t.fees}`);
  if (t.size) parts.push(`size ${t.size}`);
  return parts.join(' ');
}
