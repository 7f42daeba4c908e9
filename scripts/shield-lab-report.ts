// The correlation and entropy exits as lab policies on ETH/USDT 5m with BTC/USDT 5m as the
// benchmark (../shared/data), against the same plan without a shield. Prints the markdown
// table that docs/order-book.md quotes:
//   npx tsx scripts/shield-lab-report.ts
import fs from 'node:fs';
import path from 'node:path';
import { parseBarsCsv, type Bar } from '../engine/index.js';
import {
  bootstrapTrades,
  DEFAULT_POLICIES,
  labOptions,
  resolveEntries,
  runBacktest,
  walkForward,
} from '../engine/backtest/index.js';
import { shieldDirectors, shieldPolicy } from '../engine/book/shield-policies.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const read = (name: string): Bar[] => parseBarsCsv(fs.readFileSync(path.join(DATA, name), 'utf8'));
const eth = read('ethusdt_binance_5m_2020-12_2021-07.csv');
const btc = read('btcusdt_binance_5m_2020-12_2021-07.csv');

const base = DEFAULT_POLICIES.find((p) => p.id === 'aioo-trail')!;
const shields = ['corr12:0.2>0.9@6', 'corr24:0.2>0.8@12', 'entropy3x48>0.98', 'entropy4x96>0.95'];
const policies = [base, ...shields.map((s) => ({ ...shieldPolicy(s), id: `trail+${s}` }))];

const f = (v: number | null | undefined, d = 3): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d);

for (const entries of ['random:7:0.01', 'donchian:20']) {
  const options = { ...labOptions({ entries, policies: 'aioo-trail', costs: 'bps7.5,slipbps2' }), policies };
  const result = runBacktest(eth, resolveEntries(eth, entries), options, { directors: shieldDirectors(btc) });
  const wf = walkForward(
    result,
    eth.map((b) => b.time),
    0.7,
  );
  console.log(
    `\nETH/USDT 5m, entries ${entries}, costs bps7.5,slipbps2, risk 1% (${result.entries} entries)\n`,
  );
  console.log(
    '| policy | trades | shield exits | win | expectancy R [95% CI] | out-of-sample R | PF | max DD | bars held |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  result.policies.forEach((p, i) => {
    const s = p.stats;
    const b = bootstrapTrades(p.trades, 1000, 1);
    const shieldExits = p.trades.filter((t) =>
      t.fills.some((x) => x.reason === 'close' || x.reason === 'director'),
    ).length;
    const held = p.trades.reduce((a, t) => a + t.barsHeld, 0) / Math.max(1, p.trades.length);
    console.log(
      `| ${p.policy.id} | ${s.trades} | ${i === 0 ? '–' : shieldExits} | ${(s.winRate * 100).toFixed(0)}% | ${f(s.expectancyR)} [${f(b.expectancyR.low)}, ${f(b.expectancyR.high)}] | ${f(wf.policies[i].outOfSample.expectancyR)} | ${f(s.profitFactor, 2)} | ${(s.maxDrawdown * 100).toFixed(1)}% | ${held.toFixed(1)} |`,
    );
  });
  const reasons = new Map<string, number>();
  for (const p of result.policies.slice(1))
    for (const t of p.trades)
      for (const x of t.fills)
        reasons.set(`${p.policy.id}:${x.reason}`, (reasons.get(`${p.policy.id}:${x.reason}`) ?? 0) + 1);
  console.log('\nfill reasons:', JSON.stringify(Object.fromEntries(reasons)));
}
