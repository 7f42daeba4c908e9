import { atrBatch } from '../indicators/atr.js';
import { rsiBatch } from '../indicators/rsi.js';
import { formatLadder, formatStop, formatTrail } from '../plan/format.js';
import { parseLadder, parseStop, parseTrail, type PlanText } from '../plan/parse.js';
import type { Bar } from '../types.js';
import { tradeDirection } from './match.js';
import { barIndexAt, enteredSize, replayPlan } from './replay.js';
import { reportTrade } from './report.js';
import { meanEstimate, type MeanEstimate } from './stats.js';
import type { JournalTrade } from './types.js';

/** An exit is premature when price went at least this far further its way (per unit, in R) within the horizon. */
export const PREMATURE_R = 1;
export const DEFAULT_HORIZON = 24;

export interface ExitFeatures {
  /** RSI(14) at the exit bar's close. */
  rsi14: number;
  /** ATR(14) as a percent of the close. */
  atrPercent: number;
  /** Bars from the entry bar to the exit bar. */
  barsHeld: number;
  /** Where the exit stood against the average entry, in R per unit. */
  progressR: number;
  /** p(reversal) the chart's model showed at the exit fill; NaN when none was recorded. */
  reversalP: number;
  /** The regime at the exit fill as recorded (the chart's policy addon's, else the bars'); null when none. */
  regime: string | null;
}

export interface ExitAudit {
  tradeId: string;
  leg: string;
  time: number;
  price: number;
  size: number;
  /** Best move in the trade's favour after the exit, within the horizon, x size, in R of the trade (>= 0). */
  prematureR: number;
  /** The best price before the exit (MFE) minus the exit, x size, in R of the trade (>= 0): given back. */
  lateR: number;
  /** Bars of the horizon the data had after the exit (fewer near the end of the data). */
  horizonBars: number;
  premature: boolean;
  features: ExitFeatures;
}

/**
 * One row of the state at premature exits against the others: a numeric feature's mean over
 * the exits that have it, or (feature "regime <name> (%)") the percent of each group's exits
 * with a recorded regime that were in that regime. `prematureN`/`goodN`: the exits that had a value.
 */
export interface FeatureContrast {
  feature: string;
  premature: number;
  good: number;
  prematureN: number;
  goodN: number;
}

export interface Suggestion {
  /** e.g. "trail atr14x2.5 -> atr14x3". */
  change: string;
  trades: number;
  /** Mean R of the variant per trade. */
  variantMeanR: number;
  /** Variant R - actual R per trade: the R it would have kept (+) or lost (-), with its interval. */
  keptVsActual: MeanEstimate;
  /** Variant R - the plan's R per trade. */
  keptVsPlan: MeanEstimate;
}

export interface AuditReport {
  horizon: number;
  exits: ExitAudit[];
  totalPrematureR: number;
  totalLateR: number;
  contrast: FeatureContrast[];
  suggestions: Suggestion[];
}

interface Indicators {
  rsi: Float64Array;
  atr: Float64Array;
}

const indicatorCache = new WeakMap<readonly Bar[], Indicators>();

/** RSI and ATR over the whole series: each value at bar t reads bars up to t only. */
function indicatorsFor(bars: readonly Bar[]): Indicators {
  let cached = indicatorCache.get(bars);
  if (!cached) {
    const close = Float64Array.from(bars, (b) => b.close);
    cached = {
      rsi: rsiBatch(close, 14),
      atr: atrBatch(
        Float64Array.from(bars, (b) => b.high),
        Float64Array.from(bars, (b) => b.low),
        close,
        14,
      ),
    };
    indicatorCache.set(bars, cached);
  }
  return cached;
}

function auditExits(trade: JournalTrade, bars: readonly Bar[], horizon: number): ExitAudit[] {
  const report = reportTrade(trade, bars);
  const dir = tradeDirection(trade);
  const risk = report.levels.riskPerUnit;
  const oneR = risk * enteredSize(trade);
  const entryIndex = Math.max(0, barIndexAt(bars, report.entryTime));
  const entries = report.legs.filter((l) => l.leg === 'entry');
  const avgEntry =
    entries.reduce((s, l) => s + l.price * l.size, 0) / entries.reduce((s, l) => s + l.size, 0);
  const ind = indicatorsFor(bars);
  const favourable = (b: Bar): number => (dir === 1 ? b.high : b.low);
  return report.legs
    .filter((l) => l.leg !== 'entry')
    .map((l) => {
      const i = barIndexAt(bars, l.time);
      // The best price before the exit: the entry bar through the exit bar.
      let before = -Infinity;
      for (let k = entryIndex; k <= i; k++) before = Math.max(before, dir * favourable(bars[k]));
      // The best price after it: the next `horizon` bars.
      const end = Math.min(bars.length - 1, i + horizon);
      let after = -Infinity;
      for (let k = i + 1; k <= end; k++) after = Math.max(after, dir * favourable(bars[k]));
      const afterUnit = Math.max(0, after - dir * l.price);
      return {
        tradeId: trade.id,
        leg: l.leg,
        time: l.time,
        price: l.price,
        size: l.size,
        prematureR: (afterUnit * l.size) / oneR,
        lateR: (Math.max(0, before - dir * l.price) * l.size) / oneR,
        horizonBars: end - i,
        premature: afterUnit >= PREMATURE_R * risk,
        features: {
          rsi14: ind.rsi[i],
          atrPercent: (ind.atr[i] / bars[i].close) * 100,
          barsHeld: i - entryIndex,
          progressR: (dir * (l.price - avgEntry)) / risk,
          reversalP: l.reversalP ?? NaN,
          regime: l.regime,
        },
      };
    });
}

const mean = (xs: readonly number[]): number => {
  const finite = xs.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
};

const NUMERIC_FEATURES = ['rsi14', 'atrPercent', 'barsHeld', 'progressR', 'reversalP'] as const;

/**
 * The state at premature exits against the others, feature by feature. The recorded model
 * state (reversal probability, regime) is compared only where some exit has it: a journal
 * without it gets the bar features alone, not a row of blanks.
 */
function contrastFeatures(premature: readonly ExitAudit[], good: readonly ExitAudit[]): FeatureContrast[] {
  const all = [...premature, ...good];
  const rows: FeatureContrast[] = [];
  for (const feature of NUMERIC_FEATURES) {
    const values = (exits: readonly ExitAudit[]): number[] =>
      exits.map((e) => e.features[feature]).filter(Number.isFinite);
    if (feature === 'reversalP' && values(all).length === 0) continue;
    const p = values(premature);
    const g = values(good);
    rows.push({ feature, premature: mean(p), good: mean(g), prematureN: p.length, goodN: g.length });
  }
  const withRegime = (exits: readonly ExitAudit[]): ExitAudit[] => exits.filter((e) => e.features.regime);
  const p = withRegime(premature);
  const g = withRegime(good);
  const share = (exits: readonly ExitAudit[], regime: string): number =>
    exits.length === 0
      ? NaN
      : (exits.filter((e) => e.features.regime === regime).length / exits.length) * 100;
  const regimes = [...new Set(withRegime(all).map((e) => e.features.regime!))].sort();
  for (const regime of regimes)
    rows.push({
      feature: `regime ${regime} (%)`,
      premature: share(p, regime),
      good: share(g, regime),
      prematureN: p.length,
      goodN: g.length,
    });
  return rows;
}

/** Plan variants worth testing on these trades: each the same plan with one rule moved. */
export function planVariants(plan: PlanText): { change: string; text: PlanText }[] {
  const out: { change: string; text: PlanText }[] = [];
  const trail = parseTrail(plan.trail ?? 'none');
  if (trail.kind !== 'none')
    for (const d of [0.5, -0.5]) {
      const m = trail.multiple + d;
      if (m <= 0) continue;
      const text = formatTrail({ ...trail, multiple: m });
      out.push({ change: `trail ${plan.trail} -> ${text}`, text: { ...plan, trail: text } });
    }
  const ladder = parseLadder(plan.ladder ?? '');
  const t1 = ladder[0];
  if (t1 && t1.target.kind === 'r')
    for (const d of [0.5, -0.5]) {
      const m = t1.target.multiple + d;
      if (m <= 0) continue;
      const text = formatLadder([{ ...t1, target: { kind: 'r', multiple: m } }, ...ladder.slice(1)]);
      out.push({ change: `T1 ${t1.target.multiple}R -> ${m}R`, text: { ...plan, ladder: text } });
    }
  const stop = parseStop(plan.stop);
  if (stop.kind === 'atr') {
    const text = formatStop({ ...stop, multiple: stop.multiple + 0.5 });
    out.push({ change: `stop ${plan.stop} -> ${text}`, text: { ...plan, stop: text } });
  }
  if (plan.breakeven && plan.breakeven !== 'none')
    out.push({ change: `no breakeven (was ${plan.breakeven})`, text: { ...plan, breakeven: 'none' } });
  else if (ladder.length > 0) out.push({ change: 'breakeven after T1', text: { ...plan, breakeven: '1' } });
  return out;
}

/**
 * The exit audit over closed trades: per exit what was left on the table after it and given
 * back before it, the state at premature exits against the others, and plan variants replayed
 * by the engine on the same trades. Deterministic: same trades, bars and seed, same numbers.
 */
export function auditTrades(
  trades: readonly JournalTrade[],
  barsFor: (t: JournalTrade) => readonly Bar[],
  horizon = DEFAULT_HORIZON,
  seed = 1,
): AuditReport {
  const withFills = trades.filter((t) => t.fills.length > 0);
  const exits = withFills.flatMap((t) => auditExits(t, barsFor(t), horizon));
  const premature = exits.filter((e) => e.premature);
  const good = exits.filter((e) => !e.premature);
  const contrast = contrastFeatures(premature, good);
  // Variants by change text: trades sharing a plan rule share the suggestion.
  const byChange = new Map<string, { variant: number[]; vsActual: number[]; vsPlan: number[] }>();
  for (const t of withFills) {
    const bars = barsFor(t);
    const base = reportTrade(t, bars);
    for (const v of planVariants(t.plan)) {
      const replay = replayPlan(t, bars, v.text);
      const s = replay.overlay.state;
      const r = s.realisedR + (s.status === 'closed' ? 0 : s.openR);
      const entry = byChange.get(v.change) ?? { variant: [], vsActual: [], vsPlan: [] };
      entry.variant.push(r);
      entry.vsActual.push(r - base.actualR);
      entry.vsPlan.push(r - base.planR);
      byChange.set(v.change, entry);
    }
  }
  const suggestions = [...byChange.entries()]
    .map(([change, v]) => ({
      change,
      trades: v.variant.length,
      variantMeanR: mean(v.variant),
      keptVsActual: meanEstimate(v.vsActual, seed),
      keptVsPlan: meanEstimate(v.vsPlan, seed),
    }))
    .sort((a, b) => b.keptVsActual.interval.point - a.keptVsActual.interval.point);
  return {
    horizon,
    exits,
    totalPrematureR: exits.reduce((s, e) => s + e.prematureR, 0),
    totalLateR: exits.reduce((s, e) => s + e.lateR, 0),
    contrast,
    suggestions,
  };
}
