import { emptyLevels, tryResolveLevels } from '../exits/levels.js';
import type { MarketContext } from '../exits/context.js';
import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import { commission } from './costs.js';
import type { TradeRun } from './trade-run.js';
import type { CostSpec, Entry, SizingSpec } from './types.js';
import { UnplacedReasons } from './unplaced.js';

/** What one policy's entries share, in a run over held bars (run.ts) or streamed ones (stream-lab.ts). */
export class EntryDesk {
  readonly unplaced = new UnplacedReasons();
  resized = 0;
  private readonly sizingLevels = emptyLevels();

  constructor(
    /** The policy's one plan object, rewritten with each trade's side, entry, time and size. */
    readonly plan: PlanSpec,
    readonly run: TradeRun,
    private readonly costs: CostSpec,
    private readonly sizing: SizingSpec,
  ) {}

  /**
   * Places `entry` and opens its trade on the run: true when it is open, false when it could
   * not be placed (the reason is counted). `prev`: the context through the bar before the
   * entry, `cur`: through the entry bar; `bar`: the entry bar when the run has no columns.
   *
   * The lab adds what happens before the Position opens: the entry fill's slippage and
   * commission, and the size (units, or the units that risk a fraction of equity down to the
   * initial stop, which is known before the order is placed).
   */
  place(entry: Entry, cash: number, prev: MarketContext, cur: MarketContext, bar?: Bar): boolean {
    const { plan, costs, sizing } = this;
    const i0 = entry.index;
    const dir = entry.side === 'long' ? 1 : -1;
    // Entry slippage: a market order at the signal bar's close, the same rule the Position
    // applies to its own market orders (bps of price + a fraction of ATR through this bar).
    const atrNow = Number.isFinite(cur.atrSlip) ? cur.atrSlip : 0;
    const entrySlip = (costs.slippageBps / 1e4) * entry.price + costs.slippageAtr * atrNow;
    const entryPrice = entry.price + dir * entrySlip;
    plan.side = entry.side;
    plan.entry = entryPrice;
    plan.entryTime = entry.time;
    let capped = false;
    if (sizing.kind === 'units') plan.size = sizing.units;
    else {
      // Risk sizing needs the initial stop before the order is sized. Fixed units do not:
      // the Position resolves the same levels when it opens (and finds the same problem).
      plan.size = 1;
      const problem = tryResolveLevels(plan, prev, i0, false, this.sizingLevels);
      if (problem !== null) {
        this.unplaced.noteProblem(plan, problem, i0);
        return false;
      }
      plan.size = (sizing.fraction * cash) / this.sizingLevels.riskPerUnit;
      if (!(plan.size > 0) || !Number.isFinite(plan.size)) {
        // Risk sizing on an account that has lost everything: nothing left to size a trade with.
        this.unplaced.note('size: the equity is exhausted, no units to trade');
        return false;
      }
      // The notional cap: a tight stop would otherwise size a position many times the account.
      const cap = sizing.maxLeverage === undefined ? Infinity : (sizing.maxLeverage * cash) / entryPrice;
      if (plan.size > cap) {
        plan.size = cap;
        capped = true;
      }
    }
    const entryFee = commission(costs, entryPrice, plan.size);
    // The plan cannot be placed here (an indicator still warming up, no swing for a Fibonacci
    // leg, a target already passed): no trade, counted with its reason.
    const problem = this.run.start(entry, entrySlip, entryFee, cash, prev, cur, bar);
    if (problem !== null) {
      this.unplaced.noteProblem(plan, problem, i0);
      return false;
    }
    if (capped) this.resized++;
    return true;
  }
}
