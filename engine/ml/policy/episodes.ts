import { commission } from '../../backtest/costs.js';
import { runBacktest } from '../../backtest/run.js';
import { seededRandom } from '../../backtest/prng.js';
import type { BacktestOptions, Entry, PolicyDef, Trade } from '../../backtest/types.js';
import { atrBatch } from '../../indicators/atr.js';
import type { Bar } from '../../types.js';
import { DIRECTOR_POLICIES, HOLD, LIQUIDATE, SELL, type Action } from './director.js';
import { emptyTransitions, type Transitions } from './fqi.js';
import { cellDirector, type ReversalColumn } from './learned.js';

/** One decision the behaviour policy took, as the lab's director saw it. */
interface Decision {
  index: number;
  fine: number;
  coarse: number;
  action: Action;
  openShare: number;
}

/** Exploration of the behaviour policy per bar: mostly Hold, so long holds are seen too. */
export const BEHAVIOUR = { sell: 0.07, liquidate: 0.03 } as const;

export const BEHAVIOUR_POLICY: PolicyDef = /* @__PURE__ */ (() => ({
  ...DIRECTOR_POLICIES[1],
  id: 'behaviour',
  director: 'behaviour',
}))();

/**
 * What a liquidation at bar i's close would realise, in R: the Position's market-order rule
 * (slippage of bps x price + k x ATR against the trade, then commission on the fill) written out
 * for the counterfactual; test/unit/ml/policy.test.ts checks it against the liquidations taken.
 */
export function liquidationR(
  trade: Trade,
  close: number,
  atrSlip: number,
  openShare: number,
  options: BacktestOptions,
): number {
  const { costs } = options;
  const dir = trade.side === 'long' ? 1 : -1;
  const atr = Number.isFinite(atrSlip) ? atrSlip : 0;
  const price = close - dir * ((costs.slippageBps / 1e4) * close + costs.slippageAtr * atr);
  const units = openShare * trade.size;
  const pnl = dir * (price - trade.entryPrice) * units - commission(costs, price, units);
  return pnl / (trade.riskPerUnit * trade.size);
}

export interface EpisodeSet {
  transitions: Transitions;
  /** Training trades kept (exited before the split bar), over all passes. */
  episodes: number;
  /** Trades dropped because they were still open at the split bar (the purge). */
  purged: number;
}

/**
 * The training episodes: the entries before `splitIndex`, played by the lab (the same
 * Position, costs and sizing) under a seeded behaviour policy, `passes` times with different
 * seeds. A trade still open at the split bar is purged. Each decision gives a transition
 * (reward: the R of the fills until the next decision, each fill net of its costs), and each
 * decision's state also gets the counterfactual liquidation (a terminal sample), so every
 * state visited has a value for Liquidate.
 */
export function collectEpisodes(
  bars: readonly Bar[],
  entries: readonly Entry[],
  splitIndex: number,
  options: BacktestOptions,
  seed: number,
  passes: number,
  reversal: ReversalColumn | null = null,
): EpisodeSet {
  const train = entries.filter((e) => e.index < splitIndex);
  const tr = emptyTransitions();
  const close = Float64Array.from(bars, (b) => b.close);
  const atrSlip = atrBatch(
    Float64Array.from(bars, (b) => b.high),
    Float64Array.from(bars, (b) => b.low),
    close,
    options.costs.slippageAtrPeriod,
  );
  let episodes = 0;
  let purged = 0;
  if (train.length === 0) return { transitions: tr, episodes, purged };
  for (let pass = 0; pass < passes; pass++) {
    const random = seededRandom(seed * 1000 + pass);
    const log = new Map<number, Decision[]>();
    const directors = (b: readonly Bar[]) =>
      cellDirector(
        b,
        (fine, coarse, v) => {
          const u = random();
          const action: Action =
            u < BEHAVIOUR.liquidate ? LIQUIDATE : u < BEHAVIOUR.liquidate + BEHAVIOUR.sell ? SELL : HOLD;
          let list = log.get(v.entryIndex);
          if (!list) log.set(v.entryIndex, (list = []));
          list.push({ index: v.index, fine, coarse, action, openShare: v.openShare });
          return action;
        },
        reversal,
      );
    const result = runBacktest(bars, train, { ...options, policies: [BEHAVIOUR_POLICY] }, { directors });
    for (const trade of result.policies[0].trades) {
      if (trade.exitIndex >= splitIndex || trade.endOfData) {
        purged++;
        continue;
      }
      episodes++;
      const decisions = log.get(trade.entryIndex) ?? [];
      addEpisode(tr, trade, decisions, close, atrSlip, options);
    }
  }
  return { transitions: tr, episodes, purged };
}

function addEpisode(
  tr: Transitions,
  trade: Trade,
  decisions: readonly Decision[],
  close: Float64Array,
  atrSlip: Float64Array,
  options: BacktestOptions,
): void {
  // The time limit's liquidation is the environment's, not a decision: it is in the last
  // decision's reward, which is then terminal.
  let f = 0;
  for (let k = 0; k < decisions.length; k++) {
    const d = decisions[k];
    const until = k + 1 < decisions.length ? decisions[k + 1].index : Infinity;
    while (f < trade.fills.length && trade.fills[f].index < d.index) f++;
    let reward = 0;
    while (f < trade.fills.length && trade.fills[f].index < until) reward += trade.fills[f++].r;
    const last = k + 1 >= decisions.length;
    const push = (action: number, r: number, terminal: boolean): void => {
      tr.fine.push(d.fine);
      tr.coarse.push(d.coarse);
      tr.action.push(action);
      tr.reward.push(r);
      tr.nextFine.push(terminal ? -1 : decisions[k + 1].fine);
      tr.nextCoarse.push(terminal ? -1 : decisions[k + 1].coarse);
    };
    push(d.action, reward, last);
    if (d.action !== LIQUIDATE)
      push(LIQUIDATE, liquidationR(trade, close[d.index], atrSlip[d.index], d.openShare, options), true);
  }
}
