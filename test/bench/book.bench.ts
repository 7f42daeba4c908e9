// The order book (issue 18) on the real LOBSTER AMZN day (57,515 level-1 events, 11,419 trades),
// side by side in one run, CPU medians:
// 1. book update -> shield state: BookIndicators + imbalance + liquidity shields per update,
//    against a plain loop over the same updates (sums the sizes). Target < 1 us per update.
// 2. the day replayed through a plan (entry, 0.5% stop, two targets, both book shields and the
//    entropy guard on 1-minute trade bars) from already-read events, against a plain loop over
//    the same events; and the whole thing from the CSV text (reader included). Target < 100 ms.
import fs from 'node:fs';
import path from 'node:path';
import {
  BookIndicators,
  BookReplay,
  ImbalanceShield,
  LiquidityShield,
  newYorkMidnightMs,
  readLobster,
  type BookReplayOptions,
  type BookTop,
  type BookTrade,
} from '../../engine/index.js';
import { printTable, verdict } from './report.js';
import { calibrationNs, cpuMs, DATA_DIR, timeRounds } from './series.js';

const LOB = path.join(DATA_DIR, 'lobster', 'AMZN_2012-06-21_34200000_57600000_');
const messageText = fs.readFileSync(`${LOB}message_1.csv`, 'utf8');
const orderbookText = fs.readFileSync(`${LOB}orderbook_1.csv`, 'utf8');
const options = { date: '2012-06-21' };

// The day as events in order: a trade (or null) then the book after it, per row.
const tops: BookTop[] = [];
const tradeOf: (BookTrade | null)[] = [];
let pendingTrade: BookTrade | null = null;
readLobster(
  messageText,
  orderbookText,
  {
    trade: (t) => void (pendingTrade = { ...t }),
    top: (t) => {
      tops.push({ ...t });
      tradeOf.push(pendingTrade);
      pendingTrade = null;
    },
  },
  options,
);
const n = tops.length;
const REPEAT = 20;

// 1. Per update.
const indicators = new BookIndicators(60_000);
const imbalance = new ImbalanceShield({ threshold: 0.6, updates: 20, takeShare: 50 }, 'long');
const liquidity = new LiquidityShield({ dropPercent: 70, windowSeconds: 60, holdMs: 10_000 }, 'long');
let sink = 0;
const plainLoop = (): void => {
  for (let r = 0; r < REPEAT; r++) for (let i = 0; i < n; i++) sink += tops[i].bidSize + tops[i].askSize;
};
const shieldLoop = (): void => {
  for (let r = 0; r < REPEAT; r++) {
    indicators.reset();
    imbalance.reset();
    liquidity.reset();
    for (let i = 0; i < n; i++) {
      const t = tops[i];
      const trade = tradeOf[i];
      if (trade) indicators.addTrade(trade);
      indicators.update(t);
      if (imbalance.update(t)) sink++;
      if (liquidity.update(t)) sink++;
    }
  }
};
const [plainMs, shieldMs] = timeRounds([plainLoop, shieldLoop], 9);
const perUpdateNs = (shieldMs * 1e6) / (n * REPEAT);
printTable(`book update -> shield state, ${n} updates x ${REPEAT} (CPU ms, median of 9)`, [
  { name: 'plain loop over the updates', ms: plainMs },
  { name: 'indicators + imbalance + liquidity', ms: shieldMs, note: `${perUpdateNs.toFixed(0)} ns/update` },
]);
verdict('book update to shield state < 1 us', perUpdateNs < 1000, `${perUpdateNs.toFixed(0)} ns per update`);

// 2. The day through a plan.
const at = String((newYorkMidnightMs('2012-06-21') + 10 * 3_600_000) / 1000);
const replayOptions: BookReplayOptions = {
  plan: { side: 'long', entry: 'touch', stop: '0.5%', ladder: '1R:50,2R:50', size: 100, at },
  imbalance: { threshold: 0.6, updates: 20, takeShare: 50 },
  liquidity: { dropPercent: 70, windowSeconds: 60, holdMs: 10_000 },
  entropy: { order: 3, window: 30, threshold: 0.98, action: 'close' },
};
// Each timed call plays the day DAYS times and the figure is per day: one day is ~10 ms, short
// enough that the collection before each timed call (which drops V8's warm feedback) would
// otherwise be most of what is measured. The first, cold replay in this process is shown too.
const DAYS = 5;
const plainDay = (): void => {
  for (let d = 0; d < DAYS; d++)
    for (let i = 0; i < n; i++) {
      const trade = tradeOf[i];
      if (trade) sink += trade.size;
      sink += tops[i].bidPrice;
    }
};
const replayOnce = (): void => {
  const replay = new BookReplay(replayOptions);
  for (let i = 0; i < n; i++) {
    const trade = tradeOf[i];
    if (trade) replay.trade(trade);
    replay.top(tops[i]);
  }
  sink += replay.finish().events.length;
};
const readAndReplayOnce = (): void => {
  const replay = new BookReplay(replayOptions);
  readLobster(messageText, orderbookText, replay, options);
  sink += replay.finish().events.length;
};
const coldMs = cpuMs(readAndReplayOnce);
const replayDay = (): void => {
  for (let d = 0; d < DAYS; d++) replayOnce();
};
const readAndReplay = (): void => {
  for (let d = 0; d < DAYS; d++) readAndReplayOnce();
};
const [plainDayMs, replayMs, fullMs] = timeRounds([plainDay, replayDay, readAndReplay], 15).map(
  (ms) => ms / DAYS,
);
printTable(`the LOBSTER day through a plan (CPU ms per day, median of 15 x ${DAYS} days)`, [
  { name: 'plain loop over the events', ms: plainDayMs },
  { name: 'BookReplay from read events', ms: replayMs },
  { name: 'readLobster + BookReplay from the CSV text', ms: fullMs },
  { name: 'the same, cold (first run in this process)', ms: coldMs },
]);
verdict(
  'LOBSTER day replayed through a plan < 100 ms',
  fullMs < 100,
  `${replayMs.toFixed(1)} ms from events, ${fullMs.toFixed(1)} ms from text`,
);
console.log(
  `  (machine: ${calibrationNs().toFixed(2)} ns per plain add; sink ${sink > 0 ? 'used' : 'unused'})`,
);
