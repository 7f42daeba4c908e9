import { describe, expect, it } from 'vitest';
import { withMarket } from '../../../engine/journal/market.js';
import { reportTrade } from '../../../engine/journal/report.js';
import type { JournalTrade } from '../../../engine/journal/types.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

// 2021-01-04 on Binance BTCUSDT 5m (../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv):
//   10:00  o 31038.35  h 31227.33  l 31000.00  c 31024.85
//   10:05  o 31024.32  h 31024.62  l 30700.00  c 30765.64
//   10:10  o 30765.64  h 30765.64  l 29564.00  c 29800.00
const T10_00 = Date.UTC(2021, 0, 4, 10, 0) / 1000;

const handTrade = (): JournalTrade => ({
  id: 'hand-1',
  symbol: 'BINANCE:BTCUSDT',
  plan: { side: 'long', entry: 31000, stop: '30500', ladder: '1R:50', trail: 'none', exhaustion: 'none' },
  planTime: T10_00,
  edits: [],
  tags: ['breakout'],
  // Three partial fills: two buys at 10:01 and 10:03, one sell at 10:12 (in the 10:10 bar).
  fills: [
    { time: T10_00 + 60, side: 'buy', price: 31010, size: 0.3, fee: 4.65 },
    { time: T10_00 + 180, side: 'buy', price: 31025, size: 0.2, fee: 3.1, signalMid: 31001 },
    { time: T10_00 + 720, side: 'sell', price: 30480, size: 0.5, fee: 7.62 },
  ],
});

describe('reportTrade: a hand-worked trade with three partial fills', () => {
  const bars = loadBars(BTC5M);
  const r = reportTrade(handTrade(), bars);

  it('prices each leg against the plan, to the cent', () => {
    // 1R per unit = 31000 - 30500 = 500; units entered 0.3 + 0.2 = 0.5, so 1R = 500 x 0.5 = 250.
    expect(r.levels.riskPerUnit).toBe(500);
    expect(r.entered).toBeCloseTo(0.5, 12);
    const [a, b, c] = r.legs;
    // Buy 0.3 at 31010 against 31000: 10 worse per unit, 3.00 in all, 10/31000 = 3.2258 bps, 3/250 = 0.012 R.
    expect(a).toMatchObject({ leg: 'entry', plannedPrice: 31000 });
    expect(a.slippage).toBeCloseTo(10, 9);
    expect(a.slippageCash).toBeCloseTo(3, 9);
    expect(a.slippageBps).toBeCloseTo(3.2258, 4);
    expect(a.slippageR).toBeCloseTo(0.012, 12);
    // Buy 0.2 at 31025: 25 worse, 5.00, 8.0645 bps, 0.02 R; against the mid 31001 at the signal: 24 worse.
    expect(b.slippageCash).toBeCloseTo(5, 9);
    expect(b.slippageBps).toBeCloseTo(8.0645, 4);
    expect(b.slippageR).toBeCloseTo(0.02, 12);
    expect(b.slippageVsMid).toBeCloseTo(24, 9);
    // Sell 0.5 at 30480 in the 10:10 bar: the stop in force is 30500 (a price stop, no trail),
    // 20 from it (< 0.25R = 125), so it is the stop leg: 20 worse, 10.00, 20/30500 = 6.5574 bps, 0.04 R.
    expect(c).toMatchObject({ leg: 'stop', plannedPrice: 30500 });
    expect(c.slippageCash).toBeCloseTo(10, 9);
    expect(c.slippageBps).toBeCloseTo(6.5574, 4);
    expect(c.slippageR).toBeCloseTo(0.04, 12);
    // Total slippage 3 + 5 + 10 = 18.00 = 0.072 R.
    expect(r.slippageR).toBeCloseTo(0.072, 12);
  });

  it('makes the actual R and the plan R on the same bars', () => {
    // Average entry (0.3 x 31010 + 0.2 x 31025) / 0.5 = 31016. Exit 30480 on 0.5: -536 x 0.5 = -268.00.
    // Fees 4.65 + 3.10 + 7.62 = 15.37. P&L -283.37; R = -283.37 / 250 = -1.13348.
    expect(r.fees).toBeCloseTo(15.37, 9);
    expect(r.actualPnl).toBeCloseTo(-283.37, 9);
    expect(r.actualR).toBeCloseTo(-1.13348, 9);
    // The plan: enters on the 10:00 bar at 31000; 10:05 low 30700 keeps the stop; 10:10 low 29564
    // reaches 30500: the whole position out at the stop, no fees in the plan: exactly -1R.
    expect(r.planR).toBeCloseTo(-1, 12);
    expect(r.planOpen).toBe(false);
    expect(r.planExitTime).toBe(T10_00 + 600);
    expect(r.deviationR).toBeCloseTo(-0.13348, 9);
  });

  it('measures excursions and exit efficiency over the bars held', () => {
    // Bars 10:00..10:10: highest high 31227.33, lowest low 29564, from the average entry 31016.
    // MFE 211.33 = 0.42266 R; MAE 1452 = 2.904 R; efficiency (30480 - 31016) / 211.33 = -2.536318.
    expect(r.mfeR).toBeCloseTo(0.42266, 9);
    expect(r.maeR).toBeCloseTo(2.904, 9);
    expect(r.exitEfficiency).toBeCloseTo(-536 / 211.33, 9);
  });

  it('says which rules were followed', () => {
    // Entry within 0.25R, T1 (31500) reached by neither, stop taken by both: the plan was followed.
    expect(r.rules.map((x) => [x.rule, x.followed])).toEqual([
      ['entry', true],
      ['T1', true],
      ['stop', true],
    ]);
    expect(r.followed).toBe(true);
  });

  it('marks a discretionary exit and an edit as overrides', () => {
    const trade = handTrade();
    // Sold at 10:07 at 30800: 300 above the stop (> 125) and 700 below T1: no plan level.
    trade.fills[2] = { ...trade.fills[2], time: T10_00 + 420, price: 30800 };
    trade.edits.push({ time: T10_00 + 400, text: { ...trade.plan, stop: '30800' }, note: 'tightened' });
    const m = reportTrade(trade, bars);
    expect(m.legs[2]).toMatchObject({ leg: 'manual', plannedPrice: null, slippage: null });
    expect(m.followed).toBe(false);
    expect(m.rules.find((x) => x.rule === 'stop')?.followed).toBe(false);
    expect(m.rules.find((x) => x.rule === 'edit')?.detail).toContain('stop 30500 -> 30800');
    // (30800 - 31016) x 0.5 - 15.37 = -123.37 -> -0.49348 R, against the plan's -1R: +0.50652 R.
    expect(m.actualR).toBeCloseTo(-0.49348, 9);
    expect(m.deviationR).toBeCloseTo(0.50652, 9);
  });
});

describe('withMarket', () => {
  it('records the fill bar and the indicators known before it, from no later bar', () => {
    const bars = loadBars(BTC5M);
    const trade = withMarket(handTrade(), bars);
    const m = trade.fills[0].market!;
    // The 10:01 buy fell in the 10:00 bar (o 31038.35 h 31227.33 l 31000 c 31024.85).
    expect(m.bar).toMatchObject({
      time: T10_00,
      open: 31038.35,
      high: 31227.33,
      low: 31000,
      close: 31024.85,
    });
    expect(Object.keys(m.indicators!)).toEqual(['atr14', 'rsi14']);
    // Cut the data at the fill's bar: the indicators (of the bar before) stay the same.
    const i = bars.findIndex((b) => b.time === T10_00);
    const cut = withMarket(handTrade(), bars.slice(0, i + 1)).fills[0].market!;
    expect(cut.indicators).toEqual(m.indicators);
    // A snapshot the fill already carries (from a live book) is kept as it is.
    const live = handTrade();
    live.fills[0].market = { bar: bars[i], mid: 31005 };
    expect(withMarket(live, bars).fills[0].market).toEqual({ bar: bars[i], mid: 31005 });
  });
});
