import v8 from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import type { ExitTracker } from '../../../engine/index.js';
import { BTC_5M, loadBars } from '../support/data.js';

// Apart from position.test.ts because it measures the engine as V8 optimises it: instrumented
// code (npm run mutate) allocates by design, so vitest.mutate.config.ts leaves this file out.
describe('the per-bar path allocates nothing of its own', () => {
  // As test/unit/indicators/no-allocation.test.ts bounds the indicators: after warm-up, the young
  // generation grows by less than three boxed doubles (48 bytes) per bar. Most runs measure
  // ~5 bytes: the exhaustion markers (an object and a string each, a few dozen here), which are
  // data. Some runs V8 leaves a call un-inlined and boxes a double or two it passes (~20-36
  // bytes). One object per bar breaks the bound, and so does reading each indicator as
  // number | null, as the context did before valueOrNaN (~224 bytes).
  // The engine is loaded afresh: the tests above feed it bars of other shapes, and V8's
  // optimised code depends on the shapes it has seen. The plan is the streaming bench's.
  it('ExitTracker.add: under three boxed doubles per bar, bars of one shape', async () => {
    vi.resetModules();
    const engine = await import('../../../engine/index.js');
    const btc = loadBars(BTC_5M).slice(0, 6000);
    const plan = engine.parsePlan({
      side: 'long',
      entry: btc[100].close,
      at: btc[100].time,
      stop: 'atr14x150',
      ladder: '1R:25,2R:25,3R:25',
      trail: 'atr14x1000',
      exhaustion: 'rsi14>70<30,bb20x2,take25',
    });
    const youngBytes = (): number =>
      v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
    const run = (): ExitTracker => {
      const tracker = new engine.ExitTracker(plan, { recordTrail: false });
      // Indexed: a for-of iterator may allocate its results when V8 does not optimise it away.
      for (let i = 0; i < btc.length; i++) tracker.add(btc[i]);
      return tracker;
    };
    for (let k = 0; k < 40; k++) run(); // until V8 has optimised the whole path
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const before = youngBytes();
      run();
      const grew = youngBytes() - before; // negative when a scavenge emptied the young generation
      if (grew >= 0 && grew < best) best = grew;
    }
    const end = run().state;
    // Open from bar 100 to the end: every bar after the entry bar ran the open-position path.
    expect([end.status, end.barsOpen]).toEqual(['open', btc.length - 101]);
    expect(best / btc.length).toBeLessThan(48);
  });
});
