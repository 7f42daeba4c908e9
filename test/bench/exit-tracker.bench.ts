// Streaming cost of the full exit state: the engine's ExitTracker (indicators + stop + ATR trail
// + 3-leg ladder + exhaustion markers) fed the 1,000,000-bar series one bar at a time, as a
// live chart would. Reports CPU ns per bar (target <= 150) and the heap growth over the 1M
// updates (target: none beyond noise), plus the streaming indicators alone and trading-signals'
// per-bar add() for scale. Needs --expose-gc (scripts/bench.mjs passes it).
import { createRequire } from 'node:module';
import { ATR, BollingerBands, ExitTracker, parsePlan, RSI } from '../../engine/index.js';
import type { Bar, PlanSpec } from '../../engine/index.js';
import { printTable, verdict } from './report.js';
import {
  calibrationNs,
  collectGarbage,
  columnsToBars,
  cpuMs,
  loadMillionBarSeries,
  median,
  wallMs,
} from './series.js';

const cols = loadMillionBarSeries();
const bars = columnsToBars(cols);
const n = bars.length;

// Long from bar 100 with stops wide enough that the position stays open through the whole
// series (the chained copies rise ~1000x overall but fall 50% inside each copy), so every bar
// runs the whole open-position path: the legs at 1R/2R/3R fill along the way, the last 25%
// rides the ATR trail, exhaustion markers fire at RSI >= 70 with the high at the upper band.
const planText = {
  side: 'long',
  entry: bars[100].close,
  at: bars[100].time,
  stop: 'atr14x150',
  ladder: '1R:25,2R:25,3R:25',
  trail: 'atr14x1000',
  exhaustion: 'rsi14>70<30,bb20x2,take25',
};
const plan: PlanSpec = parsePlan(planText);

function feed(tracker: ExitTracker, from: number, to: number): void {
  for (let i = from; i < to; i++) tracker.add(bars[i]);
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

interface Pass {
  cpu: number;
  wall: number;
  /** heapUsed after full GC: end minus start, and end minus the halfway point. */
  growth: number;
  secondHalf: number;
  tracker: ExitTracker;
}

/** One full pass in two halves: CPU and wall ns per bar, heap growth, the final state. */
function pass(recordTrail: boolean): Pass {
  const tracker = new ExitTracker(plan, { recordTrail });
  const half = n >> 1;
  const before = heapUsed();
  let cpu = 0;
  let wall = wallMs(() => {
    cpu = cpuMs(() => feed(tracker, 0, half));
  });
  const middle = heapUsed();
  wall += wallMs(() => {
    cpu += cpuMs(() => feed(tracker, half, n));
  });
  const end = heapUsed();
  return {
    cpu: (cpu * 1e6) / n,
    wall: (wall * 1e6) / n,
    growth: end - before,
    secondHalf: end - middle,
    tracker,
  };
}

// The indicators the exit state needs, streamed alone, and trading-signals doing the same;
// measured first, while the heap holds little more than the bars.
const streamOurs = (): number => {
  const atr = new ATR(14);
  const rsi = new RSI(14);
  const bb = new BollingerBands(20, 2);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    atr.add(b);
    rsi.add(b.close);
    bb.add(b.close);
    s += bb.upper ?? 0;
  }
  return s + (atr.value ?? 0) + (rsi.value ?? 0);
};
const ts = createRequire(import.meta.url)('trading-signals') as typeof import('trading-signals');
const streamTs = (): number => {
  const atr = new ts.ATR(14);
  const rsi = new ts.RSI(14);
  const bb = new ts.BollingerBands(20, 2);
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    atr.add(b);
    rsi.add(b.close);
    bb.add(b.close);
  }
  return Number(atr.getResult());
};
streamOurs();
streamTs();
const oursNs: number[] = [];
const tsNs: number[] = [];
for (let r = 0; r < 5; r++) {
  collectGarbage();
  oursNs.push((cpuMs(streamOurs) * 1e6) / n);
  collectGarbage();
  if (r < 3) tsNs.push((cpuMs(streamTs) * 1e6) / n);
}

// Warm the JIT on separate trackers (add and replace paths) before measuring.
for (let k = 0; k < 3; k++) {
  const t = new ExitTracker(plan, { recordTrail: false });
  feed(t, 0, 200_000);
  for (let i = 200_000; i < 220_000; i++) {
    t.add({ ...bars[i], close: bars[i].open });
    t.replace(bars[i]);
  }
}

const reps = Number(process.env.BENCH_REPS ?? 5);
const core: Pass[] = [];
for (let r = 0; r < reps; r++) core.push(pass(false));
const last = core[core.length - 1].tracker;
const state = last.state;
const overlay = last.overlay();
const withTrail = pass(true);

// As a live feed delivers them: each bar a fresh object built from the columns just before
// add() (hot in cache, garbage right after), instead of 1M prebuilt objects spread over the heap.
const liveCpu: number[] = [];
for (let r = 0; r < 3; r++) {
  const t = new ExitTracker(plan, { recordTrail: false });
  collectGarbage();
  liveCpu.push(
    cpuMs(() => {
      for (let i = 0; i < n; i++) {
        t.add({
          time: cols.time[i],
          open: cols.open[i],
          high: cols.high[i],
          low: cols.low[i],
          close: cols.close[i],
          volume: cols.volume[i],
        });
      }
    }),
  );
}

// Ticks: each bar arrives first unfinished (add), then closes (replace): two updates per bar.
const tickTracker = new ExitTracker(plan, { recordTrail: false });
const unfinished: Bar[] = bars.map((b) => ({
  ...b,
  high: Math.max(b.open, b.close),
  low: Math.min(b.open, b.close),
}));
collectGarbage();
const tickCpu = cpuMs(() => {
  for (let i = 0; i < n; i++) {
    tickTracker.add(unfinished[i]);
    tickTracker.replace(bars[i]);
  }
});

const cpuNs = median(core.map((p) => p.cpu));
const wallNs = median(core.map((p) => p.wall));
const growths = core.map((p) => p.growth);
const steady = core.map((p) => p.secondHalf);
const kb = (b: number): string => `${(b / 1024).toFixed(0)} KB`;
const filled = state.legs.filter((l) => l.filled).length;
const markers = overlay.markers.filter((m) => m.role === 'exhaustion').length;

console.log(
  `\nStreaming exit state over ${n.toLocaleString('en')} bars, one add() per bar (median of ${reps} passes)`,
);
console.log(`  plan: ${JSON.stringify({ ...planText, entry: Math.round(plan.entry) })}`);
console.log(
  `  end state: ${state.status}, legs filled ${filled}/3, remaining ${state.remaining}, fills ${state.fills.length}, ` +
    `exhaustion markers kept ${markers}, trail ${state.trailActive ? 'active' : 'inactive'} at ${state.stop.toFixed(0)}`,
);
console.log(
  `  machine speed now: ${calibrationNs().toFixed(2)} ns per iteration of a plain add loop (see BENCHMARKS.md)`,
);
printTable(
  '  per bar (CPU ns; wall in the note)',
  [
    { name: 'ExitTracker.add, full exit state', ms: cpuNs, note: `wall ${wallNs.toFixed(0)} ns` },
    {
      name: 'ExitTracker.add, bars built per update',
      ms: (median(liveCpu) * 1e6) / n,
      note: 'as a live feed delivers them',
    },
    {
      name: 'ExitTracker.add, also recording the trail',
      ms: withTrail.cpu,
      note: `wall ${withTrail.wall.toFixed(0)} ns`,
    },
    {
      name: 'ExitTracker add + replace (tick, then close)',
      ms: (tickCpu * 1e6) / n,
      note: 'per bar, two updates',
    },
    { name: 'exitplan ATR14 + RSI14 + BB20 add()', ms: median(oursNs), note: 'the indicators alone' },
    { name: 'trading-signals ATR14 + RSI14 + BB20 add()', ms: median(tsNs), note: 'same, for scale' },
  ],
  'ns',
);
console.log(
  `\n  heap growth (heapUsed after full GC) per pass over all 1M add(): ${growths.map(kb).join(', ')}` +
    `\n    of which over the second 500k bars: ${steady.map(kb).join(', ')}` +
    `\n    (the first half fills the exhaustion-marker list up to its cap, maxMarkers = 2000)` +
    `\n  with the trail recorded: ${kb(withTrail.growth)} ` +
    `(${withTrail.tracker.overlay().trail.length.toLocaleString('en')} trail points kept: data, not a leak)`,
);
verdict(
  '<= 150 ns per bar for the full exit state',
  cpuNs <= 150,
  `${cpuNs.toFixed(0)} ns CPU, ${wallNs.toFixed(0)} ns wall`,
);
const noise = 256 * 1024;
verdict(
  'no heap growth beyond noise (256 KB) once the capped marker list is full',
  median(steady) <= noise,
  `median ${kb(median(steady))} over the second 500k bars; ${kb(median(growths))} over all 1M incl. the markers`,
);
