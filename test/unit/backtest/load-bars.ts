import fs from 'node:fs';
import path from 'node:path';
import { parseBarsCsv } from '../../../engine/index.js';
import type { Bar } from '../../../engine/types.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const cache = new Map<string, Bar[]>();

/** Real bars from ../shared/data (see its README), parsed by the engine's own CSV reader. */
export function loadBars(file: string): Bar[] {
  let bars = cache.get(file);
  if (!bars) {
    bars = parseBarsCsv(fs.readFileSync(path.join(DATA, file), 'utf8'));
    cache.set(file, bars);
  }
  return bars;
}

export const SPY = 'spy_daily_1999-2020.csv';
export const EURUSD = 'eurusd_1h_2017-2018.csv';
export const BTC5M = 'btcusdt_binance_5m_2020-12_2021-07.csv';
