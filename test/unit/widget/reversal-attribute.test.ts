// `<exit-plan reversal>`: on with the defaults, or a marker threshold strictly between 0 and 1.
import { describe, expect, it } from 'vitest';
import { reversalAttribute } from '../../../widget/attributes.js';

describe('the reversal attribute', () => {
  it('is off when absent, on with the defaults when empty, a threshold when a probability', () => {
    expect(reversalAttribute(null)).toBeUndefined();
    expect(reversalAttribute('')).toBe(true);
    expect(reversalAttribute('  ')).toBe(true);
    expect(reversalAttribute('0.6')).toEqual({ threshold: 0.6 });
    expect(reversalAttribute('.85')).toEqual({ threshold: 0.85 });
  });

  it('refuses anything else, naming the attribute and the fix', () => {
    for (const bad of ['1', '0', '0.0', '1.5', '-0.2', 'yes', '70%', '0.7x']) {
      expect(() => reversalAttribute(bad)).toThrow(
        `reversal="${bad}" must be empty or a probability between 0 and 1 (the marker threshold, e.g. 0.7). Change the reversal attribute.`,
      );
    }
  });
});
