import { PlanError } from '../errors.js';
import { computeOverlay } from '../exits/tracker.js';
import type { Overlay } from '../exits/types.js';
import { parsePlan, parseTime, type PlanText } from '../plan/parse.js';
import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import { JournalError } from './schema.js';
import { tradeDirection } from './match.js';
import type { JournalTrade } from './types.js';

/** Index of the bar a time falls in (the last bar starting at or before it), -1 before the first. */
export function barIndexAt(bars: readonly Bar[], time: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].time <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Units entered: the sum of the fills on the trade's opening side. */
export function enteredSize(trade: JournalTrade): number {
  const opening = tradeDirection(trade) === 1 ? 'buy' : 'sell';
  return trade.fills.reduce((s, f) => (f.side === opening ? s + f.size : s), 0);
}

/** The trade's entry time: the plan's `at`, else its first fill, else when the plan was made. */
export function entryTime(trade: JournalTrade): number {
  if (trade.plan.at !== undefined) return parseTime('at', trade.plan.at);
  return trade.fills.length > 0 ? Math.min(...trade.fills.map((f) => f.time)) : trade.planTime;
}

export interface PlanReplay {
  spec: PlanSpec;
  overlay: Overlay;
  /** The bar the plan entered on. */
  entryIndex: number;
}

/**
 * The plan played on the bars by the engine (the product's one bar-playing rule: the
 * ExitTracker and its Position), sized as the trader actually entered so fees compare.
 * `text` may be a variant of the trade's plan (the audit's what-ifs).
 */
export function replayPlan(
  trade: JournalTrade,
  bars: readonly Bar[],
  text: PlanText = trade.plan,
): PlanReplay {
  const at = entryTime(trade);
  const entryIndex = barIndexAt(bars, at);
  if (entryIndex < 0 || at > bars[bars.length - 1].time + (bars.length > 1 ? bars[1].time - bars[0].time : 0))
    throw new JournalError(
      `trade ${trade.id}`,
      `its entry (${iso(at)}) is outside the bars (${bars.length ? `${iso(bars[0].time)} to ${iso(bars[bars.length - 1].time)}` : 'none given'}); give the bars of ${trade.symbol} that cover it`,
    );
  const entered = enteredSize(trade);
  // The plan enters on the bar the first fill fell in, as the trader did.
  const sized: PlanText = {
    ...text,
    at: bars[entryIndex].time,
    size: entered > 0 ? entered : (text.size ?? 1),
  };
  let spec: PlanSpec;
  try {
    spec = parsePlan(sized);
  } catch (error) {
    if (error instanceof PlanError) throw new JournalError(`trade ${trade.id} plan`, error.message);
    throw error;
  }
  return { spec, overlay: computeOverlay(bars, spec), entryIndex };
}

const iso = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
