import { describe, expect, it } from 'vitest';
import { parsePlan, type Bar } from '../../../engine/index.js';
import { cleanPlanText } from '../../../extension/panel/plan-fields.js';

// The panel's form takes what the widget's entry attribute takes (issue 14: one plan language).
describe('the panel form reads entry="last" as the widget does', () => {
  const bars: Bar[] = [
    { time: 1_000, open: 10, high: 11, low: 9, close: 10.5 },
    { time: 2_000, open: 10.5, high: 12, low: 10, close: 11.5 },
  ];

  it('makes "last" the close of the entry bar, so the saved plan has a price', () => {
    const text = cleanPlanText({ side: 'long', entry: ' last ', stop: '2%', at: 2_000 }, bars);
    expect(text.entry).toBe(11.5);
    expect(() => parsePlan(text)).not.toThrow();
    expect(cleanPlanText({ side: 'long', entry: 'last', stop: '2%', at: 1_000 }, bars).entry).toBe(10.5);
  });

  it('leaves a typed price alone, and without bars leaves "last" for the engine to explain', () => {
    expect(cleanPlanText({ side: 'long', entry: '10.25', stop: '2%' }, bars).entry).toBe('10.25');
    expect(() => parsePlan(cleanPlanText({ side: 'long', entry: 'last', stop: '2%' }))).toThrow(
      /entry: "last"/,
    );
  });
});
