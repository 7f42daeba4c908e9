import {
  journal as J,
  parsePlan,
  parseTime,
  PlanError,
  type Bar,
  type Overlay,
  type PlanText,
} from '../../engine/index.js';
import type { WidgetHandle } from '../../widget/types.js';
import type { StoredPlan } from '../storage/plan-record.js';

/** Relative tolerance for "flat" after partial fills (float sums). */
const SIZE_EPS = 1e-9;

/** One leg of the open trade as the Journal tab lists it, with what the fill form starts from. */
export interface JournalLeg {
  /** 'entry', 'T1'.., 'stop', or 'manual' (an exit the plan did not ask for). */
  id: string;
  label: string;
  /** The level the plan asks for now (the stop in force, trail included); null for a manual exit. */
  planned: number | null;
  side: J.FillSide;
  /** The size the fill form suggests: what is left to enter, the leg's share, or all that is open. */
  suggestedSize: number;
  /** The engine's replay on the chart's bars says this leg has been hit. */
  hitByPlan: boolean;
  /** Fills the trader recorded for this leg. */
  fills: J.JournalFill[];
}

const isFlat = (size: number, scale: number): boolean => Math.abs(size) <= Math.max(1, scale) * SIZE_EPS;

/** The trade fills go to now: the newest of the symbol's trades that is not closed (flat after fills). */
export function openTrade(trades: readonly J.JournalTrade[], symbol: string): J.JournalTrade | null {
  const key = J.symbolKey(symbol);
  const mine = trades.filter((t) => J.symbolKey(t.symbol) === key).sort((a, b) => b.planTime - a.planTime);
  const newest = mine[0];
  if (!newest) return null;
  const open = J.openSize(newest);
  return newest.fills.length > 0 && isFlat(open, Math.max(...newest.fills.map((f) => f.size)))
    ? null
    : newest;
}

/**
 * A trade that has not been entered yet, from the saved plan as it stands. Its id carries the
 * first fill's time: one saved plan may be traded twice, and each round trip is its own trade.
 */
export function newTrade(symbol: string, plan: StoredPlan, firstFill: number): J.JournalTrade {
  return {
    id: `${symbol}:${firstFill}`,
    symbol,
    plan: { ...plan.text },
    planTime: Math.floor(plan.updatedAt / 1000),
    edits: [],
    fills: [],
    tags: [],
  };
}

/** The plan the trade follows now: its last edit, else the plan at entry. */
export const currentPlan = (trade: J.JournalTrade): PlanText =>
  trade.edits.length > 0 ? trade.edits[trade.edits.length - 1].text : trade.plan;

const samePlan = (a: PlanText, b: PlanText): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof PlanText)[]);
  return [...keys].every((k) => String(a[k] ?? '') === String(b[k] ?? ''));
};

/** A plan field as the tab shows it: the entry time as an ISO date, the rest as typed. */
export function fieldText(key: keyof PlanText, value: unknown): string {
  if (value === undefined || value === '') return '(none)';
  if (key === 'at' && typeof value === 'number')
    return new Date(value > 1e11 ? value : value * 1000).toISOString().slice(0, 16) + 'Z';
  return String(value);
}

/** The fields whose text differs between two plans, for the edit list ("stop 30500 -> 30800"). */
export function planChanges(before: PlanText, after: PlanText): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof PlanText)[]);
  return [...keys]
    .filter((k) => String(before[k] ?? '') !== String(after[k] ?? ''))
    .map((k) => `${k} ${fieldText(k, before[k])} -> ${fieldText(k, after[k])}`);
}

/**
 * Brings a trade in step with the saved plan. Before the first fill the trade's plan simply is
 * the saved plan (the plan "as it stood at entry" is the one in force at the first fill); after
 * it, a saved plan that differs is an edit, recorded with the time it was saved. Returns the
 * trade to write, or null when nothing changed.
 */
export function syncWithPlan(trade: J.JournalTrade, plan: StoredPlan): J.JournalTrade | null {
  const savedAt = Math.floor(plan.updatedAt / 1000);
  if (trade.fills.length === 0) {
    if (samePlan(trade.plan, plan.text) && trade.planTime === savedAt) return null;
    return { ...trade, plan: { ...plan.text }, planTime: savedAt };
  }
  const latest = trade.edits.length > 0 ? trade.edits[trade.edits.length - 1].time : trade.planTime;
  if (samePlan(currentPlan(trade), plan.text) || savedAt < latest) return null;
  return { ...trade, edits: [...trade.edits, { time: savedAt, text: { ...plan.text } }] };
}

/** The fee the plan's `fees` field charges for a fill (the engine's rule, position.ts). */
export function planFee(plan: PlanText, price: number, size: number): number {
  try {
    const f = parsePlan(plan).fees;
    return f.perFill + f.perUnit * size + (f.bps / 1e4) * price * size;
  } catch {
    return 0;
  }
}

/** Rounds for a form field: cents for money, 8 decimals for sizes (what exchanges show). */
export const roundTo = (x: number, decimals: number): number => Number(x.toFixed(decimals));

/**
 * The legs of the open trade, from the engine's position state on the chart (the overlay) and
 * the fills the trader recorded: the entry, each ladder leg, the stop in force, and a manual exit.
 */
export function journalLegs(trade: J.JournalTrade, overlay: Overlay | null): JournalLeg[] {
  const plan = currentPlan(trade);
  const long = String(plan.side).trim().toLowerCase() !== 'short';
  const opening: J.FillSide = long ? 'buy' : 'sell';
  const closing: J.FillSide = long ? 'sell' : 'buy';
  let planSize = 1;
  try {
    planSize = parsePlan(plan).size;
  } catch {
    /* an unreadable plan still lets the trader record fills: size 1 is only a suggestion */
  }
  const entered = trade.fills.filter((f) => f.side === opening).reduce((s, f) => s + f.size, 0);
  const open = Math.max(0, J.openSize(trade));
  const base = entered > 0 ? entered : planSize;
  const forLeg = (id: string): J.JournalFill[] =>
    trade.fills.filter((f) => (f.leg ?? (f.side === opening ? 'entry' : '')) === id);
  const state = overlay?.state;
  const legs: JournalLeg[] = [
    {
      id: 'entry',
      label: 'Entry',
      planned:
        overlay?.levels.entry ?? (typeof plan.entry === 'number' ? plan.entry : Number(plan.entry) || null),
      side: opening,
      suggestedSize: roundTo(Math.max(0, planSize - entered) || planSize, 8),
      hitByPlan: state ? state.status !== 'pending' : false,
      fills: forLeg('entry'),
    },
  ];
  for (const leg of state?.legs ?? []) {
    legs.push({
      id: leg.id,
      // The engine's label ends with the price, which the tab shows in its own column.
      label: `${leg.id} · ${roundTo(leg.share, 2)}%`,
      planned: leg.price,
      side: closing,
      suggestedSize: roundTo(Math.min(open || base, (base * leg.share) / 100), 8),
      hitByPlan: leg.filled,
      fills: forLeg(leg.id),
    });
  }
  const stopHit = !!state?.fills.some(
    (f) => f.reason === 'stop' || f.reason === 'trail' || f.reason === 'breakeven',
  );
  legs.push(
    {
      id: 'stop',
      label: state?.trailActive ? 'Stop (trailing)' : state?.breakevenActive ? 'Stop (breakeven)' : 'Stop',
      planned: state ? state.stop : null,
      side: closing,
      suggestedSize: roundTo(open || base, 8),
      hitByPlan: stopHit,
      fills: forLeg('stop'),
    },
    {
      id: 'manual',
      label: 'Exit by hand',
      planned: null,
      side: closing,
      suggestedSize: roundTo(open || base, 8),
      hitByPlan: false,
      fills: forLeg('manual'),
    },
  );
  return legs;
}

/** The live book's best bid and ask, when a book feed is on in the panel. */
export interface Quote {
  bid: number;
  ask: number;
}

/** What the chart's models show now, as the journal records them with a fill (engine LiveMarket). */
export type ChartModels = Pick<J.LiveMarket, 'reversal' | 'policyRegime'>;

export const NO_MODELS: ChartModels = { reversal: null, policyRegime: null };

/**
 * Reads the chart's models from the widget handle: the reversal probability while a model is in
 * use and has scored a closed bar (p at that bar, as the strip shows it), and the regime the
 * exit policy addon shows. What the chart does not show is null: never a made-up value.
 */
export function chartModels(widget: Pick<WidgetHandle, 'reversalState' | 'policyState'> | null): ChartModels {
  const rev = widget?.reversalState() ?? null;
  const reversal =
    rev && rev.summary && rev.time !== null && Number.isFinite(rev.p)
      ? { probability: rev.p, barTime: rev.time }
      : null;
  return { reversal, policyRegime: widget?.policyState()?.regime?.regime ?? null };
}

/** What the fill form starts from: the leg, and the time, price, size and fee to confirm or change. */
export interface FillDraft {
  leg: string;
  time: string;
  price: string;
  size: string;
  fee: string;
}

/** A UNIX time as the form shows it (ISO, UTC, to the second). */
export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 19) + 'Z';

/** The price "filled now" starts from: the book's mid when there is one, else the last price. */
export function livePrice(bars: readonly Bar[], quote: Quote | null): number | null {
  if (quote) return (quote.bid + quote.ask) / 2;
  return bars[bars.length - 1]?.close ?? null;
}

/**
 * The form a leg's button opens. "Filled now" (typed = false) starts at this second and the
 * live price, with the leg's suggested size and the plan's fee for it; a typed fill starts
 * with the time and price empty for the trader to give.
 */
export function fillDraft(
  leg: JournalLeg,
  typed: boolean,
  live: { bars: readonly Bar[]; quote: Quote | null; plan: PlanText | null; now: number },
): FillDraft {
  const price = typed ? null : livePrice(live.bars, live.quote);
  const size = leg.suggestedSize;
  return {
    leg: leg.id,
    time: typed ? '' : isoTime(Math.floor(live.now / 1000)),
    price: price === null ? '' : String(price),
    size: String(size),
    fee: live.plan && price !== null ? String(roundTo(planFee(live.plan, price, size), 8)) : '0',
  };
}

/** A form field the trader must correct, with what to type instead. */
export interface FillFieldError {
  field: keyof FillDraft;
  message: string;
}

/** Reads the fill form: the first bad field is named with what to type instead. */
export function readFillDraft(
  d: FillDraft,
): { time: number; price: number; size: number; fee: number } | FillFieldError {
  let time: number;
  try {
    time = parseTime('at', d.time.trim());
  } catch (e) {
    const message = e instanceof PlanError ? e.message.replace(/^at: /, '') : String(e);
    return { field: 'time', message: `time: ${message}` };
  }
  const price = Number(d.price);
  if (d.price.trim() === '' || !Number.isFinite(price) || price <= 0)
    return { field: 'price', message: `price: "${d.price}" is not a price; give a number above 0` };
  const size = Number(d.size);
  if (d.size.trim() === '' || !Number.isFinite(size) || size <= 0)
    return { field: 'size', message: `size: "${d.size}" is not a size; give the units filled, above 0` };
  const fee = d.fee.trim() === '' ? 0 : Number(d.fee);
  if (!Number.isFinite(fee) || fee < 0)
    return { field: 'fee', message: `fee: "${d.fee}" is not a fee; give the commission paid, 0 or more` };
  return { time, price, size, fee };
}
