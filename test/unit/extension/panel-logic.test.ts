import { describe, expect, it } from 'vitest';
import { ExitTracker, parsePlan, PlanError } from '../../../engine/index.js';
import { AlertWatch, planEvents, wanted } from '../../../extension/panel/alert-events.js';
import { manualLevels } from '../../../extension/panel/manual-levels.js';
import { mirrorLines } from '../../../extension/panel/mirror-lines.js';
import { cleanPlanText } from '../../../extension/panel/plan-fields.js';
import { draftPlan, exhaustionText } from '../../../extension/panel/draft-plan.js';
import { exportPine, pineString } from '../../../extension/pine/export.js';
import { asRuntimeMessage, isChartContext } from '../../../extension/shared/messages.js';
import { DEFAULT_SETTINGS } from '../../../extension/storage/settings.js';
import { findScenario } from '../../e2e/extension-scenario.js';

// The scenario is cut from real BTCUSDT 5m bars and checked with the engine (see extension-scenario.ts).
const scenario = findScenario();

function overlayAfter(n: number) {
  const tracker = new ExitTracker(parsePlan(scenario.plan));
  for (const bar of scenario.history) tracker.add(bar);
  for (const bar of scenario.live.slice(0, n)) tracker.add(bar);
  return tracker.overlay();
}

describe('alert events', () => {
  it('names each crossing by symbol, plan stamp, leg, reason and bar time', () => {
    const overlay = overlayAfter(scenario.crossAt + 1);
    const fill = overlay.state.fills[0];
    const events = planEvents('BINANCE:BTCUSDT', '17', overlay).filter((e) => e.key.includes('|fill|'));
    expect(events[0]).toMatchObject({
      kind: 'stop',
      key: `BINANCE:BTCUSDT|17|fill|${fill.leg}|${fill.reason}|${fill.time}`,
    });
    expect(events[0].title).toBe('BINANCE:BTCUSDT: trailing stop hit');
  });

  it('primes on the first overlay and then reports each new event once', () => {
    const watch = new AlertWatch();
    expect(watch.next(planEvents('S', '1', overlayAfter(0)))).toEqual([]);
    expect(
      watch
        .next(planEvents('S', '1', overlayAfter(scenario.crossAt)))
        .filter((e) => e.key.includes('|fill|')),
    ).toEqual([]);
    const fresh = watch.next(planEvents('S', '1', overlayAfter(scenario.crossAt + 1)));
    expect(fresh.filter((e) => e.key.includes('|fill|'))).toHaveLength(
      overlayAfter(scenario.crossAt + 1).state.fills.length,
    );
    expect(watch.next(planEvents('S', '1', overlayAfter(scenario.crossAt + 1)))).toEqual([]);
  });

  it('does not announce crossings that were already history when watching began', () => {
    const watch = new AlertWatch();
    expect(watch.next(planEvents('S', '1', overlayAfter(scenario.crossAt + 1)))).toEqual([]);
  });

  it('honours the per-kind alert options', () => {
    const [event] = planEvents('S', '1', overlayAfter(scenario.crossAt + 1)).filter((e) => e.kind === 'stop');
    expect(wanted(event, DEFAULT_SETTINGS)).toBe(true);
    expect(wanted(event, { ...DEFAULT_SETTINGS, alertOnStop: false })).toBe(false);
    expect(wanted(event, { ...DEFAULT_SETTINGS, alertsEnabled: false })).toBe(false);
  });
});

describe('mirror lines', () => {
  it('sends the open levels as a price and a role colour each, and nothing once closed', () => {
    const open = mirrorLines(overlayAfter(0));
    const lines = overlayAfter(0).lines.filter((l) => !l.filled);
    expect(open.map((l) => l.price)).toEqual(lines.map((l) => l.price));
    expect(open[lines.findIndex((l) => l.id === 'stop')].color).toBe('#f23645');
    // Nothing else: no ids, labels, side or symbol that would spell the plan out to the page.
    expect(open.every((l) => Object.keys(l).sort().join() === 'color,price')).toBe(true);
    const closed = overlayAfter(scenario.crossAt + 1);
    expect(closed.state.status).toBe('closed');
    expect(mirrorLines(closed)).toEqual([]);
    expect(mirrorLines(null)).toEqual([]);
  });
});

describe('manual levels (no bars: ATR typed in)', () => {
  it('places the ladder from the typed ATR', () => {
    // Hand computation: stop = 100 - 1.5 x 4 = 94, 1R = 6; T1 = 106, T2 = 100 + 2 x 4 = 108, T3 = 100 + 3 x 6 = 118.
    const levels = manualLevels(
      { side: 'long', entry: 100, stop: 'atr14x1.5', ladder: '1R:25,atr2:25,3R:50' },
      4,
    );
    expect(levels.initialStop).toBe(94);
    expect(levels.legs.map((l) => l.price)).toEqual([106, 108, 118]);
  });

  it('mirrors for a short and asks for the ATR when an ATR level has none', () => {
    // Hand computation: short, stop = 50 + 2 x 1.25 = 52.5, 1R = 2.5; T1 = 47.5.
    expect(
      manualLevels({ side: 'short', entry: 50, stop: 'atr14x2', ladder: '1R:100' }, 1.25).legs[0].price,
    ).toBe(47.5);
    expect(() => manualLevels({ side: 'long', entry: 100, stop: 'atr14x1.5' }, null)).toThrow(PlanError);
  });
});

describe('plan text helpers', () => {
  it('drops empty optional fields and trims the rest', () => {
    expect(
      cleanPlanText({ side: 'long', entry: 1, stop: '0.5', ladder: ' 1R:50 ', trail: '', at: '' }),
    ).toEqual({ side: 'long', entry: 1, stop: '0.5', ladder: '1R:50' });
  });

  it('builds the draft from the options in the engine grammar', () => {
    expect(exhaustionText(DEFAULT_SETTINGS)).toBe('rsi14>70<30,bb20x2,take25');
    const draft = draftPlan(DEFAULT_SETTINGS, 123.4);
    expect(() => parsePlan(draft)).not.toThrow();
    expect(draft.entry).toBe(123.4);
  });
});

describe('Pine Script export', () => {
  const overlay = overlayAfter(0);

  it('writes a v6 indicator with one hline per open level at full precision', () => {
    const text = exportPine({
      symbol: 'BINANCE:BTCUSDT',
      side: 'long',
      description: 'long 56210.95',
      lines: overlay.lines,
      asOf: '2021-03-15T11:30:00Z',
    });
    expect(text.startsWith('//@version=6\n')).toBe(true);
    expect(text).toContain(
      'indicator("exitplan BINANCE:BTCUSDT long", shorttitle = "exitplan", overlay = true',
    );
    const hlines = [...text.matchAll(/^hline\(([^,]+),/gm)].map((m) => Number(m[1]));
    expect(hlines).toEqual(overlay.lines.filter((l) => !l.filled).map((l) => l.price));
    expect(text).toContain('if barstate.islast and showLabels');
    expect(text.match(/label\.set_xy/g)).toHaveLength(hlines.length);
  });

  it('escapes text so a label cannot break out of its string', () => {
    expect(pineString('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c d"');
    expect(() => exportPine({ symbol: 'S', side: 'long', description: '', lines: [], asOf: '' })).toThrow(
      /no levels/,
    );
  });
});

describe('message shapes', () => {
  it('accepts only the runtime messages we send', () => {
    expect(asRuntimeMessage({ type: 'set-panel', open: 'toggle' })).toEqual({
      type: 'set-panel',
      open: 'toggle',
    });
    expect(asRuntimeMessage({ type: 'set-panel', open: 'yes' })).toBeNull();
    expect(asRuntimeMessage({ type: 'alert', alert: { key: 'k', title: 't' } })).toBeNull();
    expect(asRuntimeMessage({ type: 'mirror-status', available: true, drawn: 987654 })).toBeNull();
    expect(asRuntimeMessage({ type: 'eval', code: '1' })).toBeNull();
    expect(asRuntimeMessage('whoami')).toBeNull();
  });

  it('checks a chart context field by field', () => {
    expect(
      isChartContext({ site: 'binance', symbol: 'BINANCE:BTCUSDT', timeframe: { seconds: 60, label: '1m' } }),
    ).toBe(true);
    expect(isChartContext({ site: 'evil', symbol: 'X', timeframe: null })).toBe(false);
    expect(isChartContext({ site: 'generic', symbol: 'X'.repeat(61), timeframe: null })).toBe(false);
  });
});

describe('exhaustion alerts', () => {
  it('turns each exhaustion marker the engine draws into its own alert event', () => {
    // A plan with the RSI + Bollinger check on the same real bars; the engine decides where it fires.
    const plan = {
      ...scenario.plan,
      exhaustion: 'rsi14>60<40,bb20x1,take25',
      at: scenario.history[100].time,
    };
    const tracker = new ExitTracker(parsePlan(plan));
    for (const bar of scenario.history) tracker.add(bar);
    const overlay = tracker.overlay();
    const markers = overlay.markers.filter((m) => m.role === 'exhaustion');
    const events = planEvents('S', '1', overlay).filter(
      (e) => e.kind === 'exhaustion' && e.key.includes('|exhaustion|'),
    );
    expect(markers.length).toBeGreaterThan(0);
    expect(events.map((e) => e.key)).toEqual(markers.map((m) => `S|1|exhaustion|${m.time}`));
    expect(wanted(events[0], { ...DEFAULT_SETTINGS, alertOnExhaustion: false })).toBe(false);
  });
});
