import { describe, expect, it } from 'vitest';
import { computeOverlay, journal as J, parsePlan, type PlanText } from '../../../engine/index.js';
import {
  fillDraft,
  isoTime,
  journalLegs,
  livePrice,
  newTrade,
  openTrade,
  readFillDraft,
  syncWithPlan,
  type FillDraft,
} from '../../../extension/panel/journal-controller.js';
import type { StoredPlan } from '../../../extension/storage/plan-record.js';
import { BTC5M, loadBars } from '../backtest/load-bars.js';

// 2021-01-04 on Binance BTCUSDT 5m (../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv):
//   10:00  o 31038.35  h 31227.33  l 31000.00  c 31024.85
//   10:05  o 31024.32  h 31024.62  l 30700.00  c 30765.64
const T10_00 = Date.UTC(2021, 0, 4, 10, 0) / 1000;
const bars = loadBars(BTC5M);
// The chart holds the bars up to and including 10:05 (the panel's live series at 10:07).
const upTo1005 = bars.slice(0, bars.findIndex((b) => b.time === T10_00 + 300) + 1);

const text: PlanText = {
  side: 'long',
  entry: 31000,
  stop: '30500',
  ladder: '1R:50',
  trail: 'none',
  exhaustion: 'none',
  size: 0.5,
  fees: 'bps10,fill1',
  at: T10_00,
};
const saved = (t: PlanText, savedAtSeconds: number): StoredPlan => ({
  v: 2,
  symbol: 'BINANCE:BTCUSDT',
  text: t,
  updatedAt: savedAtSeconds * 1000,
});
const overlay = computeOverlay(upTo1005, parsePlan(text));

describe('journal-controller: "Filled now" at the live price', () => {
  const trade = newTrade('BINANCE:BTCUSDT', saved(text, T10_00 - 300), T10_00 + 60);
  const legs = journalLegs(trade, overlay);
  const entry = legs.find((l) => l.id === 'entry')!;
  const now = (T10_00 + 420) * 1000 + 250; // 10:07:00.250

  it('starts at the book mid when a book feed is on, with the plan fee for the suggested size', () => {
    const d = fillDraft(entry, false, { bars: upTo1005, quote: { bid: 30760, ask: 30770 }, plan: text, now });
    // Mid (30760 + 30770) / 2 = 30765; the plan's size 0.5 is all still to enter.
    // Fee: fill1 + bps10 x 30765 x 0.5 = 1 + 0.001 x 15382.5 = 16.3825.
    expect(d).toEqual({
      leg: 'entry',
      time: '2021-01-04T10:07:00Z',
      price: '30765',
      size: '0.5',
      fee: '16.3825',
    });
  });

  it('starts at the last close without a book, and leaves the price empty with no bars', () => {
    expect(livePrice(upTo1005, null)).toBe(30765.64); // the 10:05 bar's close
    const d = fillDraft(entry, false, { bars: upTo1005, quote: null, plan: text, now });
    expect(d.price).toBe('30765.64');
    // 1 + 0.001 x 30765.64 x 0.5 = 16.38282
    expect(d.fee).toBe('16.38282');
    expect(fillDraft(entry, false, { bars: [], quote: null, plan: text, now })).toMatchObject({
      price: '',
      fee: '0',
    });
  });

  it('a typed fill leaves the time and price for the trader, fee 0 until a price is known', () => {
    expect(fillDraft(entry, true, { bars: upTo1005, quote: { bid: 1, ask: 2 }, plan: text, now })).toEqual({
      leg: 'entry',
      time: '',
      price: '',
      size: '0.5',
      fee: '0',
    });
  });

  it('lists the entry, the ladder leg, the stop in force and an exit by hand with no level', () => {
    expect(legs.map((l) => [l.id, l.planned, l.side])).toEqual([
      ['entry', 31000, 'buy'],
      ['T1', 31500, 'sell'], // 31000 + 1R (500)
      ['stop', 30500, 'sell'],
      ['manual', null, 'sell'],
    ]);
    // The 10:00 bar's low touched 31000: the plan has entered.
    expect(entry.hitByPlan).toBe(true);
  });
});

describe('journal-controller: a typed fill names the bad field', () => {
  const good: FillDraft = { leg: 'T1', time: '2021-01-04T10:07:00Z', price: '31500', size: '0.25', fee: '' };

  it('reads a good draft, an empty fee as 0', () => {
    expect(readFillDraft(good)).toEqual({ time: T10_00 + 420, price: 31500, size: 0.25, fee: 0 });
    expect(readFillDraft({ ...good, time: String(T10_00), fee: '3.1' })).toEqual({
      time: T10_00,
      price: 31500,
      size: 0.25,
      fee: 3.1,
    });
  });

  it.each([
    [{ time: 'yesterday' }, 'time', /^time: /],
    [{ time: '' }, 'time', /^time: /],
    [{ price: '' }, 'price', /^price: "" is not a price; give a number above 0$/],
    [{ price: '-31500' }, 'price', /^price: "-31500" is not a price/],
    [{ price: '31,500' }, 'price', /^price: "31,500" is not a price/],
    [{ size: '0' }, 'size', /^size: "0" is not a size; give the units filled, above 0$/],
    [{ size: 'half' }, 'size', /^size: "half"/],
    [{ fee: '-1' }, 'fee', /^fee: "-1" is not a fee; give the commission paid, 0 or more$/],
    [{ fee: 'x' }, 'fee', /^fee: "x"/],
  ] as const)('%o -> %s', (patch, field, message) => {
    const read = readFillDraft({ ...good, ...patch });
    expect('field' in read && read.field).toBe(field);
    expect('message' in read && read.message).toMatch(message);
  });
});

describe('journal-controller: plan edits', () => {
  const plan = saved(text, T10_00 - 300);
  const fill: J.JournalFill = {
    time: T10_00 + 60,
    side: 'buy',
    price: 31010,
    size: 0.5,
    fee: 16.5,
    leg: 'entry',
  };

  it('before the first fill the trade simply takes the saved plan: no edit', () => {
    const trade = newTrade('BINANCE:BTCUSDT', plan, T10_00 + 60);
    const moved = syncWithPlan(trade, saved({ ...text, stop: '30600' }, T10_00 - 100))!;
    expect(moved.plan.stop).toBe('30600');
    expect(moved.planTime).toBe(T10_00 - 100);
    expect(moved.edits).toEqual([]);
    expect(syncWithPlan(moved, saved({ ...text, stop: '30600' }, T10_00 - 100))).toBeNull();
  });

  it('after the first fill a changed plan is an edit with the time it was saved; the entry plan stays', () => {
    const entered = { ...newTrade('BINANCE:BTCUSDT', plan, fill.time), fills: [fill] };
    const edited = syncWithPlan(entered, saved({ ...text, stop: '30800' }, T10_00 + 400))!;
    expect(edited.plan.stop).toBe('30500');
    expect(edited.edits).toEqual([{ time: T10_00 + 400, text: { ...text, stop: '30800' } }]);
    // Saved again unchanged, or a save older than the last edit (another tab's stale write): nothing.
    expect(syncWithPlan(edited, saved({ ...text, stop: '30800' }, T10_00 + 500))).toBeNull();
    expect(syncWithPlan(edited, saved({ ...text, stop: '30900' }, T10_00 + 300))).toBeNull();
    // A second edit is appended after the first.
    const again = syncWithPlan(edited, saved({ ...text, stop: '31000' }, T10_00 + 600))!;
    expect(again.edits.map((e) => [e.time, e.text.stop])).toEqual([
      [T10_00 + 400, '30800'],
      [T10_00 + 600, '31000'],
    ]);
    // The report reads the edit as an override of the plan.
    const report = J.reportTrade({ ...again, fills: [...again.fills] }, bars);
    expect(report.rules.filter((r) => r.rule === 'edit').map((r) => r.detail)).toEqual([
      '2021-01-04 10:06: stop 30500 -> 30800',
      '2021-01-04 10:10: stop 30500 -> 31000',
    ]);
  });

  it('the open trade is the newest unflat one; a flat trade hands over to the next plan', () => {
    const entered = { ...newTrade('BINANCE:BTCUSDT', plan, fill.time), fills: [fill] };
    expect(openTrade([entered], 'BINANCE:BTCUSDT')).toBe(entered);
    const closed = {
      ...entered,
      fills: [fill, { ...fill, side: 'sell' as const, time: T10_00 + 720, price: 30480, leg: 'stop' }],
    };
    expect(openTrade([closed], 'BINANCE:BTCUSDT')).toBeNull();
    expect(isoTime(closed.fills[1].time)).toBe('2021-01-04T10:12:00Z');
  });
});
