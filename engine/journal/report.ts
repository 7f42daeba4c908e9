import type { PlanLevels } from '../exits/types.js';
import type { PlanText } from '../plan/parse.js';
import type { Bar } from '../types.js';
import { tradeDirection } from './match.js';
import { barIndexAt, enteredSize, replayPlan } from './replay.js';
import type { FillSide, JournalFill, JournalTrade } from './types.js';

/** A fill within this many R (per unit) of a planned level counts as executing that level. */
export const LEVEL_TOLERANCE_R = 0.25;

export interface LegReport {
  /** 'entry', 'T1'.., 'stop' (the stop in force at the fill, trail or breakeven included), or 'manual'. */
  leg: string;
  side: FillSide;
  time: number;
  price: number;
  size: number;
  fee: number;
  /** The plan's level for this leg; null for a manual exit (no level to compare with). */
  plannedPrice: number | null;
  /** Price given up against the planned level per unit (positive = worse than planned). */
  slippage: number | null;
  slippageBps: number | null;
  /** slippage x size in R of the trade (1R = risk per unit x units entered). */
  slippageR: number | null;
  /** slippage x size in money. */
  slippageCash: number | null;
  /** Price given up against the mid when the signal fired, when that mid was recorded. */
  slippageVsMid: number | null;
  /** p(reversal) the chart's model showed at the fill (market.reversal), null when none was recorded. */
  reversalP: number | null;
  /** The regime at the fill: the one the chart's policy addon showed, else the bars' (market.regime); null when neither. */
  regime: string | null;
}

export interface RuleCheck {
  rule: string;
  followed: boolean;
  detail: string;
}

export interface TradeReport {
  id: string;
  symbol: string;
  tags: string[];
  side: 'long' | 'short';
  entryTime: number;
  exitTime: number | null;
  levels: PlanLevels;
  /** Units entered; 1R in money = riskPerUnit x entered. */
  entered: number;
  legs: LegReport[];
  rules: RuleCheck[];
  /** Every rule followed and no edit after entry. */
  followed: boolean;
  /** Realised: exits minus entries minus all fees. */
  actualPnl: number;
  actualR: number;
  /** Units still open (not in actualPnl). */
  openSize: number;
  fees: number;
  /** The plan replayed by the engine on the same bars, from the same entry bar, same size. */
  planR: number;
  /** True when the bars ended before the plan closed (its R includes the open remainder at the last close). */
  planOpen: boolean;
  planExitTime: number | null;
  /** actualR - planR: what leaving the plan made (positive) or cost (negative). */
  deviationR: number;
  slippageR: number;
  /** Excursions from the average entry over the bars the trade was open, in R per unit. */
  mfeR: number;
  maeR: number;
  /** (average exit - average entry) / MFE, in the trade's direction; null without an exit or an MFE. */
  exitEfficiency: number | null;
}

const weightedPrice = (fills: readonly JournalFill[]): number =>
  fills.reduce((s, f) => s + f.price * f.size, 0) / fills.reduce((s, f) => s + f.size, 0);

/** The stop in force during bar `index` of the replay (its stepped trail), else the initial stop. */
function stopAt(trail: readonly { time: number; price: number }[], time: number, initial: number): number {
  let stop = initial;
  for (const p of trail) {
    if (p.time > time) break;
    stop = p.price;
  }
  return stop;
}

/**
 * Plan against actual for one trade on its bars. Exit fills without a leg are matched to the
 * nearest planned level still open (a ladder target, or the stop in force at that bar) within
 * LEVEL_TOLERANCE_R; farther than that they are manual exits.
 */
export function reportTrade(trade: JournalTrade, bars: readonly Bar[]): TradeReport {
  const replay = replayPlan(trade, bars);
  const { overlay } = replay;
  const levels = overlay.levels;
  const dir = tradeDirection(trade);
  const opening: FillSide = dir === 1 ? 'buy' : 'sell';
  const risk = levels.riskPerUnit;
  const entered = enteredSize(trade);
  const oneR = risk * entered;
  const fills = [...trade.fills].sort((a, b) => a.time - b.time);
  const taken = new Set<string>();
  const legs: LegReport[] = fills.map((f) => {
    const adverse = f.side === 'buy' ? 1 : -1;
    let leg = f.leg;
    let planned: number | null = null;
    if (f.side === opening) {
      leg = 'entry';
      planned = levels.entry;
    } else {
      const barTime = bars[Math.max(0, barIndexAt(bars, f.time))].time;
      const stop = stopAt(overlay.trail, barTime, levels.initialStop);
      const options = [
        ...levels.legs.filter((l) => !taken.has(l.id)).map((l) => ({ id: l.id, price: l.price })),
        { id: 'stop', price: stop },
      ];
      const given = leg === undefined ? undefined : options.find((o) => o.id === leg);
      const nearest = options.reduce((a, b) =>
        Math.abs(b.price - f.price) < Math.abs(a.price - f.price) ? b : a,
      );
      // 'manual' is the trader saying so (the panel's "Exit by hand"): no level, however near one.
      const chosen =
        leg === 'manual'
          ? undefined
          : (given ?? (Math.abs(nearest.price - f.price) <= LEVEL_TOLERANCE_R * risk ? nearest : undefined));
      leg = chosen?.id ?? 'manual';
      planned = chosen?.price ?? null;
      if (chosen && chosen.id !== 'stop') taken.add(chosen.id);
    }
    const slippage = planned === null ? null : adverse * (f.price - planned);
    return {
      leg,
      side: f.side,
      time: f.time,
      price: f.price,
      size: f.size,
      fee: f.fee,
      plannedPrice: planned,
      slippage,
      slippageBps: slippage === null || planned === null ? null : (slippage / planned) * 1e4,
      slippageR: slippage === null ? null : (slippage * f.size) / oneR,
      slippageCash: slippage === null ? null : slippage * f.size,
      slippageVsMid: f.signalMid === undefined ? null : adverse * (f.price - f.signalMid),
      reversalP: f.market?.reversal?.probability ?? null,
      regime: f.market?.policyRegime ?? f.market?.regime ?? null,
    };
  });

  const entries = fills.filter((f) => f.side === opening);
  const exits = fills.filter((f) => f.side !== opening);
  const fees = fills.reduce((s, f) => s + f.fee, 0);
  const exited = exits.reduce((s, f) => s + f.size, 0);
  const openSize = entered - exited;
  // Realised P&L: exits against the average entry (the open remainder is not counted).
  const avgEntry = entries.length > 0 ? weightedPrice(entries) : levels.entry;
  const actualPnl = exits.length === 0 ? -fees : dir * (weightedPrice(exits) - avgEntry) * exited - fees;
  const actualR = oneR > 0 ? actualPnl / oneR : 0;

  const state = overlay.state;
  const planOpen = state.status !== 'closed';
  const planR = state.realisedR + (planOpen ? state.openR : 0);

  // Excursions over the bars the trade was open: from the entry bar to the last exit's bar.
  const first = Math.max(0, barIndexAt(bars, entries[0]?.time ?? replay.spec.entryTime ?? bars[0].time));
  const closed = openSize <= entered * 1e-9 && exits.length > 0;
  const last = closed ? barIndexAt(bars, exits[exits.length - 1].time) : bars.length - 1;
  let mfe = 0;
  let mae = 0;
  for (let i = first; i <= last; i++) {
    mfe = Math.max(mfe, dir * ((dir === 1 ? bars[i].high : bars[i].low) - avgEntry));
    mae = Math.max(mae, dir * (avgEntry - (dir === 1 ? bars[i].low : bars[i].high)));
  }
  const exitEfficiency = exits.length > 0 && mfe > 0 ? (dir * (weightedPrice(exits) - avgEntry)) / mfe : null;

  const rules = checkRules(trade, legs, overlay.state.fills, levels, risk);
  return {
    id: trade.id,
    symbol: trade.symbol,
    tags: trade.tags,
    side: dir === 1 ? 'long' : 'short',
    entryTime: entries[0]?.time ?? bars[replay.entryIndex].time,
    exitTime: closed ? exits[exits.length - 1].time : null,
    levels,
    entered,
    legs,
    rules,
    followed: rules.every((r) => r.followed),
    actualPnl,
    actualR,
    openSize,
    fees,
    planR,
    planOpen,
    planExitTime: state.exitTime,
    deviationR: actualR - planR,
    slippageR: legs.reduce((s, l) => s + (l.slippageR ?? 0), 0),
    mfeR: risk > 0 ? mfe / risk : 0,
    maeR: risk > 0 ? mae / risk : 0,
    exitEfficiency,
  };
}

const iso = (t: number | null): string =>
  t === null ? '-' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
/**
 * A fill's price as the trader reads it in a journal: to the cent (or, below 1, to six
 * significant digits), trailing zeros dropped; a computed level (a trailed stop) is rounded
 * to the same places rather than shown with its float tail.
 */
export function formatFillPrice(price: number): string {
  const magnitude = price === 0 ? 0 : Math.floor(Math.log10(Math.abs(price)));
  return String(Number(price.toFixed(Math.min(8, Math.max(2, 5 - magnitude)))));
}

/** Sizes as exchanges show them: at most 8 decimals, so float sums read 0.3, not 0.30000000000000004. */
const units = (size: number): string => String(Number(size.toFixed(8)));

function checkRules(
  trade: JournalTrade,
  legs: readonly LegReport[],
  planFills: readonly { leg: string; reason: string; time: number; price: number }[],
  levels: PlanLevels,
  risk: number,
): RuleCheck[] {
  const rules: RuleCheck[] = [];
  const entry = legs.filter((l) => l.leg === 'entry');
  if (entry.length > 0) {
    const worst = Math.max(...entry.map((l) => Math.abs(l.slippage ?? 0)));
    rules.push({
      rule: 'entry',
      followed: worst <= LEVEL_TOLERANCE_R * risk,
      detail: `planned ${formatFillPrice(levels.entry)}, filled ${entry.map((l) => formatFillPrice(l.price)).join(' / ')}`,
    });
  }
  for (const leg of levels.legs) {
    const planFill = planFills.find((f) => f.leg === leg.id);
    const mine = legs.filter((l) => l.leg === leg.id);
    const followed = (planFill !== undefined) === mine.length > 0;
    const detail = planFill
      ? mine.length > 0
        ? `plan took ${leg.id} ${iso(planFill.time)}, you took it ${iso(mine[0].time)}`
        : `plan took ${leg.id} at ${formatFillPrice(planFill.price)} ${iso(planFill.time)}; you did not`
      : mine.length > 0
        ? `you sold at ${leg.id}'s level ${iso(mine[0].time)}; the plan never reached it`
        : `neither you nor the plan reached ${leg.id}`;
    rules.push({ rule: leg.id, followed, detail });
  }
  const planStop = planFills.find(
    (f) => f.reason === 'stop' || f.reason === 'trail' || f.reason === 'breakeven',
  );
  const myStop = legs.find((l) => l.leg === 'stop');
  rules.push({
    rule: 'stop',
    followed: (planStop !== undefined) === (myStop !== undefined),
    detail: planStop
      ? myStop
        ? `plan stopped out ${iso(planStop.time)}, you ${iso(myStop.time)}`
        : `plan stopped out at ${formatFillPrice(planStop.price)} ${iso(planStop.time)}; you did not exit at the stop`
      : myStop
        ? `you exited at the stop ${iso(myStop.time)}; the plan was not stopped`
        : 'not hit',
  });
  for (const manual of legs.filter((l) => l.leg === 'manual'))
    rules.push({
      rule: 'manual exit',
      followed: false,
      detail: `${units(manual.size)} at ${formatFillPrice(manual.price)} ${iso(manual.time)}: no plan level there`,
    });
  for (const edit of trade.edits)
    rules.push({
      rule: 'edit',
      followed: false,
      detail: `${iso(edit.time)}: ${describeEdit(trade.plan, edit.text)}${edit.note ? ` (${edit.note})` : ''}`,
    });
  return rules;
}

function describeEdit(before: PlanText, after: PlanText): string {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof PlanText)[]);
  const changes: string[] = [];
  for (const k of keys) {
    if (k === 'at' || String(before[k] ?? '') === String(after[k] ?? '')) continue;
    changes.push(`${k} ${before[k] ?? '-'} -> ${after[k] ?? '-'}`);
  }
  return changes.length > 0 ? changes.join(', ') : 'no change';
}
