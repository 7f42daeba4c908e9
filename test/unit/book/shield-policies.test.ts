import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, labOptions, resolveEntries, runBacktest } from '../../../engine/backtest/index.js';
import { SHIELD_POLICIES, shieldDirectors, shieldFires } from '../../../engine/book/shield-policies.js';
import { parseBarsCsv } from '../../../engine/io/bars.js';
import { runBarShields } from '../../../cli/shield.js';
import { parseCorrelation, parseEntropy } from '../../../engine/book/shield-spec.js';
import { barsFile } from './lobster-day.js';

// The bar shields as lab policies on real Binance ETH/USDT 5m with BTC/USDT 5m as the
// benchmark (../shared/data). The firing bars are checked against `exitplan shield`'s own pass
// (cli/shield.ts runBarShields), and the trades against the plan without a shield.
const eth = parseBarsCsv(barsFile('ethusdt_binance_5m_2020-12_2021-07.csv'));
const btc = parseBarsCsv(barsFile('btcusdt_binance_5m_2020-12_2021-07.csv'));
const firedTimes = (fires: Uint8Array): number[] => eth.filter((_, i) => fires[i] === 1).map((b) => b.time);

describe('bar shields as lab policies', () => {
  it('fire on the bars exitplan shield lists', () => {
    const corr = runBarShields(eth, btc, parseCorrelation('corr12:0.2>0.9@6'), null);
    expect(firedTimes(shieldFires(eth, 'corr12:0.2>0.9@6', btc))).toEqual(corr.events.map((e) => e.time));
    // docs/order-book.md: 5 correlation events over the eight months.
    expect(corr.events).toHaveLength(5);
    // Entropy reads the asset alone; on bars that all have a benchmark bar the two passes agree.
    const paired = new Set(btc.map((b) => b.time));
    const ethPaired = eth.filter((b) => paired.has(b.time));
    const ent = runBarShields(ethPaired, btc, null, parseEntropy('entropy3x48>0.98'));
    const fires = shieldFires(ethPaired, 'entropy3x48>0.98', btc);
    expect(ethPaired.filter((_, i) => fires[i] === 1).map((b) => b.time)).toEqual(
      ent.events.map((e) => e.time),
    );
  });

  it('have no look-ahead: the flags of a truncated series are the full flags cut', () => {
    const cut = 40_000;
    for (const s of ['corr12:0.2>0.9@6', 'entropy3x48>0.98']) {
      const full = shieldFires(eth, s, btc);
      const part = shieldFires(eth.slice(0, cut), s, btc);
      expect([...part]).toEqual([...full.slice(0, cut)]);
    }
  });

  it('liquidate at the close of the bar the shield fires on, else trade as the plan without it', () => {
    const base = DEFAULT_POLICIES.find((p) => p.id === 'aioo-trail')!;
    const entropy = SHIELD_POLICIES.find((p) => p.id === 'trail+entropy')!;
    const bars = eth.slice(0, 8000);
    const options = {
      ...labOptions({ entries: 'random:7:0.02', policies: 'aioo-trail' }),
      policies: [base, entropy],
    };
    const result = runBacktest(bars, resolveEntries(bars, 'random:7:0.02'), options, {
      directors: shieldDirectors(btc),
    });
    const fires = shieldFires(bars, 'entropy3x48>0.98', btc);
    const [plain, shielded] = result.policies;
    const closes = shielded.trades.flatMap((t) =>
      t.fills.filter((f) => f.reason === 'close' && !t.endOfData),
    );
    expect(closes.length).toBeGreaterThan(5);
    for (const f of closes) {
      expect(fires[f.index]).toBe(1);
      expect(f.plannedPrice).toBe(bars[f.index].close);
    }
    // A trade that met no firing bar while open is the plain plan's trade, fill for fill.
    const plainByEntry = new Map(plain.trades.map((t) => [t.entryIndex, t]));
    let same = 0;
    for (const t of shielded.trades) {
      const hit = t.fills.some((f) => f.reason === 'close');
      const twin = plainByEntry.get(t.entryIndex);
      if (hit || !twin) continue;
      expect(t.r).toBeCloseTo(twin.r, 12);
      same++;
    }
    expect(same).toBeGreaterThan(5);
  });

  it('refuse what a director cannot do, naming the fix', () => {
    expect(() => shieldFires(eth, 'entropy3x48>0.98,tighten', btc)).toThrow(/write ",close"/);
    expect(() => shieldFires(eth, 'imbalance0.6', btc)).toThrow(/not a bar shield/);
  });
});
