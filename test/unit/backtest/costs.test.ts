import { describe, expect, it } from 'vitest';
import { commission, parseCosts, parseSizing, parseStress } from '../../../engine/backtest/costs.js';
import { BacktestError } from '../../../engine/backtest/errors.js';

describe('costs, sizing and stress parsing', () => {
  it('reads every cost item', () => {
    expect(parseCosts('unit0.01,fill1,bps5,slipbps2,slipatr0.1x20')).toEqual({
      perUnit: 0.01,
      perFill: 1,
      bps: 5,
      slippageBps: 2,
      slippageAtr: 0.1,
      slippageAtrPeriod: 20,
    });
    expect(parseCosts('none').bps).toBe(0);
  });

  it('names the bad item and the fix', () => {
    expect(() => parseCosts('bps5,fee3')).toThrowError(/unknown item "fee3".*unit<n>/);
    expect(() => parseCosts('bps-1')).toThrowError(BacktestError);
    expect(() => parseSizing('lots')).toThrowError(/units<n>.*risk<p>%/);
    expect(() => parseStress('gap1,p2')).toThrowError(/probability/);
  });

  it('reads sizing and stress', () => {
    expect(parseSizing('units10')).toEqual({ kind: 'units', units: 10 });
    expect(parseSizing('risk0.5%')).toEqual({ kind: 'risk', fraction: 0.005, maxLeverage: 1 });
    expect(parseStress('gap2,p0.05,seed9')).toEqual({
      atrMultiple: 2,
      probability: 0.05,
      seed: 9,
      atrPeriod: 14,
    });
  });

  it('computes the commission of one fill', () => {
    const c = parseCosts('unit0.01,fill1,bps5');
    // 1 + 0.01 * 200 + 5/10000 * 50 * 200 = 1 + 2 + 5 = 8.
    expect(commission(c, 50, 200)).toBeCloseTo(8, 12);
  });
});
