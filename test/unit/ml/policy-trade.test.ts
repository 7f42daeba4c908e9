// PolicyTrade (a chart's plan played under an exit policy bar by bar), its choosers and the
// heat map of a learned table, on real SPY daily bars.
import { describe, expect, it } from 'vitest';
import { commission } from '../../../engine/backtest/costs.js';
import { labOptions, resolveEntries } from '../../../engine/backtest/lab.js';
import { compilePolicy, tradePlan } from '../../../engine/backtest/policies.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import type { Trade } from '../../../engine/backtest/types.js';
import { adaptiveAction } from '../../../engine/ml/policy/adaptive.js';
import { adaptiveChooser, advantageOverHold, learnedChooser } from '../../../engine/ml/policy/choosers.js';
import {
  ACTION_NAMES,
  DIRECTOR_POLICIES,
  HOLD,
  LIQUIDATE,
  SELL,
  type Action,
  type ExitDirector,
  type ExitView,
} from '../../../engine/ml/policy/director.js';
import { bestAction, qValue, type QTable } from '../../../engine/ml/policy/fqi.js';
import { HEAT_SLICES, heatMap } from '../../../engine/ml/policy/heat-map.js';
import { trainPolicy } from '../../../engine/ml/policy/learn.js';
import { learnedDirector, marketStates, MAX_BARS } from '../../../engine/ml/policy/learned.js';
import { PolicyTrade, type Chooser, type MarketReading } from '../../../engine/ml/policy/policy-trade.js';
import { BINS, cellsOf, coarseCell } from '../../../engine/ml/policy/state.js';
import { loadBars, SPY } from '../backtest/load-bars.js';

// 20-day breakouts with commission only (5 bps + 1 per fill): PolicyTrade charges the plan's
// fees per fill as the Position does, and has no slippage model (a live chart fills at its bars).
const RULE = 'donchian:20';
const COSTS = 'bps5,fill1';
const bars = loadBars(SPY);
const entries = resolveEntries(bars, RULE);
const options = labOptions({ entries: RULE, costs: COSTS });
const trained = trainPolicy(bars, entries, options);
const learnedDef = DIRECTOR_POLICIES.find((p) => p.id === 'learned')!;
const market = marketStates(bars);
const reading = (i: number): MarketReading => ({
  atrPercentile: market.atrPercentile[i],
  regime: market.regime[i],
  reversalP: NaN,
});

/** The lab's trades of the learned policy on the test entries, under `director`. */
const labTrades = (director: ExitDirector): Trade[] =>
  runBacktest(
    bars,
    entries.filter((e) => e.index >= trained.splitIndex),
    { ...options, policies: [learnedDef] },
    { directors: () => director },
  ).policies[0].trades;

/** One lab trade's plan, as the lab builds it (policies.ts tradePlan), played by PolicyTrade from bar 0. */
function play(t: Trade, choose: Chooser, upTo = bars.length): PolicyTrade {
  const fees = { perUnit: options.costs.perUnit, bps: options.costs.bps, perFill: options.costs.perFill };
  const plan = {
    ...tradePlan(compilePolicy(learnedDef), t.side, t.entryPrice, t.entryTime, fees),
    size: t.size,
  };
  const trade = new PolicyTrade(plan, choose);
  for (let i = 0; i < upTo && trade.status !== 'closed'; i++) trade.add(bars[i], reading(i));
  return trade;
}

const fillsOf = (trade: PolicyTrade) =>
  trade.fills.map((f) => ({ time: f.time, reason: f.reason, price: f.price, size: f.size, fee: f.fee }));
const labFills = (t: Trade) =>
  t.fills.map((f) => ({ time: f.time, reason: f.reason, price: f.price, size: f.size, fee: f.fee }));

describe('PolicyTrade', () => {
  const closed = labTrades(learnedDirector(bars, trained.table)).filter((t) => !t.endOfData);
  const sample = closed.slice(0, 40);

  it("plays the learned policy to the lab's fills, and the lab replaying its actions gets them again", () => {
    expect(sample.length).toBe(40);
    const chooser = learnedChooser(trained.table);
    const actions = new Map<string, Action>();
    let sells = 0;
    let liquidations = 0;
    for (const t of sample) {
      const trade = play(t, chooser);
      expect(trade.problem).toBeNull();
      expect(trade.entryAt).toBe(t.entryIndex);
      expect(fillsOf(trade)).toEqual(labFills(t));
      for (const d of trade.decisions) {
        actions.set(`${t.entryIndex}:${d.index}`, d.action);
        if (d.action === SELL) sells++;
        if (d.action === LIQUIDATE) liquidations++;
      }
    }
    // The policy really sells and liquidates here, or the comparison proves little.
    expect(sells).toBeGreaterThan(5);
    expect(liquidations).toBeGreaterThan(5);
    const replay: ExitDirector = (v) => actions.get(`${v.entryIndex}:${v.index}`) ?? HOLD;
    const again = labTrades(replay)
      .filter((t) => !t.endOfData)
      .slice(0, 40);
    expect(again.map(labFills)).toEqual(sample.map(labFills));
  });

  it('charges the commission on every fill, a quarter of the size per Sell 25%', () => {
    let quarters = 0;
    for (const t of sample) {
      const trade = play(t, learnedChooser(trained.table));
      for (const f of trade.fills) {
        // engine/backtest/costs.ts commission: 1 per fill + 5 bps of the notional.
        expect(f.fee).toBeCloseTo(commission(options.costs, f.price, f.size), 9);
        expect(f.fee).toBeGreaterThan(1);
        if (f.reason === 'exhaustion') {
          expect(f.size).toBeLessThanOrEqual(0.25 * t.size * (1 + 1e-12));
          expect(f.price).toBe(bars.find((b) => b.time === f.time)!.close);
          if (Math.abs(f.size - 0.25 * t.size) < 1e-9 * t.size) quarters++;
        }
      }
    }
    expect(quarters).toBeGreaterThan(5);
  });

  it('truncating the bars leaves earlier regimes, actions and fills unchanged', () => {
    const t = sample.find((x) => x.exitIndex - x.entryIndex >= 10)!;
    const cut = t.entryIndex + Math.floor((t.exitIndex - t.entryIndex) / 2);
    const short = bars.slice(0, cut + 1);
    const shortMarket = marketStates(short);
    expect(Array.from(shortMarket.regime)).toEqual(Array.from(market.regime.subarray(0, cut + 1)));
    expect(Array.from(shortMarket.atrPercentile)).toEqual(
      Array.from(market.atrPercentile.subarray(0, cut + 1)),
    );
    const full = play(t, learnedChooser(trained.table));
    const part = play(t, learnedChooser(trained.table), cut + 1);
    expect(part.status).toBe('open');
    expect(part.decisions.length).toBeGreaterThan(3);
    expect(part.decisions).toEqual(full.decisions.filter((d) => d.index <= cut));
    expect(fillsOf(part)).toEqual(fillsOf(full).filter((f) => f.time <= bars[cut].time));
  });

  it('reports a level that does not fit the entry bar instead of throwing', () => {
    const t = sample[0];
    const fees = { perUnit: 0, bps: 0, perFill: 0 };
    const plan = tradePlan(compilePolicy(learnedDef), t.side, t.entryPrice, t.entryTime, fees);
    // A long whose stop is above its entry cannot open.
    const trade = new PolicyTrade(
      { ...plan, stop: { kind: 'price', price: t.entryPrice * 2 } },
      adaptiveChooser,
    );
    for (let i = 0; i <= t.entryIndex + 3; i++) expect(trade.add(bars[i], reading(i))).toBeNull();
    expect(trade.status).toBe('pending');
    expect(trade.problem).toMatch(/stop/i);
  });
});

describe('choosers', () => {
  const v: ExitView = {
    side: 'long',
    entryIndex: 0,
    index: 30,
    barsHeld: 12,
    unrealisedR: 1.3,
    openShare: 1,
    stopDistanceR: 1.1,
    mfeR: 1.6,
    exhaustionEdge: true,
  };

  it("the learned chooser answers as the table: its best action and each action's Q", () => {
    const chooser = learnedChooser(trained.table);
    let acted = 0;
    // The views of real trades' closes (PolicyTrade records each with its decision).
    const sample = labTrades(learnedDirector(bars, trained.table)).slice(0, 20);
    for (const t of sample)
      for (const d of play(t, chooser).decisions) {
        if (d.view.barsHeld >= MAX_BARS) continue;
        const m = reading(d.index);
        const { fine, coarse } = cellsOf(d.view, m.atrPercentile, m.regime);
        expect(d.action).toBe(bestAction(trained.table, fine, coarse));
        expect(d.q).toEqual([0, 1, 2].map((a) => qValue(trained.table, fine, coarse, a)));
        if (d.action !== HOLD) {
          acted++;
          expect(advantageOverHold(d.q, d.action)).toBeGreaterThan(0);
        }
      }
    expect(acted).toBeGreaterThan(5);
    expect(chooser({ ...v, barsHeld: MAX_BARS }, reading(200)).action).toBe(LIQUIDATE);
  });

  it('advantage over Hold: 0 for Hold, the difference otherwise, NaN where not valued', () => {
    expect(advantageOverHold([0.5, 0.7, 0.2], HOLD)).toBe(0);
    expect(advantageOverHold([0.5, 0.7, 0.2], SELL)).toBeCloseTo(0.2, 12);
    expect(advantageOverHold([0.5, 0.7, 0.2], LIQUIDATE)).toBeCloseTo(-0.3, 12);
    expect(advantageOverHold([NaN, NaN, NaN], HOLD)).toBeNaN();
    expect(advantageOverHold([NaN, 0.1, NaN], SELL)).toBeNaN();
  });

  it('the adaptive chooser is the regime matrix, without values', () => {
    for (let regime = 0; regime < 5; regime++) {
      const c = adaptiveChooser(v, { atrPercentile: 0.5, regime, reversalP: NaN });
      expect(c.action).toBe(adaptiveAction(regime, v));
      expect(c.q.every(Number.isNaN)).toBe(true);
    }
    // regime 3 is a shift (engine/ml/regimes.ts REGIMES): the flash exit.
    expect(adaptiveChooser(v, { atrPercentile: 0.5, regime: 3, reversalP: NaN }).action).toBe(LIQUIDATE);
  });
});

describe('heat map', () => {
  const table: QTable = trained.table;
  // Representative values inside each bin: the bin's lower edge (bin k holds values >= edge k-1).
  const inside = (edges: readonly number[], k: number): number => (k === 0 ? edges[0] - 1 : edges[k - 1]);

  it("all volatility: each cell is the coarse table's best action and its margin over Hold", () => {
    const map = heatMap(table, 'all');
    expect(map.cells.length).toBe(BINS.unrealisedR.length + 1);
    let learned = 0;
    map.cells.forEach((row, r) =>
      row.forEach((cell, b) => {
        const u = BINS.unrealisedR.length - r;
        const c = coarseCell(u, b, 3);
        const q = [0, 1, 2].map((a) =>
          table.coarseN[c * 3 + a] >= table.settings.minCoarse ? table.coarseQ[c * 3 + a] : NaN,
        );
        let best = HOLD;
        let value = Number.isNaN(q[HOLD]) ? -Infinity : q[HOLD];
        for (const a of [SELL, LIQUIDATE]) if (q[a] > value) [best, value] = [a, q[a]];
        expect(cell.action).toBe(ACTION_NAMES[best]);
        expect(cell.samples).toBe(table.coarseN[c * 3] + table.coarseN[c * 3 + 1] + table.coarseN[c * 3 + 2]);
        if (!Number.isNaN(q[HOLD])) expect(cell.advantage).toBeCloseTo(q[best] - q[HOLD], 9);
        if (cell.samples > 0) learned++;
      }),
    );
    expect(learned).toBeGreaterThan(10);
    expect(map.rows[0]).toBe('>=3R');
    expect(map.columns[0]).toBe('<3 bars');
  });

  it("a volatility slice pools that third's fine cells, found here through cellsOf", () => {
    for (const slice of HEAT_SLICES.slice(1)) {
      const atrPercentile = [0.1, 0.5, 0.9][HEAT_SLICES.indexOf(slice) - 1];
      const map = heatMap(table, slice);
      let learned = 0;
      map.cells.forEach((row, r) =>
        row.forEach((cell, b) => {
          const base: ExitView = {
            side: 'long',
            entryIndex: 0,
            index: 0,
            barsHeld: inside(BINS.barsHeld, b),
            unrealisedR: inside(BINS.unrealisedR, BINS.unrealisedR.length - r),
            openShare: 1,
            stopDistanceR: 0,
            mfeR: 0,
            exhaustionEdge: false,
          };
          // Every fine cell of this coarse cell and ATR third: 5 regimes x 2 stop bins x 4 reversal bins.
          const sum = [0, 0, 0];
          const n = [0, 0, 0];
          const fines = new Set<number>();
          for (let regime = 0; regime < 5; regime++)
            for (const stopDistanceR of [0.2, 1])
              for (const p of [NaN, 0.2, 0.6, 0.9]) {
                const { fine } = cellsOf({ ...base, stopDistanceR }, atrPercentile, regime, p);
                fines.add(fine);
                for (let a = 0; a < 3; a++) {
                  sum[a] += table.fineQ[fine * 3 + a] * table.fineN[fine * 3 + a];
                  n[a] += table.fineN[fine * 3 + a];
                }
              }
          expect(fines.size).toBe(40);
          expect(cell.samples).toBe(n[0] + n[1] + n[2]);
          const q = [0, 1, 2].map((a) => (n[a] >= table.settings.minCoarse ? sum[a] / n[a] : NaN));
          let best = HOLD;
          let value = Number.isNaN(q[HOLD]) ? -Infinity : q[HOLD];
          for (const a of [SELL, LIQUIDATE]) if (q[a] > value) [best, value] = [a, q[a]];
          expect(cell.action).toBe(ACTION_NAMES[best]);
          if (!Number.isNaN(q[HOLD])) expect(cell.advantage).toBeCloseTo(q[best] - q[HOLD], 9);
          if (cell.samples > 0) learned++;
        }),
      );
      expect(learned).toBeGreaterThan(5);
    }
  });
});
