import { describe, expect, it } from 'vitest';
import { parsePlan, PlanError } from '../../../engine/index.js';
import { draftPlan } from '../../../extension/panel/draft-plan.js';
import { parseManualAtr } from '../../../extension/panel/manual-levels.js';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../../extension/storage/settings.js';

// Issue 13 item 2 in the extension: numbers accepted by the forms and the options that mean nothing.
describe('numbers in the extension forms and options', () => {
  it('refuses a manual ATR too large to mean anything, and hex, naming the field', () => {
    expect(parseManualAtr('')).toBeNull();
    expect(parseManualAtr(' 2.5 ')).toBe(2.5);
    for (const bad of ['1' + '0'.repeat(120), '0x10', '-2', '0', 'wide']) {
      try {
        parseManualAtr(bad);
        throw new Error(`"${bad}" was accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(PlanError);
        expect((error as PlanError).field).toBe('atr');
        expect((error as PlanError).message).toMatch(/^atr: expected a positive number up to 1e15/);
      }
    }
  });

  it('refuses fractional periods in the options, which would spell an exhaustion field no plan reads', () => {
    const { settings, problems } = normaliseSettings({
      ...DEFAULT_SETTINGS,
      rsiPeriod: 14.5,
      bbPeriod: 20.5,
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^rsiPeriod: 14\.5 is not valid; using 14/);
    expect(settings.rsiPeriod).toBe(14);
    // With the defaults kept, every draft reads.
    expect(() => parsePlan(draftPlan(settings, 100))).not.toThrow();
    expect(normaliseSettings({ ...DEFAULT_SETTINGS, bbK: 1e120 }).problems[0]).toMatch(/^bbK: /);
  });
});
