// The lab's reversal-model policies: trained walk-forward inside the run, so cutting the
// series changes no decision taken before the cut, and every model-driven slice is taken
// where the out-of-sample probability says so.
import { describe, expect, it } from 'vitest';
import { parseCosts } from '../../../engine/backtest/costs.js';
import { ruleEntries } from '../../../engine/backtest/entry-rules.js';
import { selectPolicies } from '../../../engine/backtest/policies.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import type { BacktestOptions, Trade } from '../../../engine/backtest/types.js';
import { barFeatures } from '../../../engine/ml/features.js';
import { ML_POLICIES, type GateProvider } from '../../../engine/ml/lab-gate.js';
import { labSettings, reversalGates } from '../../../engine/ml/lab-policies.js';
import type { TradeState } from '../../../engine/ml/trade-state.js';
import { barsNeeded } from '../../../engine/ml/walk-forward.js';
import { loadBars, SPY } from '../backtest/load-bars.js';

const bars = loadBars(SPY);
const options: BacktestOptions = {
  policies: selectPolicies('ladder,ml-filter,exhaustion+ml,ml-2r'),
  costs: parseCosts('bps1,slipbps1'),
  sizing: { kind: 'risk', fraction: 0.01 },
  initialEquity: 100_000,
  stress: null,
};
const entries = ruleEntries(bars, { kind: 'random', seed: 4, rate: 0.03, sides: 'both' });
/**
 * What each trade was scored with, read off the real gate as the run calls it (nothing is
 * replaced): per gated policy (the run asks for its gate in policy order), side, bar and entry
 * bar, the trade state it was given and the p it got.
 */
type Seen = Map<string, [TradeState, number]>;
const seen: Seen[] = [];
const watchedGates: GateProvider = (b, gate, sides) => {
  const columns = reversalGates(b, gate, sides);
  const trade = columns.trade!;
  const mine: Seen = new Map();
  seen.push(mine);
  for (const side of ['long', 'short'] as const) {
    const score = trade[side];
    if (score === null) continue;
    trade[side] = (i, state) => {
      const p = score(i, state);
      mine.set(`${side} ${i} ${i - state.bars}`, [{ ...state }, p]);
      return p;
    };
  }
  return columns;
};
const full = runBacktest(bars, entries, options, { gates: watchedGates });
// SPY daily: warm-up 263 + 2000 + 20 + 20 -> the first model scores bar index 2303 (walk-forward.ts).
const firstScored = barsNeeded(labSettings(bars, 'long'), barFeatures(bars).warmup) - 1;

const early = (t: Trade, cut: number): unknown[] =>
  t.fills.filter((f) => f.index < cut - 1).map((f) => [f.index, f.leg, f.reason, f.price, f.size]);

describe('lab policies with the reversal model', () => {
  it('are refused clearly by a run that has no reversal model to train', () => {
    expect(() => runBacktest(bars, entries, options)).toThrow(
      /"ml-filter" needs the reversal model, which this build does not carry/,
    );
  });

  it('are selected by name next to the static ones', () => {
    expect(options.policies.map((p) => p.id)).toEqual(['ladder', 'ml-filter', 'exhaustion+ml', 'ml-2r']);
    expect(ML_POLICIES.every((p) => p.gate !== undefined)).toBe(true);
    expect(firstScored).toBe(2303);
  });

  it('take the model slice only where the out-of-sample p(reversal) is above 0.7, and the exhaustion+ml slice only where the rule fires too', () => {
    const features = barFeatures(bars);
    let slices = 0;
    for (const [k, result] of full.policies.slice(1).entries()) {
      for (const t of result.trades) {
        // The trade's own state at bar i (the ladder's legs are at 1, 2, 3 R; the stop is fixed).
        const pAt = (i: number): number => {
          const [state, p] = seen[k].get(`${t.side} ${i} ${t.entryIndex}`)!;
          expect(state.side).toBe(t.side);
          expect(state.entry).toBe(t.entryPrice);
          return p;
        };
        for (const f of t.fills.filter((x) => x.reason === 'exhaustion')) {
          slices++;
          expect(f.index).toBeGreaterThanOrEqual(firstScored);
          expect(pAt(f.index)).toBeGreaterThan(0.7);
          // The slice is taken on the gate's rising edge: it was closed on the bar before.
          const before = f.index - 1;
          const ruleAt = (i: number): number =>
            t.side === 'long' ? features.exhaustionLong[i] : features.exhaustionShort[i];
          const openAt = (i: number): boolean =>
            result.policy.gate!.mode === 'and' ? ruleAt(i) === 1 && pAt(i) > 0.7 : pAt(i) > 0.7;
          expect(openAt(f.index)).toBe(true);
          if (before >= t.entryIndex) expect(openAt(before)).toBe(false);
        }
      }
    }
    expect(slices).toBeGreaterThan(20);
  });

  it('cutting the series changes no fill before the cut', () => {
    const cuts = [firstScored + 1, firstScored + 500, firstScored + 501, 3517, 4480];
    for (const cut of cuts) {
      const truncated = runBacktest(
        bars.slice(0, cut),
        entries.filter((e) => e.index < cut),
        options,
        { gates: reversalGates },
      );
      for (let k = 0; k < full.policies.length; k++) {
        const before = truncated.policies[k].trades;
        const same = full.policies[k].trades.slice(0, before.length);
        expect(same.map((t) => t.entryIndex)).toEqual(before.map((t) => t.entryIndex));
        for (let j = 0; j < before.length; j++) expect(early(same[j], cut)).toEqual(early(before[j], cut));
      }
    }
  });
});
