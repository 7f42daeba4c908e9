import { ExitTracker, parsePlan, type Bar, type Overlay, type PlanText } from '../../engine/index.js';
import { loadBars } from './extension-harness.js';

/**
 * A live-trading scenario cut from real Binance BTCUSDT 5m bars (../shared/data): 300 bars of
 * history, a long entered at the last history bar's close, then live bars in which the ATR
 * trail rises at least once before a level is crossed. The window is found by running the
 * engine itself in Node over the recorded bars, so every expected number in the tests is the
 * engine's own answer for exactly the bars the browser is fed.
 */
export interface Scenario {
  history: Bar[];
  live: Bar[];
  plan: PlanText;
  /** Index into `live` of the bar whose range first crosses a level (a fill). */
  crossAt: number;
  /** Index into `live` after which the stop in force has moved up (the trail). */
  trailMovedAt: number;
}

export const PLAN_BASE = {
  side: 'long',
  stop: 'atr14x1.5',
  ladder: '1R:25,2R:25,3R:50',
  trail: 'atr14x2.5',
} as const;

export function findScenario(file = 'btcusdt_binance_5m_2020-12_2021-07.csv', from = 30_000): Scenario {
  const bars = loadBars(file);
  for (let s = from; s < bars.length - 40; s += 7) {
    const history = bars.slice(s - 300, s);
    const live = bars.slice(s, s + 30);
    const last = history[history.length - 1];
    const plan: PlanText = { ...PLAN_BASE, entry: last.close, at: last.time };
    const tracker = new ExitTracker(parsePlan(plan));
    for (const bar of history) tracker.add(bar);
    const initialStop = tracker.overlay().state.stop;
    let trailMovedAt = -1;
    let crossAt = -1;
    for (let i = 0; i < live.length && crossAt < 0; i++) {
      tracker.add(live[i]);
      const state = tracker.overlay().state;
      if (state.fills.length) crossAt = i;
      else if (trailMovedAt < 0 && state.stop > initialStop) trailMovedAt = i;
    }
    if (trailMovedAt >= 0 && trailMovedAt <= 5 && crossAt >= trailMovedAt + 2 && crossAt <= 25) {
      return { history, live, plan, crossAt, trailMovedAt };
    }
  }
  throw new Error('no suitable window in the data');
}

/** The engine's overlay after the history and the first `n` live bars. */
export function expectedOverlay(scenario: Scenario, n: number, plan: PlanText = scenario.plan): Overlay {
  const tracker = new ExitTracker(parsePlan(plan));
  for (const bar of scenario.history) tracker.add(bar);
  for (const bar of scenario.live.slice(0, n)) tracker.add(bar);
  return tracker.overlay();
}
