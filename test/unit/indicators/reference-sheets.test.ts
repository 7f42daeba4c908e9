// Hand checks against the StockCharts ChartSchool worked examples in ../shared/data/reference
// (provenance in its README). The sheets print 6 to 10 decimals, so tolerances follow the
// printed rounding.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATR,
  BollingerBands,
  atrBatch,
  bbandsBatch,
  trueRangeBatch,
} from '../../../engine/indicators/index.js';
import { DATA_DIR } from '../../bench/series.js';

function readSheet(name: string): Record<string, string>[] {
  const [head, ...rows] = fs
    .readFileSync(path.join(DATA_DIR, 'reference', name), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0);
  const keys = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v])));
}

const column = (rows: Record<string, string>[], key: string): Float64Array =>
  Float64Array.from(rows.map((r) => (r[key] === '' ? NaN : Number(r[key]))));

describe('stockcharts_cs-atr.csv (30 days, 2010)', () => {
  const rows = readSheet('stockcharts_cs-atr.csv');
  const high = column(rows, 'High');
  const low = column(rows, 'Low');
  const close = column(rows, 'Close');
  const sheetTr = column(rows, 'TR');
  const sheetAtr = column(rows, 'ATR');

  it('true range equals the sheet from row 1 on; row 0 has none (the sheet shows H-L = 0.91 there)', () => {
    const tr = trueRangeBatch(high, low, close);
    expect(Number.isNaN(tr[0])).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(tr[i]).toBeCloseTo(sheetTr[i], 12);
  });

  it('first ATR(14) at row 14 = mean of TR rows 1..14 (TA-Lib seeding)', () => {
    // By hand from the sheet's TR column, rows 1..14:
    // 0.58+0.51+0.50+0.58+0.415+0.26+0.49+0.60+0.32+0.93+0.76+0.45+0.465+1.10 = 7.96; / 14 = 0.568571428...
    const atr = atrBatch(high, low, close, 14);
    expect(Number.isNaN(atr[13])).toBe(true);
    expect(atr[14]).toBeCloseTo(7.96 / 14, 12);
    const streaming = new ATR(14);
    for (let i = 0; i < 14; i++)
      expect(streaming.add({ high: high[i], low: low[i], close: close[i] })).toBeNull();
    expect(streaming.add({ high: high[14], low: low[14], close: close[14] })).toBeCloseTo(7.96 / 14, 12);
  });

  it("Wilder smoothing matches the sheet's: the seeding gap decays by exactly 13/14 per bar", () => {
    // The sheet seeds at row 13 with the mean of TR rows 0..13 (0.555) and so reads 0.5939285714
    // at row 14 where we read 0.5685714286. Both then follow atr = (13*atr + tr)/14 on the same
    // TRs, so ours - sheet = (ours[14] - sheet[14]) * (13/14)^(k-14). Sheet rounding: 1e-9.
    const atr = atrBatch(high, low, close, 14);
    const gap = atr[14] - sheetAtr[14];
    expect(gap).toBeCloseTo(0.5685714286 - 0.5939285714, 9);
    for (let k = 15; k < rows.length; k++) {
      expect(atr[k] - sheetAtr[k]).toBeCloseTo(gap * (13 / 14) ** (k - 14), 8);
    }
    // Row 29 (13-May-10): sheet 1.316482269.
    expect(atr[29]).toBeCloseTo(1.316482269 + gap * (13 / 14) ** 15, 8);
  });
});

describe('stockcharts_cs-bbands.csv (42 days, 2009)', () => {
  const rows = readSheet('stockcharts_cs-bbands.csv');
  const close = column(rows, 'Close');
  // The sheet prints 6 decimals: agreement to 5e-7 plus float noise.
  const tol = 6e-7;

  it('middle, sigma, upper, lower, %B and width match the sheet from row 19 (29-May-09) on', () => {
    const bb = bbandsBatch(close, 20, 2);
    const streaming = new BollingerBands(20, 2);
    for (let i = 0; i < rows.length; i++) {
      streaming.add(close[i]);
      const middle = Number(rows[i].MiddleBand);
      if (rows[i].MiddleBand === '') {
        expect(Number.isNaN(bb.middle[i])).toBe(true);
        expect(streaming.value).toBeNull();
        continue;
      }
      expect(i).toBeGreaterThanOrEqual(19);
      expect(Math.abs(bb.middle[i] - middle)).toBeLessThanOrEqual(tol);
      expect(
        Math.abs((streaming.sigma ?? NaN) - Number(rows[i]['20-day Standard Deviation'])),
      ).toBeLessThanOrEqual(tol);
      expect(Math.abs(bb.upper[i] - Number(rows[i].HighBand))).toBeLessThanOrEqual(tol);
      expect(Math.abs(bb.lower[i] - Number(rows[i].LowBand))).toBeLessThanOrEqual(tol);
      expect(Math.abs(bb.percentB[i] - Number(rows[i].PercentageBand))).toBeLessThanOrEqual(2e-6);
      // The sheet's width is in percent of the middle band; ours is a fraction.
      expect(Math.abs(bb.bandwidth[i] * 100 - Number(rows[i].WidthBand))).toBeLessThanOrEqual(2e-6);
    }
    // First row by hand from the sheet: 29-May-09 middle 88.707940, sigma 1.291961,
    // upper = 88.707940 + 2 * 1.291961 = 91.291862.
    expect(bb.upper[19]).toBeCloseTo(91.291862, 5);
  });
});
