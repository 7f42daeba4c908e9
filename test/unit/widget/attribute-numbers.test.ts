import { describe, expect, it } from 'vitest';
import { AttributeError, attributeNumber, NUMBER_ATTRIBUTES } from '../../../widget/attributes.js';

function refusal(fn: () => unknown): AttributeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AttributeError);
    return error as AttributeError;
  }
  throw new Error('expected an AttributeError');
}

// Issue 13 item 2, the widget's share: "positive" let 1e120 (a finite double) through.
describe('numeric widget attributes', () => {
  it('reads ordinary values and leaves absent or empty ones to their defaults', () => {
    expect(attributeNumber('height', '420')).toBe(420);
    expect(attributeNumber('height', ' 420.5 ')).toBe(420.5);
    expect(attributeNumber('max-bars', '3000')).toBe(3000);
    expect(attributeNumber('speed', '0.5')).toBe(0.5);
    expect(attributeNumber('height', null)).toBeUndefined();
    expect(attributeNumber('height', '')).toBeUndefined();
  });

  it('refuses numbers too large to mean anything, naming the attribute, its unit and its bounds', () => {
    const huge = '1' + '0'.repeat(120);
    for (const name of Object.keys(NUMBER_ATTRIBUTES) as (keyof typeof NUMBER_ATTRIBUTES)[]) {
      const error = refusal(() => attributeNumber(name, huge));
      expect(error.message).toMatch(
        new RegExp(`^${name}="1000000000000000\\.\\.\\. \\(121 characters\\)" must be`),
      );
      expect(error.message).toContain(`to ${NUMBER_ATTRIBUTES[name].max}`);
      expect(error.message).toContain(`Change the ${name} attribute.`);
    }
    expect(attributeNumber('height', '10000')).toBe(10_000);
    expect(refusal(() => attributeNumber('height', '10001')).message).toContain('pixels');
  });

  it('refuses fractions of a bar, hex, signs and words', () => {
    expect(refusal(() => attributeNumber('max-bars', '2.5')).message).toContain('whole number of bars');
    expect(refusal(() => attributeNumber('start-bars', '1e-3')).message).toContain('whole number');
    for (const bad of ['0x10', '-5', '0', 'Infinity', 'tall', '1e400']) {
      expect(refusal(() => attributeNumber('height', bad)).message).toMatch(/^height="/);
    }
  });
});
