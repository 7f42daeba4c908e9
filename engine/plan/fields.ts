import {
  parseBreakeven,
  parseDecay,
  parseExhaustion,
  parseFees,
  parseLadder,
  parsePrice,
  parseSide,
  parseSize,
  parseStop,
  parseSwing,
  parseTrail,
  type PlanText,
} from './parse.js';
import { isLastEntry } from './input.js';
import { parseTime } from '../io/time.js';
import { parsePolicyRef } from './policy-ref.js';

/** One field of the plan's text form, as every surface (CLI help, widget form, panel form) shows it. */
export interface PlanField {
  key: keyof PlanText;
  label: string;
  /** The compact syntax, short enough for an input's placeholder. */
  placeholder: string;
  /** One sentence on what the field means. */
  hint: string;
  /** A value that reads, for documentation and tests. */
  example: string;
  /** The choices of a field that is a pick (side), in order; absent for free text. */
  choices?: readonly string[];
  /** Reads the field alone; a PlanError (naming this key) says what is wrong. */
  check(value: string): void;
}

/**
 * The plan's fields in the order forms show them. Both forms render from this table, so a field
 * added to the text form appears on every surface.
 */
export const PLAN_FIELDS: readonly PlanField[] = [
  {
    key: 'side',
    label: 'Side',
    placeholder: 'long | short',
    hint: 'long (buy) or short (sell)',
    example: 'long',
    choices: ['long', 'short'],
    check: (v) => void parseSide(v),
  },
  {
    key: 'entry',
    label: 'Entry',
    placeholder: '43210.5 | last',
    hint: 'the entry price; "last" (or empty) enters at the close of the entry bar',
    example: '29785',
    check: (v) => void (isLastEntry(v) ? null : parsePrice('entry', v)),
  },
  {
    key: 'stop',
    label: 'Stop',
    placeholder: '95 | 2% | atr14x1.5',
    hint: 'a price, a percent from the entry, or a multiple of ATR(14) from the entry',
    example: 'atr14x1.5',
    check: (v) => void parseStop(v),
  },
  {
    key: 'ladder',
    label: 'Ladder',
    placeholder: '1R:25,2R:25,fib1.618:50',
    hint: 'legs as target:share%; targets 1R, fib1.618, atr3, 5% or @price; the rest rides the trail',
    example: '1R:25,2R:25,fib1.618:50',
    check: (v) => void parseLadder(v),
  },
  {
    key: 'trail',
    label: 'Trail',
    placeholder: 'none | atr14x2.5 | chandelier22x3@1',
    hint: 'an ATR or chandelier trailing stop; @1 starts it after leg 1 fills',
    example: 'atr14x2.5@1',
    check: (v) => void parseTrail(v),
  },
  {
    key: 'breakeven',
    label: 'Breakeven after leg',
    placeholder: '1 | 1+fees | 1+0.5 | none',
    hint: 'once that leg fills, the stop moves to the entry (plus fees or an offset)',
    example: '1+fees',
    check: (v) => void parseBreakeven(v),
  },
  {
    key: 'exhaustion',
    label: 'Exhaustion',
    placeholder: 'rsi14>70<30,bb20x2,take25 | none',
    hint: 'suggest taking a share when RSI is stretched and price is at the Bollinger band; ",act" executes it',
    example: 'rsi14>70<30,bb20x2,take25',
    check: (v) => void parseExhaustion(v),
  },
  {
    key: 'decay',
    label: 'Decay',
    placeholder: 'bars20,min0.5R | none',
    hint: 'flag a trade that after N bars filled no leg and never made the minimum R',
    example: 'bars20,min0.5R',
    check: (v) => void parseDecay(v),
  },
  {
    key: 'fees',
    label: 'Fees',
    placeholder: 'bps10,unit0.01,fill1',
    hint: 'commission per fill: basis points of notional, per unit, per fill',
    example: 'bps10,fill1',
    check: (v) => void parseFees(v),
  },
  {
    key: 'at',
    label: 'Entry time',
    placeholder: '2021-01-04T10:00Z | UNIX s | empty: last bar',
    hint: 'the entry bar is the first bar at or after this time; empty: the last bar',
    example: '2021-01-04T10:00Z',
    check: (v) => void (v.trim() === '' ? null : parseTime('at', v)),
  },
  {
    key: 'size',
    label: 'Size',
    placeholder: '1 (units)',
    hint: 'the position size in units; 1 when empty',
    example: '2',
    check: (v) => void parseSize(v),
  },
  {
    key: 'swing',
    label: 'Swing',
    placeholder: 'low:high, e.g. 90:98',
    hint: 'the swing Fibonacci targets extend; empty: the last swing before the entry',
    example: '90:98',
    check: (v) => void parseSwing(v),
  },
  {
    key: 'policy',
    label: 'Exit policy',
    placeholder: 'learned:policy.json | adaptive | none',
    hint: 'a saved learned policy (exitplan learn policy --out) or the regime matrix decides Hold, Sell 25% or Liquidate at each close',
    example: 'learned:policy.json',
    check: (v) => void parsePolicyRef(v),
  },
];

/** The field of a key, for a surface that shows one field on its own. */
export function planField(key: keyof PlanText): PlanField {
  const field = PLAN_FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`no plan field "${key}"`);
  return field;
}
