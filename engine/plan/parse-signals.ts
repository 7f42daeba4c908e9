import { PlanError } from '../errors.js';
import { DEFAULT_EXHAUSTION } from './defaults.js';
import { NONE, NUMBER, num, positiveInt } from './text-numbers.js';
import type { DecaySpec, ExhaustionSpec, FeeSpec } from './types.js';

// The readers of a plan's signals and costs: the exhaustion exit, time decay and fees (the
// levels' readers are in parse.ts).

/** `rsi14>70<30,bb20x2,take25[,act]`; any part may be left out for its default; `none` disables. */
export function parseExhaustion(text: string | undefined): ExhaustionSpec | null {
  if (text === undefined) return { ...DEFAULT_EXHAUSTION };
  const source = String(text).trim().toLowerCase();
  if (NONE.test(source)) return null;
  const spec: ExhaustionSpec = { ...DEFAULT_EXHAUSTION };
  for (const part of source.split(',').map((p) => p.trim())) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^rsi(\\d*)(?:>${NUMBER})?(?:<${NUMBER})?$`).exec(part))) {
      if (m[1]) spec.rsiPeriod = positiveInt('exhaustion', m[1], 'the RSI period');
      if (m[2]) spec.overbought = num('exhaustion', m[2], 'the overbought level');
      if (m[3]) spec.oversold = num('exhaustion', m[3], 'the oversold level');
    } else if ((m = new RegExp(`^bb(\\d*)(?:x${NUMBER})?$`).exec(part))) {
      if (m[1]) spec.bbPeriod = positiveInt('exhaustion', m[1], 'the Bollinger period');
      if (m[2]) spec.bbK = num('exhaustion', m[2], 'the Bollinger multiple');
    } else if ((m = new RegExp(`^take${NUMBER}%?$`).exec(part))) {
      spec.takeShare = num('exhaustion', m[1], 'the share to take');
    } else if (part === 'act') {
      spec.act = true;
    } else {
      throw new PlanError(
        'exhaustion',
        `exhaustion: cannot read "${part}"; write e.g. "rsi14>70<30,bb20x2,take25" (add ",act" to execute it)`,
      );
    }
  }
  if (!(spec.overbought > 50 && spec.overbought < 100 && spec.oversold > 0 && spec.oversold < 50)) {
    throw new PlanError(
      'exhaustion',
      'exhaustion: RSI thresholds must be overbought 50..100 and oversold 0..50',
    );
  }
  if (!(spec.takeShare > 0 && spec.takeShare <= 100)) {
    throw new PlanError('exhaustion', 'exhaustion: take must be a percent above 0 and at most 100');
  }
  if (!(spec.bbK > 0))
    throw new PlanError('exhaustion', 'exhaustion: the Bollinger multiple must be above 0');
  return spec;
}

/** `bars20,min0.5R[,act]`; `none` or absent disables it. */
export function parseDecay(text: string | undefined): DecaySpec | null {
  if (text === undefined) return null;
  const source = String(text).trim().toLowerCase();
  if (NONE.test(source)) return null;
  const spec: DecaySpec = { bars: 0, minProgressR: 0, act: false };
  for (const part of source.split(',').map((p) => p.trim())) {
    let m: RegExpExecArray | null;
    if ((m = /^(?:bars)?(\d+)(?:bars?)?$/.exec(part)))
      spec.bars = positiveInt('decay', m[1], 'the bar count');
    else if ((m = new RegExp(`^min${NUMBER}r?$`).exec(part)))
      spec.minProgressR = num('decay', m[1], 'the minimum progress');
    else if (part === 'act') spec.act = true;
    else {
      throw new PlanError(
        'decay',
        `decay: cannot read "${part}"; write e.g. "bars20,min0.5R" (add ",act" to exit at the flag)`,
      );
    }
  }
  if (spec.bars < 1) throw new PlanError('decay', 'decay: say after how many bars, e.g. "bars20"');
  return spec;
}

/** `bps10,unit0.01,fill1` (any subset); empty = no fees. */
export function parseFees(text: string | undefined): FeeSpec {
  const fees: FeeSpec = { perUnit: 0, bps: 0, perFill: 0 };
  const source = String(text ?? '')
    .trim()
    .toLowerCase();
  if (NONE.test(source)) return fees;
  for (const part of source.split(',').map((p) => p.trim())) {
    const m = new RegExp(`^(bps|unit|fill)${NUMBER}$`).exec(part);
    if (!m) {
      throw new PlanError(
        'fees',
        `fees: cannot read "${part}"; write bps10 (basis points), unit0.01 (per unit) or fill1 (per fill)`,
      );
    }
    const value = num('fees', m[2], `the ${m[1]} fee`);
    if (m[1] === 'bps' && value > 10_000) {
      throw new PlanError(
        'fees',
        `fees: bps${m[2]} is more than the whole fill (10000 bps = 100%); write basis points, e.g. bps10`,
      );
    }
    if (m[1] === 'bps') fees.bps = value;
    else if (m[1] === 'unit') fees.perUnit = value;
    else fees.perFill = value;
  }
  return fees;
}
