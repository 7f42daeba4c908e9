import { describe, expect, it } from 'vitest';
import { marketAt, withMarket } from '../../../engine/journal/market.js';
import type { JournalTrade } from '../../../engine/journal/types.js';
import { REGIMES, regimesBatch } from '../../../engine/ml/regimes.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

// The market at each fill, regime included, from the bars alone: what was known when the fill
// happened (the close of the bar before the fill's bar), so no later bar may change it.
// The first 8,000 bars (2020-12-01 to 2021-01-28): enough for several regimes, quick to recompute.
const bars = loadBars(BTC5M).slice(0, 8000);
// 30 fills spread over them, each 2 minutes into its bar.
const fillBars = Array.from({ length: 30 }, (_, k) => 300 + k * 255);
const trade: JournalTrade = {
  id: 'spread',
  symbol: 'BINANCE:BTCUSDT',
  plan: { side: 'long', entry: bars[300].close, stop: '2%' },
  planTime: bars[300].time,
  edits: [],
  tags: [],
  fills: fillBars.map((i) => ({
    time: bars[i].time + 120,
    side: 'buy',
    price: bars[i].close,
    size: 0.01,
    fee: 0,
  })),
};

describe('market at each fill: the regime', () => {
  const full = withMarket(trade, bars).fills.map((f) => f.market!);
  const regimes = regimesBatch(bars);

  it("is the regime (engine/ml/regimes.ts) of the bar before the fill's bar", () => {
    fillBars.forEach((i, k) => {
      const expected = REGIMES[regimes[i - 1]];
      if (expected === 'none') expect(full[k].regime).toBeUndefined();
      else expect(full[k].regime).toBe(expected);
    });
    // Not vacuous: the 30 fills see more than one regime.
    expect(new Set(full.map((m) => m.regime).filter(Boolean)).size).toBeGreaterThan(1);
  });

  it('does not change when the bars after the fill are cut off', () => {
    fillBars.forEach((i, k) => {
      const cut = withMarket({ ...trade, fills: [trade.fills[k]] }, bars.slice(0, i + 1)).fills[0].market!;
      expect(cut).toEqual(full[k]);
    });
  });

  it("does not read the fill's own bar: a different close in it changes nothing", () => {
    fillBars.forEach((i, k) => {
      const changed = bars.slice(0, i + 1);
      changed[i] = { ...changed[i], close: changed[i].close * 1.2, high: changed[i].high * 1.2 };
      const m = withMarket({ ...trade, fills: [trade.fills[k]] }, changed).fills[0].market!;
      expect(m.regime).toBe(full[k].regime);
      expect(m.indicators).toEqual(full[k].indicators);
    });
  });

  it("a live fill (the panel's marketAt) records the same regime, null for what the panel lacks", () => {
    const off = { bid: null, ask: null, reversal: null, policyRegime: null };
    fillBars.forEach((i, k) => {
      const live = marketAt(bars, trade.fills[k].time, off)!;
      expect(live.regime ?? undefined).toBe(full[k].regime);
      expect(live).toMatchObject({ bid: null, ask: null, mid: null });
      // No model on the chart: nothing recorded for it, not even a null.
      expect('reversal' in live || 'policyRegime' in live || 'reversalProbability' in live).toBe(false);
      expect(live.indicators).toEqual(full[k].indicators);
    });
  });
});

describe("market at a live fill: the chart's models", () => {
  // The chart as the panel holds it in live mode: bar 1000 is forming, bar 999 the last closed.
  const chart = bars.slice(0, 1001);
  const now = chart[1000].time + 90;
  const shown = { probability: 0.73, barTime: chart[999].time };
  const live = { bid: null, ask: null, reversal: shown, policyRegime: 'resistance' };

  it('records the probability and regime the chart shows for a fill in its newest bar', () => {
    const m = marketAt(chart, now, live)!;
    expect(m.reversal).toEqual(shown);
    expect(m.policyRegime).toBe('resistance');
  });

  it('records neither for a fill typed for an earlier bar: the models have moved on since', () => {
    const m = marketAt(chart, chart[990].time + 10, live)!;
    expect(m.bar?.time).toBe(chart[990].time);
    expect('reversal' in m || 'policyRegime' in m).toBe(false);
  });

  it('drops a probability scored at another bar than the one before the fill (stale or later)', () => {
    for (const barTime of [chart[998].time, chart[1000].time]) {
      const m = marketAt(chart, now, { ...live, reversal: { probability: 0.5, barTime } })!;
      expect(m.reversal).toBeUndefined();
      expect(m.policyRegime).toBe('resistance');
    }
  });
});
