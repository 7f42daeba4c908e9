// Real market data from ../shared/data (never copied into the repo), read once per file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBarsCsv, type Bar } from '../../../engine/index.js';

// EXITPLAN_DATA_DIR: where a copy of the tests runs elsewhere (Stryker's sandbox, npm run mutate).
export const DATA_DIR =
  process.env.EXITPLAN_DATA_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');

const cache = new Map<string, Bar[]>();

export function loadBars(file: string): Bar[] {
  let bars = cache.get(file);
  if (!bars) {
    bars = parseBarsCsv(fs.readFileSync(path.join(DATA_DIR, file), 'utf8'));
    cache.set(file, bars);
  }
  return bars;
}

export const BTC_5M = 'btcusdt_binance_5m_2020-12_2021-07.csv';
export const SPY_DAILY = 'spy_daily_1999-2020.csv';
export const EURUSD_1H = 'eurusd_1h_2017-2018.csv';
