import type { Bar } from '../types.js';
import { reportTrade, type TradeReport } from './report.js';
import { distribution, meanEstimate, type Distribution, type MeanEstimate } from './stats.js';
import type { JournalTrade } from './types.js';

export interface GroupSummary {
  key: string;
  trades: number;
  adherenceRate: number;
  meanR: number;
  totalR: number;
  planTotalR: number;
}

export interface JournalSummary {
  trades: number;
  /** Share of trades where every rule was followed. */
  adherenceRate: number;
  /** actualR - planR over the trades that left the plan: what deviating made (+) or cost (-). */
  deviation: MeanEstimate | null;
  /** Slippage per fill that had a planned level: in bps and in R of its trade. */
  slippageBps: Distribution;
  slippageR: Distribution;
  r: Distribution;
  /** Cumulative actual and plan R, trade after trade in exit order. */
  equityR: { id: string; time: number; actual: number; plan: number }[];
  bySymbol: GroupSummary[];
  byTag: GroupSummary[];
}

function group(reports: readonly TradeReport[], keyOf: (r: TradeReport) => string[]): GroupSummary[] {
  const groups = new Map<string, TradeReport[]>();
  for (const r of reports)
    for (const k of keyOf(r)) {
      const list = groups.get(k) ?? [];
      list.push(r);
      groups.set(k, list);
    }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => {
      const total = list.reduce((s, r) => s + r.actualR, 0);
      return {
        key,
        trades: list.length,
        adherenceRate: list.filter((r) => r.followed).length / list.length,
        meanR: total / list.length,
        totalR: total,
        planTotalR: list.reduce((s, r) => s + r.planR, 0),
      };
    });
}

/** Reports every trade; `barsFor` gives each trade's bars (one symbol's series, usually). */
export function reportTrades(
  trades: readonly JournalTrade[],
  barsFor: (t: JournalTrade) => readonly Bar[],
): TradeReport[] {
  return trades.filter((t) => t.fills.length > 0).map((t) => reportTrade(t, barsFor(t)));
}

export function summarize(reports: readonly TradeReport[], seed = 1): JournalSummary {
  const deviating = reports.filter((r) => !r.followed).map((r) => r.deviationR);
  const priced = reports.flatMap((r) => r.legs.filter((l) => l.slippage !== null));
  const ordered = [...reports].sort(
    (a, b) => (a.exitTime ?? Infinity) - (b.exitTime ?? Infinity) || a.entryTime - b.entryTime,
  );
  let actual = 0;
  let plan = 0;
  return {
    trades: reports.length,
    adherenceRate: reports.length > 0 ? reports.filter((r) => r.followed).length / reports.length : NaN,
    deviation: deviating.length > 0 ? meanEstimate(deviating, seed) : null,
    slippageBps: distribution(priced.map((l) => l.slippageBps ?? 0)),
    slippageR: distribution(priced.map((l) => l.slippageR ?? 0)),
    r: distribution(reports.map((r) => r.actualR)),
    equityR: ordered.map((r) => ({
      id: r.id,
      time: r.exitTime ?? r.entryTime,
      actual: (actual += r.actualR),
      plan: (plan += r.planR),
    })),
    bySymbol: group(reports, (r) => [r.symbol]),
    byTag: group(reports, (r) => (r.tags.length > 0 ? r.tags : ['(untagged)'])),
  };
}
