import { describe, expect, it } from 'vitest';
import { journal as J } from '../../../engine/index.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

// The 'manual' leg: an exit the trader closed by hand, outside the plan's legs (the panel's
// "Exit by hand" writes leg 'manual'; an import's exit far from every level is read as one).
// 2021-01-04 on Binance BTCUSDT 5m (../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv):
//   10:00  o 31038.35  h 31227.33  l 31000.00  c 31024.85
//   10:10  o 30765.64  h 30765.64  l 29564.00  c 29800.00
const T10_00 = Date.UTC(2021, 0, 4, 10, 0) / 1000;
const bars = loadBars(BTC5M);

/** Long 0.5 at 31010; stop 30500 (1R = 500 per unit, 250 in all); T1 at 0.4R = 31200 for half. */
const trade = (first: Partial<J.JournalFill>, rest: J.JournalFill[] = []): J.JournalTrade => ({
  id: 'manual-1',
  symbol: 'BINANCE:BTCUSDT',
  plan: { side: 'long', entry: 31000, stop: '30500', ladder: '0.4R:50', trail: 'none', exhaustion: 'none' },
  planTime: T10_00,
  edits: [],
  tags: [],
  fills: [
    { time: T10_00 + 30, side: 'buy', price: 31010, size: 0.5, fee: 0 },
    // 10:02, 10 under T1's 31200: within LEVEL_TOLERANCE_R (0.25R = 125) of it.
    { time: T10_00 + 120, side: 'sell', price: 31190, size: 0.25, fee: 0, ...first },
    ...rest,
  ],
});
const stopOut: J.JournalFill = { time: T10_00 + 720, side: 'sell', price: 30480, size: 0.25, fee: 0 };

describe("engine/journal: the 'manual' leg", () => {
  it('without a leg, an exit near T1 is T1, priced against its level', () => {
    const r = J.reportTrade(trade({}, [stopOut]), bars);
    // Sell 31190 against 31200: 10 worse per unit; 10 x 0.25 / 250 = 0.01R; 10 / 31200 x 1e4 = 3.2051 bps.
    expect(r.legs[1]).toMatchObject({ leg: 'T1', plannedPrice: 31200 });
    expect(r.legs[1].slippage).toBeCloseTo(10, 9);
    expect(r.legs[1].slippageR).toBeCloseTo(0.01, 12);
    expect(r.legs[1].slippageBps).toBeCloseTo((10 / 31200) * 1e4, 9);
    expect(r.rules.some((x) => x.rule === 'manual exit')).toBe(false);
  });

  it("marked 'manual', the same exit has no level however near one, and overrides the plan", () => {
    const r = J.reportTrade(trade({ leg: 'manual' }, [stopOut]), bars);
    expect(r.legs[1]).toMatchObject({
      leg: 'manual',
      plannedPrice: null,
      slippage: null,
      slippageBps: null,
      slippageR: null,
      slippageCash: null,
    });
    const rule = r.rules.find((x) => x.rule === 'manual exit')!;
    expect(rule).toEqual({
      rule: 'manual exit',
      followed: false,
      detail: '0.25 at 31190 2021-01-04 10:02: no plan level there',
    });
    expect(r.followed).toBe(false);
    // What was made does not depend on the label: exits average (31190 + 30480) / 2 = 30835,
    // (30835 - 31010) x 0.5 = -87.5, over 1R of 250 = -0.35R.
    expect(r.actualR).toBeCloseTo(-0.35, 12);
    expect(J.reportTrade(trade({}, [stopOut]), bars).actualR).toBeCloseTo(-0.35, 12);
    // A manual fill has no slippage to add: the trade's slippage R is the entry's and the stop's.
    // Entry 31010 against 31000: 10 x 0.5 / 250 = 0.02R; stop 30480 against 30500: 20 x 0.25 / 250 = 0.02R.
    expect(r.slippageR).toBeCloseTo(0.04, 12);
    expect(J.summarize([r]).slippageBps.count).toBe(2); // the entry and the stop, not the manual exit
  });

  it('a manual exit does not use up the ladder leg it sits next to', () => {
    const r = J.reportTrade(
      trade({ leg: 'manual', size: 0.1 }, [
        { time: T10_00 + 150, side: 'sell', price: 31195, size: 0.15, fee: 0 },
        stopOut,
      ]),
      bars,
    );
    expect(r.legs.map((l) => [l.leg, l.plannedPrice])).toEqual([
      ['entry', 31000],
      ['manual', null],
      ['T1', 31200],
      ['stop', 30500],
    ]);
  });

  it('far from every level an unlabelled exit is read as manual (an import)', () => {
    // 30800 at 10:02: 300 over the stop and 400 under T1, both beyond 125.
    const r = J.reportTrade(trade({ price: 30800 }, [stopOut]), bars);
    expect(r.legs[1]).toMatchObject({ leg: 'manual', plannedPrice: null });
  });

  it('keeps its label in the exit audit and through the journal CSV and JSON', () => {
    const t = trade({ leg: 'manual' }, [stopOut]);
    const audit = J.auditTrades([t], () => bars, 24);
    expect(audit.exits.map((x) => x.leg)).toEqual(['manual', 'stop']);
    const csv = J.previewJournalCsv(J.journalToCsv({ ...J.emptyJournal(), trades: [t] }));
    expect(csv.problems).toEqual([]);
    expect(csv.journal.trades[0].fills.map((f) => f.leg)).toEqual([undefined, 'manual', undefined]);
    const json = J.parseJournalJson(J.journalToJson({ ...J.emptyJournal(), trades: [t] }));
    expect(json.trades[0].fills[1].leg).toBe('manual');
  });
});
