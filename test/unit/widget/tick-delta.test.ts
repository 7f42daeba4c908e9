import { describe, expect, it } from 'vitest';
import { ChartSession, parsePlan, type Bar } from '../../../engine/index.js';
import { overlayAfterTick } from '../../../widget/tick-delta.js';
import { BTC_5M, loadBars } from '../support/data.js';

/** A real bar built up in `n` ticks: open, then toward one extreme, the other, and the close. */
function ticksOf(bar: Bar, n: number): Bar[] {
  const out: Bar[] = [];
  for (let i = 1; i <= n; i++) {
    const f = i / n;
    const close = i === n ? bar.close : bar.open + (f < 0.5 ? bar.low - bar.open : bar.high - bar.open) * f;
    out.push({
      ...bar,
      close,
      high: i === n ? bar.high : Math.max(bar.open, close),
      low: i === n ? bar.low : Math.min(bar.open, close),
    });
  }
  return out;
}

describe("a tick's reply carries only the trail's change", () => {
  const bars = loadBars(BTC_5M).slice(0, 3400);
  // Stops wide enough to stay open for the whole run (the trail grows by a point per bar), then
  // the usual ones, which exit.
  const base = { side: 'long', entry: bars[1999].close, exhaustion: 'rsi14>70<30,bb20x2,take25' };
  const wide = parsePlan({ ...base, stop: 'atr14x150', ladder: '1R:25,2R:25,3R:25', trail: 'atr14x1000' });
  const plan = parsePlan({ ...base, stop: 'atr14x2', ladder: '1R:25,2R:25,fib1.618:50', trail: 'atr14x2.5' });

  it('rebuilds the exact overlay tick after tick, through new bars, a plan change and the exit', () => {
    const live = new ChartSession();
    const oracle = new ChartSession();
    let held = live.load(bars.slice(0, 2000), wide);
    oracle.load(bars.slice(0, 2000), wide);
    let largest = 0;
    let longest = 0;
    for (let i = 2000; i < bars.length; i++) {
      for (const tick of ticksOf(bars[i], 4)) {
        const delta = live.tickDelta(tick);
        largest = Math.max(largest, delta.trail.length);
        held = overlayAfterTick(held.trail, delta);
        expect(held).toEqual(oracle.push(tick));
        longest = Math.max(longest, held.trail.length);
      }
      // A plan change sends the whole trail again; the next ticks build on it, up to the exit.
      if (i === 3000) {
        held = live.setPlan(plan);
        oracle.setPlan(plan);
      }
    }
    expect(held.state.status).toBe('closed');
    // The trail grew to a thousand points; no reply carried more than the last two.
    expect(longest).toBeGreaterThan(1000);
    expect(largest).toBeLessThanOrEqual(2);
  });

  it('leaves overlays handed out earlier as they were', () => {
    const session = new ChartSession();
    const first = session.load(bars.slice(0, 2100), plan);
    const copy = structuredClone(first);
    overlayAfterTick(first.trail, session.tickDelta({ ...bars[2100] }));
    expect(first).toEqual(copy);
  });
});
