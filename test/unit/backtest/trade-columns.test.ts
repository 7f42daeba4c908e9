import { describe, expect, it } from 'vitest';
import { parseCosts } from '../../../engine/backtest/costs.js';
import { ruleEntries } from '../../../engine/backtest/entry-rules.js';
import { DEFAULT_POLICIES } from '../../../engine/backtest/policies.js';
import { runBacktest } from '../../../engine/backtest/run.js';
import { loadBars, SPY } from './load-bars.js';

const bars = loadBars(SPY);
const result = runBacktest(bars, ruleEntries(bars, { kind: 'donchian', period: 20 }), {
  policies: [...DEFAULT_POLICIES],
  costs: parseCosts('unit0.005,fill1,bps1,slipbps2,slipatr0.05'),
  sizing: { kind: 'risk', fraction: 0.01 },
  initialEquity: 100_000,
  stress: null,
});

// The lab records trades in columns and makes the Trade objects when first read; whoever
// reads them (JSON, a worker message, the lab view) must see the shape the API always had.
describe('trades made from columns on demand', () => {
  it('have the Trade and TradeFill fields, in the order they always had', () => {
    const t = result.policies[2].trades[0];
    expect(Object.keys(t)).toEqual([
      'policy',
      'side',
      'entryIndex',
      'entryTime',
      'signalPrice',
      'entryPrice',
      'entryFee',
      'initialStop',
      'riskPerUnit',
      'size',
      'fills',
      'exitIndex',
      'exitTime',
      'pnl',
      'r',
      'grossPnl',
      'fees',
      'slippage',
      'mfe',
      'mae',
      'mfeR',
      'maeR',
      'barsHeld',
      'equityBefore',
      'endOfData',
    ]);
    expect(Object.keys(t.fills[0])).toEqual([
      'time',
      'index',
      'leg',
      'reason',
      'plannedPrice',
      'marketPrice',
      'price',
      'size',
      'fee',
      'pnl',
      'r',
    ]);
    expect(Object.keys(result.policies[0])).toEqual([
      'policy',
      'trades',
      'equity',
      'skippedEntries',
      // Added with the notional cap of risk sizing (sizing-cap.test.ts).
      'resizedTrades',
      'unplacedEntries',
      'unplacedReasons',
      'stats',
    ]);
  });

  it('are made once, and travel in JSON and in a structured clone (a worker message)', () => {
    const p = result.policies[3];
    expect(p.trades).toBe(p.trades);
    expect(p.trades.length).toBe(p.stats.trades);
    expect(JSON.parse(JSON.stringify(p)).trades).toEqual(p.trades);
    const cloned = structuredClone(result);
    cloned.policies.forEach((c, k) => expect(c.trades).toEqual(result.policies[k].trades));
  });

  it('carry each trade its own fills, one trade after another', () => {
    for (const p of result.policies) {
      // A fill belongs to its trade's bars, and the trade's last fill is on its exit bar.
      for (const t of p.trades) {
        expect(t.fills.length).toBeGreaterThan(0);
        for (const f of t.fills) expect(f.index > t.entryIndex && f.index <= t.exitIndex).toBe(true);
        expect(t.fills[t.fills.length - 1].index).toBe(t.exitIndex);
        expect(t.exitTime).toBe(bars[t.exitIndex].time);
      }
      expect(p.stats.fills).toBe(p.trades.reduce((s, t) => s + t.fills.length + 1, 0));
    }
  });
});
