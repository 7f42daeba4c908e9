// The chart's policy session (remote.policy in the adaptive worker) on 3,000 real ETHUSDT 5m
// bars: what it answers equals PolicyTrade played by hand on the same bars and table.
import { describe, expect, it } from 'vitest';
import { adaptiveChooser, advantageOverHold, learnedChooser } from '../../../engine/ml/policy/choosers.js';
import { ACTION_NAMES } from '../../../engine/ml/policy/director.js';
import { loadPolicyFile } from '../../../engine/ml/policy/file.js';
import { marketStates } from '../../../engine/ml/policy/learned.js';
import { PolicyTrade, type Chooser, type PolicyDecision } from '../../../engine/ml/policy/policy-trade.js';
import { CHART_ENTRY_RULE, PolicySession } from '../../../engine/ml/policy/policy-session.js';
import { REGIMES, RESPONSE_MATRIX } from '../../../engine/ml/regimes.js';
import { parsePlan } from '../../../engine/plan/parse.js';
import type { Bar } from '../../../engine/types.js';
import { loadBars } from '../backtest/load-bars.js';

const ETH = 'ethusdt_binance_5m_2020-12_2021-07.csv';
const bars = loadBars(ETH).slice(-3000);

/** A long entered 40 bars before the end at that bar's close, stop 2 ATR below. */
function planAt(k: number, policy?: string) {
  const b = bars[k];
  return parsePlan({ side: 'long', entry: String(b.close), at: String(b.time), stop: 'atr14x2', policy });
}

/** PolicyTrade by hand: the last decision over bars[0..end]. */
function byHand(
  upTo: readonly Bar[],
  plan: ReturnType<typeof planAt>,
  chooser: Chooser,
): PolicyDecision | null {
  const m = marketStates(upTo);
  const trade = new PolicyTrade(plan, chooser);
  let last: PolicyDecision | null = null;
  for (let i = 0; i < upTo.length && trade.status !== 'closed'; i++)
    last =
      trade.add(upTo[i], { atrPercentile: m.atrPercentile[i], regime: m.regime[i], reversalP: NaN }) ?? last;
  return last;
}

describe('PolicySession', () => {
  it('trains on the chart bars with progress, and answers as PolicyTrade does, bar by bar', async () => {
    const session = new PolicySession();
    const stages: string[] = [];
    const result = await session.train(bars, (f, stage) => stages.push(`${f}:${stage}`));
    expect(stages[stages.length - 1]).toBe('1:done');
    expect(result.summary).toMatchObject({ source: 'trained', rule: CHART_ENTRY_RULE });
    expect(result.summary.episodes).toBeGreaterThanOrEqual(50);
    const table = loadPolicyFile(result.policy);
    const plan = planAt(bars.length - 41);
    let answered = 0;
    for (let end = bars.length - 40; end <= bars.length; end += 4) {
      const upTo = bars.slice(0, end);
      const now = session.now(upTo, plan);
      const code = marketStates(upTo).regime[end - 1];
      expect(now.current).toEqual({ regime: REGIMES[code], ...RESPONSE_MATRIX[REGIMES[code]] });
      expect(now.policy).toBe('learned');
      const d = byHand(upTo, plan, learnedChooser(table));
      if (d === null || d.index !== end - 1) {
        expect(now.action).toBeNull();
        continue;
      }
      answered++;
      expect(now.action).toEqual({
        action: ACTION_NAMES[d.action],
        advantageR: advantageOverHold(d.q, d.action),
        openShare: d.view.openShare,
        unrealisedR: d.view.unrealisedR,
        barsHeld: d.view.barsHeld,
        time: upTo[end - 1].time,
      });
    }
    expect(answered).toBeGreaterThan(0);
    // No look-ahead: the regimes of a shorter series are the longer one's first ones.
    const full = session.now(bars, plan).regimes;
    expect(Array.from(session.now(bars.slice(0, 2000), plan).regimes)).toEqual(
      Array.from(full.subarray(0, 2000)),
    );
  });

  it('without a table: regimes only, or the regime matrix when the plan says policy=adaptive', () => {
    const session = new PolicySession();
    const plain = session.now(bars, planAt(bars.length - 11));
    expect(plain.policy).toBeNull();
    expect(plain.action).toBeNull();
    expect(plain.regimes.length).toBe(bars.length);
    const plan = planAt(bars.length - 11, 'adaptive');
    const now = session.now(bars, plan);
    expect(now.policy).toBe('adaptive');
    const d = byHand(bars, plan, adaptiveChooser);
    if (d !== null && d.index === bars.length - 1) {
      expect(now.action?.action).toBe(ACTION_NAMES[d.action]);
      expect(now.action?.advantageR).toBeNaN();
    } else expect(now.action).toBeNull();
  });

  it('refuses a policy file it cannot play, and too few bars to learn from, naming the fix', async () => {
    const session = new PolicySession();
    const { policy } = await session.train(bars);
    const file = JSON.parse(policy);
    expect(() => session.load(JSON.stringify({ ...file, version: 1 }))).toThrow(/version 1 cannot be read/);
    const withReversal = {
      ...file,
      stateFeatures: [...file.stateFeatures, 'reversalP'],
      reversalFeatures: ['rsi14'],
    };
    expect(() => session.load(JSON.stringify(withReversal))).toThrow(
      /reads the reversal probability, which the chart does not give it; use a policy learned without --reversal/,
    );
    await expect(session.train(bars.slice(0, 600))).rejects.toThrow(/the policy needs at least 50/);
  });
});
