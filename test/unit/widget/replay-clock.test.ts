// The replay clock hands over the rest of the file bar by bar, in order, at the set speed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBarsCsv, type Bar } from '../../../engine/index.js';
import { ReplayClock, type ReplayState } from '../../../widget/replay-clock.js';

const ETH: Bar[] = parseBarsCsv(
  fs.readFileSync(
    path.resolve(process.cwd(), '../shared/data/ethusdt_binance_5m_2020-12_2021-07.csv'),
    'utf8',
  ),
).slice(0, 40);

afterEach(() => vi.useRealTimers());

describe('ReplayClock', () => {
  it('plays at speed bars per second, pauses, steps, and stops at the end', () => {
    vi.useFakeTimers();
    const delivered: Bar[] = [];
    const states: ReplayState[] = [];
    const clock = new ReplayClock(
      ETH.slice(10),
      10,
      4,
      (b) => delivered.push(b),
      (s) => states.push(s),
    );
    expect(clock.current).toEqual({ playing: false, speed: 4, position: 10, total: 40 });
    clock.play();
    vi.advanceTimersByTime(1000); // 4 bars per second: 250 ms each
    expect(delivered).toEqual(ETH.slice(10, 14));
    clock.pause();
    vi.advanceTimersByTime(5000);
    expect(delivered).toHaveLength(4);
    clock.step();
    expect(delivered).toEqual(ETH.slice(10, 15));
    clock.setSpeed(100);
    clock.play();
    vi.advanceTimersByTime(1000); // 25 bars remain; 100 per second finishes them
    expect(delivered).toEqual(ETH.slice(10));
    expect(clock.current).toEqual({ playing: false, speed: 100, position: 40, total: 40 });
    expect(clock.remaining()).toEqual([]);
    expect(states.some((s) => s.playing)).toBe(true);
  });
});
