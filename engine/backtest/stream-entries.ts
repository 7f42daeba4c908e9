import { HighestHigh } from '../indicators/highest-high.js';
import { LowestLow } from '../indicators/lowest-low.js';
import { SMA } from '../indicators/sma.js';
import type { Side } from '../types.js';
import type { EntryRule } from './entry-rules.js';
import { seededRandom } from './prng.js';

/**
 * A built-in entry rule (entry-rules.ts) decided bar by bar as the bars stream past: the side
 * of the entry at each bar, or null. The streaming indicators are bit-identical to the batch
 * ones ruleEntries reads (the engine's tests hold them to it), and each rule reads exactly what
 * its batch form reads at bar t, so the entries are the same (test/unit/backtest/stream-lab.test.ts).
 */
export type EntryStream = (t: number, high: number, low: number, close: number) => Side | null;

export function entryStream(rule: EntryRule): EntryStream {
  switch (rule.kind) {
    case 'donchian': {
      // The channel of the N bars before t: compared before bar t joins it.
      const period = rule.period;
      const hi = new HighestHigh(period);
      const lo = new LowestLow(period);
      return (t, high, low, close) => {
        let side: Side | null = null;
        if (t >= period) {
          if (close > hi.valueOrNaN) side = 'long';
          else if (close < lo.valueOrNaN) side = 'short';
        }
        hi.add(high);
        lo.add(low);
        return side;
      };
    }
    case 'sma': {
      const { fast, slow } = rule;
      const f = new SMA(fast);
      const s = new SMA(slow);
      let fBefore = NaN;
      let sBefore = NaN;
      return (t, _high, _low, close) => {
        const fNow = f.add(close) ?? NaN;
        const sNow = s.add(close) ?? NaN;
        let side: Side | null = null;
        if (t >= slow) {
          if (fNow > sNow && !(fBefore > sBefore)) side = 'long';
          else if (fNow < sNow && !(fBefore < sBefore)) side = 'short';
        }
        fBefore = fNow;
        sBefore = sNow;
        return side;
      };
    }
    case 'random': {
      const draw = seededRandom(rule.seed);
      const { rate, sides } = rule;
      return () => {
        // Two draws per bar whatever happens, as ruleEntries draws them.
        const hit = draw() < rate;
        const coin = draw() < 0.5;
        if (!hit) return null;
        return sides === 'both' ? (coin ? 'long' : 'short') : sides;
      };
    }
  }
}
