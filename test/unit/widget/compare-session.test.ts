// The comparison session coalesces ticks yet ends exactly where the engine does on the same bars.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EngineSession,
  computeOverlay,
  parseBarsCsv,
  parsePlan,
  type Bar,
  type Overlay,
} from '../../../engine/index.js';
import { CompareSession, compareResult } from '../../../widget/compare-session.js';
import { formingSteps } from '../../../widget/index.js';
import { allInAllOut } from '../../../widget/plan-edit.js';

const BTC: Bar[] = parseBarsCsv(
  fs.readFileSync(
    path.resolve(process.cwd(), '../shared/data/btcusdt_binance_5m_2020-12_2021-07.csv'),
    'utf8',
  ),
).slice(9000, 9400);

afterEach(() => vi.useRealTimers());

describe('CompareSession', () => {
  it('delivers each bar finished and the last tick within 100 ms, whatever the tick rate', async () => {
    vi.useFakeTimers();
    const history = BTC.slice(0, 303);
    const live = BTC.slice(303, 340);
    const spec = parsePlan({
      side: 'long',
      entry: history[302].close,
      at: history[302].time,
      stop: 'atr14x2',
      ladder: '1R:25,2R:25,3R:50',
      trail: 'atr14x2.5@1',
    });
    const aiao = allInAllOut(spec);
    if (!aiao) throw new Error('the plan has a ladder');
    const results: (Overlay | null)[] = [];
    // The page-thread engine (no worker in Node): the same EngineSession the worker runs.
    const session = new CompareSession({ workerUrl: null, session: () => new EngineSession() }, (o) =>
      results.push(o),
    );
    session.rebuild(aiao, { bars: history });
    for (const bar of live) for (const tick of formingSteps(bar, 4)) session.push(tick);
    await vi.advanceTimersByTimeAsync(150);
    session.close();
    // Oracle: the engine on the finished bars only (a replace with the final bar equals an add).
    const expected = computeOverlay([...history, ...live], aiao);
    expect(results[results.length - 1]).toEqual(expected);
    // Far fewer round trips than ticks: one per bar plus the trailing flush, not four per bar.
    expect(results.length).toBeLessThanOrEqual(1 + live.length + 1);
    const scaled = computeOverlay([...history, ...live], spec);
    expect(compareResult(scaled, expected)).toMatchObject({
      scaledR: scaled.state.realisedR + scaled.state.openR,
      allInR: expected.state.realisedR + expected.state.openR,
    });
  });
});
