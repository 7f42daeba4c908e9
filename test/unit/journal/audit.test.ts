import { describe, expect, it } from 'vitest';
import { computeOverlay, parsePlan, type Bar } from '../../../engine/index.js';
import { auditTrades, planVariants, PREMATURE_R } from '../../../engine/journal/audit.js';
import { reportTrade } from '../../../engine/journal/report.js';
import { MIN_TRADES_TO_SAY } from '../../../engine/journal/stats.js';
import { reportTrades, summarize } from '../../../engine/journal/summary.js';
import type { JournalTrade } from '../../../engine/journal/types.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

const bars = loadBars(BTC5M);
const PLAN = { side: 'long', stop: 'atr14x1.5', ladder: '1R:50', trail: 'atr14x2.5@1', exhaustion: 'none' };
const HOLD = 12;

/**
 * 24 trades on real BTCUSDT 5m bars: long at the close of every 288th bar (one a day) from bar
 * 1000, out by hand at the close 12 bars later: a trader who leaves early.
 */
function trades(count: number): JournalTrade[] {
  return Array.from({ length: count }, (_, k) => {
    const i = 1000 + 288 * k;
    return {
      id: `t${k}`,
      symbol: 'BTCUSDT',
      plan: { ...PLAN, entry: bars[i].close, at: bars[i].time },
      planTime: bars[i].time,
      edits: [],
      tags: [k % 2 === 0 ? 'even' : 'odd'],
      fills: [
        { time: bars[i].time, side: 'buy', price: bars[i].close, size: 1, fee: 0 },
        { time: bars[i + HOLD].time, side: 'sell', price: bars[i + HOLD].close, size: 1, fee: 0 },
      ],
    };
  });
}

describe('exit audit on real bars', () => {
  const list = trades(24);
  const audit = auditTrades(list, () => bars, 24);

  it('recomputes premature and late exit cost from the bars a second way', () => {
    expect(audit.exits).toHaveLength(24);
    for (const [k, e] of audit.exits.entries()) {
      const i = 1000 + 288 * k;
      const risk = reportTrade(list[k], bars).levels.riskPerUnit;
      // Second way: slices and Math.max over highs, the entry bar through the exit, and the 24 after.
      const held = bars.slice(i, i + HOLD + 1).map((b) => b.high);
      const after = bars.slice(i + HOLD + 1, i + HOLD + 25).map((b) => b.high);
      const exit = bars[i + HOLD].close;
      expect(e.lateR).toBeCloseTo(Math.max(0, Math.max(...held) - exit) / risk, 12);
      expect(e.prematureR).toBeCloseTo(Math.max(0, Math.max(...after) - exit) / risk, 12);
      expect(e.premature).toBe(Math.max(...after) - exit >= PREMATURE_R * risk);
      expect(e.features.barsHeld).toBe(HOLD);
      expect(e.features.progressR).toBeCloseTo((exit - bars[i].close) / risk, 12);
    }
    const total = audit.exits.reduce((s, e) => s + e.prematureR, 0);
    expect(audit.totalPrematureR).toBeCloseTo(total, 12);
    // Both groups exist on these bars, so the contrast compares something.
    expect(audit.exits.some((e) => e.premature)).toBe(true);
    expect(audit.exits.some((e) => !e.premature)).toBe(true);
    const premature = audit.exits.filter((e) => e.premature);
    const rsi = audit.contrast.find((c) => c.feature === 'rsi14')!;
    expect(rsi.premature).toBeCloseTo(
      premature.reduce((s, e) => s + e.features.rsi14, 0) / premature.length,
      12,
    );
  });

  it('replays each plan variant with the engine and reports the R it would have kept', () => {
    const change = 'trail atr14x2.5@1 -> atr14x3@1';
    expect(planVariants(list[0].plan).map((v) => v.change)).toContain(change);
    const s = audit.suggestions.find((x) => x.change === change)!;
    expect(s.trades).toBe(24);
    // Second way: the variant plan straight through computeOverlay, minus the hand exit's R.
    const kept = list.map((t, k) => {
      const i = 1000 + 288 * k;
      const o = computeOverlay(bars, parsePlan({ ...t.plan, trail: 'atr14x3@1', size: 1 }));
      const r = o.state.realisedR + (o.state.status === 'closed' ? 0 : o.state.openR);
      const risk = o.levels.riskPerUnit;
      return r - (bars[i + HOLD].close - bars[i].close) / risk;
    });
    expect(s.keptVsActual.interval.point).toBeCloseTo(kept.reduce((a, b) => a + b, 0) / kept.length, 12);
    expect(s.keptVsActual.interval.low).toBeLessThanOrEqual(s.keptVsActual.interval.point);
    expect(s.keptVsActual.interval.high).toBeGreaterThanOrEqual(s.keptVsActual.interval.point);
    expect(s.keptVsActual.tooFew).toBe(false);
  });

  it('says "too few trades" below the documented count', () => {
    const few = auditTrades(trades(MIN_TRADES_TO_SAY - 1), () => bars, 24);
    expect(few.suggestions.every((s) => s.keptVsActual.tooFew)).toBe(true);
  });

  it('is deterministic, and the state at an exit uses no later bar', () => {
    expect(auditTrades(list, () => bars, 24)).toEqual(audit);
    // Cut the bars right after the first exit: its features stay the same.
    const cut: Bar[] = bars.slice(0, 1000 + HOLD + 1);
    const alone = auditTrades(list.slice(0, 1), () => cut, 24);
    expect(alone.exits[0].features).toEqual(audit.exits[0].features);
  });
});

describe('summary over many trades', () => {
  const reports = reportTrades(trades(24), () => bars);
  const s = summarize(reports);

  it('counts adherence and the cost of deviating with a seeded interval', () => {
    // Every trade is closed by hand 12 bars in, nowhere near a plan level unless by chance.
    const followed = reports.filter((r) => r.followed).length;
    expect(s.adherenceRate).toBe(followed / 24);
    const dev = reports.filter((r) => !r.followed).map((r) => r.actualR - r.planR);
    expect(s.deviation!.count).toBe(dev.length);
    expect(s.deviation!.interval.point).toBeCloseTo(dev.reduce((a, b) => a + b, 0) / dev.length, 12);
    expect(summarize(reports).deviation).toEqual(s.deviation);
  });

  it('adds equity in R and groups by symbol and tag', () => {
    const total = reports.reduce((a, r) => a + r.actualR, 0);
    expect(s.equityR.at(-1)!.actual).toBeCloseTo(total, 12);
    expect(s.equityR.at(-1)!.plan).toBeCloseTo(
      reports.reduce((a, r) => a + r.planR, 0),
      12,
    );
    expect(s.bySymbol).toEqual([expect.objectContaining({ key: 'BTCUSDT', trades: 24 })]);
    expect(s.byTag.map((g) => [g.key, g.trades])).toEqual([
      ['even', 12],
      ['odd', 12],
    ]);
    expect(s.r.count).toBe(24);
    expect(s.r.median).toBeCloseTo(
      [...reports.map((r) => r.actualR)]
        .sort((a, b) => a - b)
        .slice(11, 13)
        .reduce((a, b) => a + b) / 2,
      12,
    );
  });
});

describe('exit audit: the chart models recorded at the exits', () => {
  const list = trades(24);
  // The same trades with a probability and a policy regime recorded on 18 of the exits (made-up
  // values, three regimes in turn), and none on the other 6: what panel fills with and without
  // a model on the chart leave.
  const REGIME_CYCLE = ['trending', 'resistance', 'quiet'];
  const recorded = list.map((t, k): JournalTrade => {
    if (k % 4 === 3) return t;
    const exit = t.fills[1];
    const market = {
      reversal: { probability: (k + 1) / 25, barTime: exit.time - 300 },
      policyRegime: REGIME_CYCLE[k % 3],
    };
    return { ...t, fills: [t.fills[0], { ...exit, market }] };
  });
  const plain = auditTrades(list, () => bars, 24);
  const audit = auditTrades(recorded, () => bars, 24);
  const premature = audit.exits.filter((e) => e.premature);
  const good = audit.exits.filter((e) => !e.premature);

  it('leaves them out when no exit has them: the bar features alone', () => {
    expect(plain.contrast.map((c) => c.feature)).toEqual(['rsi14', 'atrPercent', 'barsHeld', 'progressR']);
    // Bar features are unchanged by the recorded state.
    expect(audit.contrast.slice(0, 4)).toEqual(plain.contrast);
  });

  it('compares the mean probability over the exits that have one, premature against the others', () => {
    const row = audit.contrast.find((c) => c.feature === 'reversalP')!;
    // Second way: straight from the trades' recorded markets, grouped by the audit's verdicts.
    const p = (exits: typeof premature): number[] =>
      exits
        .map((e) => recorded.find((t) => t.id === e.tradeId)!.fills[1].market?.reversal?.probability)
        .filter((x): x is number => x !== undefined);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(row.prematureN + row.goodN).toBe(18);
    expect(row.prematureN).toBe(p(premature).length);
    expect(row.premature).toBeCloseTo(mean(p(premature)), 12);
    expect(row.good).toBeCloseTo(mean(p(good)), 12);
  });

  it('gives the share of each group in each recorded regime', () => {
    const rows = audit.contrast.filter((c) => c.feature.startsWith('regime '));
    expect(rows.map((r) => r.feature)).toEqual([
      'regime quiet (%)',
      'regime resistance (%)',
      'regime trending (%)',
    ]);
    const regimeOf = (e: (typeof premature)[number]): string | undefined =>
      recorded.find((t) => t.id === e.tradeId)!.fills[1].market?.policyRegime;
    for (const r of rows) {
      const name = r.feature.split(' ')[1];
      const share = (exits: typeof premature): number => {
        const known = exits.filter((e) => regimeOf(e) !== undefined);
        return (known.filter((e) => regimeOf(e) === name).length / known.length) * 100;
      };
      expect(r.premature).toBeCloseTo(share(premature), 12);
      expect(r.good).toBeCloseTo(share(good), 12);
    }
    // Each group's shares add up to 100%.
    expect(rows.reduce((s, r) => s + r.premature, 0)).toBeCloseTo(100, 9);
    expect(rows.reduce((s, r) => s + r.good, 0)).toBeCloseTo(100, 9);
  });
});
