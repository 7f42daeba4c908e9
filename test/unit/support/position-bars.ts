// Hand-made bars and positions for the rules of engine/exits/position.ts (test/unit/exits/*):
// every expected number in those tests is worked out from these few values.
import {
  emptyContext,
  parsePlan,
  Position,
  type Bar,
  type MarketContext,
  type PlanText,
} from '../../../engine/index.js';

/** A bar at `time` from [open, high, low, close]. */
export const bar = (time: number, [open, high, low, close]: [number, number, number, number]): Bar => ({
  time,
  open,
  high,
  low,
  close,
});

/** A market context given by hand: the ATR a trail or slippage uses is what the test says it is. */
export const ctx = (fields: Partial<MarketContext> = {}): MarketContext => ({ ...emptyContext(), ...fields });

/** Long 100, stop 95: 1R = 5; T1 1R = 105, T2 2R = 110. */
export const LONG: PlanText = {
  side: 'long',
  entry: 100,
  stop: '95',
  ladder: '1R:50,2R:50',
  exhaustion: 'none',
};
/** Short 100, stop 105: 1R = 5; T1 1R = 95, T2 2R = 90. */
export const SHORT: PlanText = { ...LONG, side: 'short', stop: '105' };

/** The entry bar (time 1): it trades 99..101 and closes at 100. */
export const ENTRY_BAR = bar(1, [100, 101, 99, 100]);

/** A position opened on ENTRY_BAR, its close already taken (the trail starts there). */
export function opened(text: PlanText, options = {}, c: MarketContext = ctx()): Position {
  const position = new Position(parsePlan(text), options);
  position.open(ENTRY_BAR, ctx(), 20);
  position.closeEntryBar(ENTRY_BAR, c);
  return position;
}
