// The policy state's reversal bin, the version-2 policy file and its refusals, and the plan
// text's policy=learned:<file> | adaptive reference.
import { describe, expect, it } from 'vitest';
import { labOptions, resolveEntries } from '../../../engine/backtest/lab.js';
import { PlanError } from '../../../engine/errors.js';
import { rsiBatch } from '../../../engine/indicators/rsi.js';
import { MlError } from '../../../engine/ml/errors.js';
import type { ExitView } from '../../../engine/ml/policy/director.js';
import { buildPolicyFile, loadPolicyFile, POLICY_VERSION } from '../../../engine/ml/policy/file.js';
import { trainPolicy } from '../../../engine/ml/policy/learn.js';
import { reversalFor, type ReversalColumn } from '../../../engine/ml/policy/learned.js';
import {
  cellsOf,
  REVERSAL_BINS,
  REVERSAL_FEATURE,
  STATE_FEATURES,
  stateFeatures,
} from '../../../engine/ml/policy/state.js';
import { planField } from '../../../engine/plan/fields.js';
import { parsePlan } from '../../../engine/plan/parse.js';
import { formatPolicyRef, parsePolicyRef } from '../../../engine/plan/policy-ref.js';
import { loadBars, SPY } from '../backtest/load-bars.js';

const view = (over: Partial<ExitView> = {}): ExitView => ({
  side: 'long',
  entryIndex: 0,
  index: 10,
  barsHeld: 10,
  unrealisedR: 1.2,
  openShare: 1,
  stopDistanceR: 1.5,
  mfeR: 1.4,
  exhaustionEdge: false,
  ...over,
});

/** The error a call throws (the test fails when it throws none). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

describe('the reversal bin of the policy state', () => {
  it('is 0 without a probability and 1..3 by the 0.5 / 0.7 edges with one; the coarse cell ignores it', () => {
    const v = view();
    const none = cellsOf(v, 0.5, 1);
    // The reversal bin is the fine cell's last digit (state.ts cellsOf lays it out last).
    expect(none.fine % REVERSAL_BINS).toBe(0);
    expect(cellsOf(v, 0.5, 1, NaN)).toEqual(none);
    const cases: [number, number][] = [
      [0, 1],
      [0.49, 1],
      [0.5, 2],
      [0.69, 2],
      [0.7, 3],
      [1, 3],
    ];
    for (const [p, binWanted] of cases) {
      const c = cellsOf(v, 0.5, 1, p);
      expect(c.coarse).toBe(none.coarse);
      expect(c.fine).toBe(none.fine + binWanted);
    }
  });

  it('enters the learned state, its file and the check of the model given', () => {
    const bars = loadBars(SPY);
    const rule = 'donchian:20';
    const entries = resolveEntries(bars, rule);
    const options = labOptions({ entries: rule, costs: 'bps5,fill1' });
    // A causal probability column from the real bars stands in for a reversal model's output:
    // RSI14 / 100 (NaN while it warms up, as a model's features do).
    const rsi = rsiBatch(
      Float64Array.from(bars, (b) => b.close),
      14,
    );
    const reversal: ReversalColumn = { p: rsi.map((x) => x / 100), features: ['rsi14', 'bbPos20'] };
    const trained = trainPolicy(bars, entries, options, undefined, reversal);
    expect(trained.table.stateFeatures).toEqual([...STATE_FEATURES, REVERSAL_FEATURE]);
    // Some fine cells were learned in each of the three probability bins.
    const seen = new Set<number>();
    for (let k = 0; k < trained.table.fineN.length; k++)
      if (trained.table.fineN[k] > 0) seen.add(Math.floor(k / 3) % REVERSAL_BINS);
    expect([...seen].sort()).toEqual([1, 2, 3]);

    const file = buildPolicyFile(bars, trained, options.costs);
    expect(file.version).toBe(2);
    expect(file.reversalFeatures).toEqual(['rsi14', 'bbPos20']);
    const back = loadPolicyFile(JSON.stringify(file));
    expect(Array.from(back.fineQ)).toEqual(
      Array.from(trained.table.fineQ).map((q) => Math.round(q * 1e9) / 1e9),
    );
    expect(Array.from(back.fineN)).toEqual(Array.from(trained.table.fineN));
    expect(back.reversalFeatures).toEqual(['rsi14', 'bbPos20']);

    expect(reversalFor(back, reversal)).toBe(reversal);
    expect(() => reversalFor(back, null)).toThrow(
      /learned with the reversal probability .*rsi14, bbPos20; give that reversal model/,
    );
    expect(() => reversalFor(back, { ...reversal, features: ['rsi14'] })).toThrow(
      /reversal model on the features rsi14, bbPos20, and the model given reads rsi14; give the model it was learned with/,
    );
    // A file that reads the probability but lost its model's feature list is refused.
    expect(() => loadPolicyFile(JSON.stringify({ ...file, reversalFeatures: null }))).toThrow(
      /reads the reversal probability but does not list the reversal model's features/,
    );
  });
});

describe('policy file version 2', () => {
  const bars = loadBars(SPY);
  const rule = 'donchian:20';
  const options = labOptions({ entries: rule, costs: 'bps5,fill1' });
  const trained = trainPolicy(bars, resolveEntries(bars, rule), options);
  const file = buildPolicyFile(bars, trained, options.costs);

  it('is sparse, records its state, and loads back to the same table', () => {
    expect(file.version).toBe(POLICY_VERSION);
    expect(file.stateFeatures).toEqual(stateFeatures(false));
    expect(file.reversalFeatures).toBeNull();
    // Only learned slots are written: as many as the table has non-zero counts.
    const learned = Array.from(trained.table.fineN).filter((n) => n > 0).length;
    expect(file.table.fine.slot.length).toBe(learned);
    const back = loadPolicyFile(JSON.stringify(file));
    expect(Array.from(back.coarseN)).toEqual(Array.from(trained.table.coarseN));
    expect(Array.from(back.fineN)).toEqual(Array.from(trained.table.fineN));
    for (let k = 0; k < back.fineQ.length; k++) expect(back.fineQ[k]).toBeCloseTo(trained.table.fineQ[k], 8);
  });

  it('refuses another version, other features, other bins and a broken table, by name', () => {
    const bad = (over: object): MlError =>
      thrown(() => loadPolicyFile(JSON.stringify({ ...file, ...over }))) as MlError;
    const v1 = bad({ version: 1 });
    expect(v1).toBeInstanceOf(MlError);
    expect(v1.field).toBe('policy');
    expect(v1.message).toBe(
      'policy: version 1 cannot be read by this build (version 2); learn the policy again',
    );
    expect(bad({ stateFeatures: ['unrealisedR', 'barsHeld'] }).message).toMatch(
      /state \(unrealisedR, barsHeld\) or its bins differ from this build's \(unrealisedR, barsHeld, openShare, atrPercentile, regime, stopDistanceR\)/,
    );
    expect(bad({ bins: { ...file.bins, barsHeld: [5, 10] } }).message).toMatch(/or its bins differ/);
    expect(bad({ table: { ...file.table, fine: { slot: [1], q: [], n: [] } } }).message).toMatch(
      /the fine table is incomplete/,
    );
    expect(bad({ table: { ...file.table, coarse: { slot: [1e9], q: [0], n: [3] } } }).message).toMatch(
      /the coarse table's entry 1 \(slot 1000000000\) is not a cell of this state/,
    );
    expect(() => loadPolicyFile('not json')).toThrow(
      /the file is not JSON; give a file written by exitplan learn policy --out/,
    );
    expect(() => loadPolicyFile('null')).toThrow(/not a policy object/);
  });
});

describe('policy= in the plan text', () => {
  it('reads learned:<file>, adaptive and none, and writes them back', () => {
    expect(parsePolicyRef('learned:policy.json')).toEqual({ kind: 'learned', file: 'policy.json' });
    expect(parsePolicyRef(' LEARNED: https://host/p.json ')).toEqual({
      kind: 'learned',
      file: 'https://host/p.json',
    });
    expect(parsePolicyRef('adaptive')).toEqual({ kind: 'adaptive' });
    for (const t of [undefined, '', 'none', 'off', '-']) expect(parsePolicyRef(t)).toBeNull();
    for (const t of ['learned:policy.json', 'adaptive', 'none'])
      expect(formatPolicyRef(parsePolicyRef(t))).toBe(t);
  });

  it('refuses bad text with an error naming the field and the fix', () => {
    for (const [text, message] of [
      ['learned:', /"learned:" needs the policy file's path or URL without spaces, e.g. learned:policy.json/],
      ['learned:my policy.json', /without spaces/],
      ['greedy', /policy: cannot read "greedy"; write learned:<file> .*adaptive, or none/],
    ] as const) {
      const e = thrown(() => parsePolicyRef(text)) as PlanError;
      expect(e).toBeInstanceOf(PlanError);
      expect(e.field).toBe('policy');
      expect(e.message).toMatch(message);
    }
  });

  it('is a plan field: parsePlan carries it, the field table checks it', () => {
    const base = { side: 'long', entry: '100', stop: '95' };
    expect(parsePlan({ ...base, policy: 'adaptive' }).policy).toEqual({ kind: 'adaptive' });
    expect(parsePlan({ ...base, policy: 'learned:p.json' }).policy).toEqual({
      kind: 'learned',
      file: 'p.json',
    });
    expect('policy' in parsePlan(base)).toBe(false);
    const e = thrown(() => parsePlan({ ...base, policy: 'sometimes' })) as PlanError;
    expect(e.field).toBe('policy');
    const field = planField('policy');
    expect(field.label).toBe('Exit policy');
    expect(() => field.check('learned:')).toThrow(/needs the policy file's path/);
    expect(() => field.check(field.example)).not.toThrow();
  });
});
