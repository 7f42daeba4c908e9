// The learned exit policy and the adaptive policy in the lab: fills are the Position's,
// costs are paid per partial, the future never changes the past, bad inputs are refused.
import { describe, expect, it } from 'vitest';
import { commission } from '../../../engine/backtest/costs.js';
import { labOptions, resolveEntries } from '../../../engine/backtest/lab.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import type { BacktestOptions, Entry } from '../../../engine/backtest/types.js';
import { atrBatch } from '../../../engine/indicators/atr.js';
import { regimesBatch } from '../../../engine/ml/regimes.js';
import {
  DIRECTOR_POLICIES,
  HOLD,
  LIQUIDATE,
  type Action,
  type ExitDirector,
} from '../../../engine/ml/policy/director.js';
import { BEHAVIOUR_POLICY, liquidationR } from '../../../engine/ml/policy/episodes.js';
import { fitQ, emptyTransitions, bestAction } from '../../../engine/ml/policy/fqi.js';
import { buildPolicyFile, loadPolicyFile } from '../../../engine/ml/policy/file.js';
import { judgePolicy, MIN_EPISODES, policyDirectors, trainPolicy } from '../../../engine/ml/policy/learn.js';
import { learnedDirector } from '../../../engine/ml/policy/learned.js';
import type { Bar } from '../../../engine/types.js';
import { loadBars, SPY } from '../backtest/load-bars.js';

// SPY daily with 20-day breakout entries and real costs: 5 bps commission, 2 bps slippage,
// 1 currency unit per fill (so every partial visibly pays).
const RULE = 'donchian:20';
const COSTS = 'bps5,slipbps2,fill1';
const setup = (bars: readonly Bar[]): { entries: Entry[]; options: BacktestOptions } => ({
  entries: resolveEntries(bars, RULE),
  options: labOptions({ entries: RULE, costs: COSTS }),
});

const learned = DIRECTOR_POLICIES.find((p) => p.id === 'learned')!;

describe('learned exit policy', () => {
  const bars = loadBars(SPY);
  const { entries, options } = setup(bars);
  const trained = trainPolicy(bars, entries, options);

  it('is deterministic for a seed and learns from purged episodes only', () => {
    const again = trainPolicy(bars, entries, options);
    expect(Array.from(again.table.fineQ)).toEqual(Array.from(trained.table.fineQ));
    expect(trained.episodes).toBeGreaterThanOrEqual(MIN_EPISODES);
    const other = trainPolicy(bars, entries, options, { ...trained.settings, seed: 2 });
    expect(Array.from(other.table.coarseQ)).not.toEqual(Array.from(trained.table.coarseQ));
  });

  it('its fills are reproduced by replaying its actions through the Position', () => {
    const test = entries.filter((e) => e.index >= trained.splitIndex);
    const actions = new Map<string, Action>();
    const live = learnedDirector(bars, trained.table);
    const recording: ExitDirector = (v) => {
      const a = live(v);
      actions.set(`${v.entryIndex}:${v.index}`, a);
      return a;
    };
    const replay: ExitDirector = (v) => actions.get(`${v.entryIndex}:${v.index}`) ?? HOLD;
    const run = (d: ExitDirector) =>
      runBacktest(bars, test, { ...options, policies: [learned] }, { directors: () => d }).policies[0].trades;
    const first = run(recording);
    const second = run(replay);
    expect(second).toEqual(first);
    // The policy really acts (else the replay proves nothing): sells and liquidations are there.
    const reasons = new Set(first.flatMap((t) => t.fills.map((f) => f.reason)));
    expect(reasons.has('exhaustion')).toBe(true);
    expect(reasons.has('close')).toBe(true);
    // Each sell is 25% of the size opened at the bar's close less 2 bps slippage; each fill pays
    // its own commission (1 per fill + 5 bps of notional: engine/backtest/costs.ts commission).
    let quarters = 0;
    for (const t of first)
      for (const f of t.fills) {
        expect(f.fee).toBeCloseTo(commission(options.costs, f.price, f.size), 9);
        expect(f.fee).toBeGreaterThanOrEqual(1);
        if (f.reason === 'exhaustion') {
          // A slice of 25% of the size opened, or what is left when less remains.
          expect(f.size).toBeLessThanOrEqual(0.25 * t.size * (1 + 1e-12));
          if (Math.abs(f.size - 0.25 * t.size) < 1e-9 * t.size) quarters++;
          const dir = t.side === 'long' ? 1 : -1;
          expect(f.price).toBeCloseTo(bars[f.index].close * (1 - dir * 2e-4), 9);
        }
      }
    expect(quarters).toBeGreaterThan(10);
  });

  it('the counterfactual liquidation equals the Position liquidation it stands for', () => {
    const liquidateAt3: ExitDirector = (v) => (v.barsHeld === 3 ? LIQUIDATE : HOLD);
    const trades = runBacktest(
      bars,
      entries,
      { ...options, policies: [BEHAVIOUR_POLICY] },
      { directors: () => liquidateAt3 },
    ).policies[0].trades;
    const atr = atrBatch(
      Float64Array.from(bars, (b) => b.high),
      Float64Array.from(bars, (b) => b.low),
      Float64Array.from(bars, (b) => b.close),
      14,
    );
    let checked = 0;
    for (const t of trades) {
      const f = t.fills[t.fills.length - 1];
      if (f.reason !== 'close' || t.endOfData) continue;
      expect(liquidationR(t, bars[f.index].close, atr[f.index], 1, options)).toBeCloseTo(f.r, 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('truncating the future leaves the table, earlier actions and fills unchanged', () => {
    const cut = trained.splitIndex + 600;
    const short = bars.slice(0, cut);
    // The same split bar on the shorter series.
    const split = (trained.splitIndex + 0.5) / cut;
    const s = setup(short);
    const t2 = trainPolicy(short, s.entries, s.options, { ...trained.settings, split });
    expect(t2.splitIndex).toBe(trained.splitIndex);
    expect(Array.from(t2.table.fineQ)).toEqual(Array.from(trained.table.fineQ));
    const closedBefore = (bs: readonly Bar[], es: Entry[], o: BacktestOptions) =>
      runBacktest(
        bs,
        es.filter((e) => e.index >= trained.splitIndex),
        { ...o, policies: [...DIRECTOR_POLICIES] },
        {
          directors: policyDirectors(trained.table),
        },
      ).policies.map((p) => p.trades.filter((t) => !t.endOfData && t.exitIndex < cut - 1));
    const full = closedBefore(bars, entries, options);
    const part = closedBefore(short, s.entries, s.options);
    for (let k = 0; k < full.length; k++) {
      const n = part[k].length;
      expect(n).toBeGreaterThan(5);
      expect(part[k]).toEqual(full[k].slice(0, n));
    }
  });

  it('judges beside the static policies, with intervals', () => {
    const rows = judgePolicy(bars, entries, options, trained, 200);
    expect(rows.map((r) => r.id)).toEqual(
      expect.arrayContaining(['ladder', 'aioo-2r', 'adaptive', 'learned']),
    );
    for (const r of rows) {
      expect(r.bootstrap.expectancyR.low).toBeLessThanOrEqual(r.stats.avgR);
      expect(r.bootstrap.expectancyR.high).toBeGreaterThanOrEqual(r.stats.avgR);
    }
  });

  it('a saved policy reads back to the same decisions; a file for other features is refused', () => {
    const file = buildPolicyFile(bars, trained, options.costs);
    const table = loadPolicyFile(JSON.stringify(file));
    for (let c = 0; c < 192; c++)
      expect(bestAction(table, c * 30, c)).toBe(bestAction(trained.table, c * 30, c));
    expect(() => loadPolicyFile(JSON.stringify({ ...file, stateFeatures: ['unrealisedR', 'rsi'] }))).toThrow(
      /state \(unrealisedR, rsi\).*differ.*learn the policy again/,
    );
    expect(() => loadPolicyFile(JSON.stringify({ ...file, version: 9 }))).toThrow(/version 9 cannot be read/);
    expect(() => loadPolicyFile('{"format":"exitplan-reversal-model"}')).toThrow(/not an exit policy/);
  });

  it('refuses to learn from too few trades, saying how many it needs', () => {
    const short = bars.slice(0, 900);
    const s = setup(short);
    expect(() => trainPolicy(short, s.entries, s.options)).toThrow(
      new RegExp(`trades closed before the split bar .* needs at least ${MIN_EPISODES}`),
    );
  });
});

describe('fitted Q-iteration', () => {
  it('values a hold by what follows it (a two-state chain)', () => {
    // State 0: hold -> state 1 with reward 0, or liquidate for 0.5; state 1: liquidate for 1.
    // So Q(0, hold) = 0 + max Q(1, .) = 1 beats Q(0, liquidate) = 0.5: hold is learned.
    const tr = emptyTransitions();
    const add = (s: number, a: number, r: number, next: number) => {
      tr.fine.push(s);
      tr.coarse.push(s);
      tr.action.push(a);
      tr.reward.push(r);
      tr.nextFine.push(next);
      tr.nextCoarse.push(next);
    };
    add(0, HOLD, 0, 1);
    add(0, LIQUIDATE, 0.5, -1);
    add(1, LIQUIDATE, 1, -1);
    const q = fitQ(tr, { minFine: 1, minCoarse: 1, iterations: 10 });
    expect(q.fineQ[0 * 3 + HOLD]).toBe(1);
    expect(bestAction(q, 0, 0)).toBe(HOLD);
    expect(bestAction(q, 1, 1)).toBe(LIQUIDATE);
    // Unknown states hold.
    expect(bestAction(q, 7, 7)).toBe(HOLD);
  });
});

describe('adaptive policy', () => {
  it('flash-exits on a regime shift: no adaptive trade stays open through a shift bar', () => {
    const bars = loadBars(SPY);
    const { entries, options } = setup(bars);
    const regime = regimesBatch(bars);
    const adaptive = DIRECTOR_POLICIES.find((p) => p.id === 'adaptive')!;
    const trades = runBacktest(
      bars,
      entries,
      { ...options, policies: [adaptive] },
      { directors: policyDirectors(null) },
    ).policies[0].trades;
    let flash = 0;
    for (const t of trades) {
      for (let i = t.entryIndex + 1; i < t.exitIndex; i++) expect(regime[i]).not.toBe(3);
      if (regime[t.exitIndex] === 3 && t.fills.at(-1)!.reason === 'close') flash++;
    }
    expect(flash).toBeGreaterThan(5);
  });
});
