import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CORRELATION,
  DEFAULT_ENTROPY,
  DEFAULT_IMBALANCE,
  DEFAULT_LIQUIDITY,
  formatCorrelation,
  formatEntropy,
  formatImbalance,
  formatLiquidity,
  parseCorrelation,
  parseEntropy,
  parseImbalance,
  parseLiquidity,
} from '../../../engine/book/shield-spec.js';
import { refusal } from '../support/plan-errors.js';

describe('shield text forms', () => {
  it('read the documented examples', () => {
    expect(parseImbalance('imbalance0.6x20,take50')).toEqual({ threshold: 0.6, updates: 20, takeShare: 50 });
    expect(parseImbalance('0.7x5,all')).toEqual({ threshold: 0.7, updates: 5, takeShare: 100 });
    expect(parseLiquidity('liquidity70%@60s')).toEqual({ dropPercent: 70, windowSeconds: 60, holdMs: 0 });
    expect(parseLiquidity('liquidity80%@2m,for10s')).toEqual({
      dropPercent: 80,
      windowSeconds: 120,
      holdMs: 10_000,
    });
    expect(parseLiquidity('liquidity70%@60s,for500ms')?.holdMs).toBe(500);
    expect(parseCorrelation('corr12:0.2>0.9@6')).toEqual({ window: 12, from: 0.2, to: 0.9, within: 6 });
    expect(parseCorrelation('corr24')).toEqual({ window: 24, from: 0.2, to: 0.9, within: 24 });
    expect(parseEntropy('entropy3x48>0.98,tighten')).toEqual({
      order: 3,
      window: 48,
      threshold: 0.98,
      action: 'tighten',
    });
    expect(parseEntropy('entropy4')).toEqual({ ...DEFAULT_ENTROPY, order: 4 });
  });

  it('turn off with none or an empty text', () => {
    for (const off of ['none', '', 'off']) {
      expect(parseImbalance(off)).toBeNull();
      expect(parseLiquidity(off)).toBeNull();
      expect(parseCorrelation(off)).toBeNull();
      expect(parseEntropy(off)).toBeNull();
    }
  });

  it('read back what they write', () => {
    expect(parseImbalance(formatImbalance(DEFAULT_IMBALANCE))).toEqual(DEFAULT_IMBALANCE);
    expect(parseLiquidity(formatLiquidity(DEFAULT_LIQUIDITY))).toEqual(DEFAULT_LIQUIDITY);
    const held = { dropPercent: 75, windowSeconds: 30, holdMs: 2500 };
    expect(parseLiquidity(formatLiquidity(held))).toEqual(held);
    expect(parseCorrelation(formatCorrelation(DEFAULT_CORRELATION))).toEqual(DEFAULT_CORRELATION);
    expect(parseEntropy(formatEntropy(DEFAULT_ENTROPY))).toEqual(DEFAULT_ENTROPY);
  });

  it('name the field and the character where reading stopped', () => {
    const a = refusal(() => parseImbalance('imbalance0.6y20'));
    expect(a.field).toBe('imbalance');
    // "imbalance0.6" is 12 characters: reading stops at the 13th, "y".
    expect(a.position).toBe(12);
    expect(a.message).toContain('"y" at character 13');
    const b = refusal(() => parseImbalance('imbalance1.5x20'));
    expect(b.message).toMatch(/threshold \(0 to 1\) must be above 0 and at most 1, got 1.5 at character 10/);
    const c = refusal(() => parseLiquidity('liquidity70%@60s,during5s'));
    expect(c).toMatchObject({ field: 'liquidity', position: 17 });
    const d = refusal(() => parseCorrelation('corr12:0.9>0.2'));
    expect(d.field).toBe('correlation');
    expect(d.message).toContain('a high correlation above the low 0.9');
    const e = refusal(() => parseEntropy('entropy9x48'));
    expect(e.message).toContain('the pattern order must be 2 to 6, got 9 at character 8');
    const f = refusal(() => parseEntropy('entropy3x48>0.98,flee'));
    expect(f.message).toContain('expected "close" or "tighten"');
  });
});
