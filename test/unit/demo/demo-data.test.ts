// demo/data is what its README and scripts/cut-demo-data.mjs say it is: each file the shared
// series' header and one unbroken run of its rows, byte for byte, and small (issue 13: a few
// thousand bars of each series the demo post uses, well under 2 MB in all).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../engine/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(ROOT, 'demo/data');
const SHARED = path.resolve(process.cwd(), '../shared/data');

// demo/data/README.md, "cut from": demo file -> shared series and the first source row (1-based, after the header).
const CUT_FROM: Record<string, [string, number]> = {
  'btcusdt_binance_5m_2020-12-24_2021-01-07.csv': ['btcusdt_binance_5m_2020-12_2021-07.csv', 6579],
  'spy_daily_2005-2020.csv': ['spy_daily_1999-2020.csv', 1300],
  'ethusdt_binance_5m_2021-07-03_2021-07-17.csv': ['ethusdt_binance_5m_2020-12_2021-07.csv', 61456],
  'btcperp_1m_2022-01-29_2022-02-01.csv': ['btcperp_1m_2021-12-31_2022-02-01.csv', 41100],
};

const lines = (file: string): string[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('demo/data', () => {
  it('holds exactly the files its README lists, well under 2 MB in all', () => {
    const csvs = fs.readdirSync(DEMO).filter((f) => f.endsWith('.csv'));
    expect(csvs.sort()).toEqual(Object.keys(CUT_FROM).sort());
    const readme = fs.readFileSync(path.join(DEMO, 'README.md'), 'utf8');
    for (const f of csvs) expect(readme).toContain(`\`${f}\``);
    const bytes = csvs.reduce((sum, f) => sum + fs.statSync(path.join(DEMO, f)).size, 0);
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  for (const [file, [source, firstRow]] of Object.entries(CUT_FROM)) {
    it(`${file} is rows ${firstRow}… of ${source}, copied unchanged`, () => {
      const cut = lines(path.join(DEMO, file));
      const full = lines(path.join(SHARED, source));
      expect(cut[0]).toBe(full[0]);
      const rows = cut.slice(1);
      expect(rows).toEqual(full.slice(firstRow, firstRow + rows.length));
      // A few thousand bars, each one a valid bar for the engine's reader.
      expect(rows.length).toBeGreaterThan(3000);
      expect(rows.length).toBeLessThan(5000);
      expect(parseBarsCsv(cut.join('\n'))).toHaveLength(rows.length);
    });
  }
});
