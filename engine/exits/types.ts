import type { Side } from '../types.js';

export type LineRole = 'entry' | 'stop' | 'trail' | 'target' | 'breakeven';

/** A horizontal level to draw. Plain data: it crosses a worker boundary as is. */
export interface OverlayLine {
  /** Stable across updates: 'entry', 'stop', 'trail', 'T1', 'T2', ... */
  id: string;
  role: LineRole;
  price: number;
  /** Short text, e.g. "T1 1R 25% 43,210.5". */
  label: string;
  /** Percent of the original position this level exits, when it exits any. */
  share?: number;
  /** For targets: filled already. */
  filled?: boolean;
}

export type MarkerRole = 'entry' | 'fill' | 'stop' | 'exhaustion' | 'decay' | 'exit';

export interface OverlayMarker {
  time: number;
  role: MarkerRole;
  text: string;
  price: number;
}

export type FillReason = 'target' | 'stop' | 'trail' | 'breakeven' | 'exhaustion' | 'decay' | 'close';

export interface Fill {
  time: number;
  /** 'T1'.. for ladder legs, 'stop' for stop-outs, 'exhaustion' / 'decay' for signal exits. */
  leg: string;
  reason: FillReason;
  /** The level the plan asked for. */
  plannedPrice: number;
  /** The price actually obtained (differs on gaps and with slippage). */
  price: number;
  /** Units. */
  size: number;
  fee: number;
  /** (price - entry) * size for a long, mirrored for a short, minus fee. */
  pnl: number;
  /** pnl / (risk per unit * original size). */
  r: number;
  /** Hit by a live tick inside the forming bar (the 'ticks' rule), not by the bar rule. */
  intrabar?: true;
}

export interface LegState {
  id: string;
  label: string;
  price: number;
  /** Percent of the original position. */
  share: number;
  filled: boolean;
  fillTime: number | null;
}

export type PositionStatus = 'pending' | 'open' | 'closed';

export interface PositionState {
  status: PositionStatus;
  side: Side;
  entry: number;
  entryTime: number | null;
  size: number;
  remaining: number;
  initialStop: number;
  /** The stop in force for the next bar. */
  stop: number;
  /** |entry - initial stop|: one R in price units. */
  riskPerUnit: number;
  legs: LegState[];
  fills: Fill[];
  realisedPnl: number;
  /** realisedPnl in R of the whole position. */
  realisedR: number;
  /** Unrealised R of what remains, at the last close. */
  openR: number;
  fees: number;
  /** Maximum favourable / adverse excursion, in price distance from entry (>= 0). */
  mfe: number;
  mae: number;
  mfeR: number;
  maeR: number;
  barsOpen: number;
  decayFlagged: boolean;
  breakevenActive: boolean;
  trailActive: boolean;
  exitTime: number | null;
}

/** Plan summary that does not change bar to bar: for legends and tables. */
export interface PlanLevels {
  side: Side;
  entry: number;
  initialStop: number;
  riskPerUnit: number;
  /** Each leg's price, share and reward in R. */
  legs: { id: string; label: string; price: number; share: number; r: number }[];
  /** Average exit in R if every leg fills and the remainder exits at the last leg's price. */
  blendedR: number;
  /** The share no leg takes: it rides the trail (or the stop). */
  runnerShare: number;
  /** The swing the Fibonacci legs were measured from, when any. */
  swing: { low: number; high: number } | null;
}

export interface TrailPoint {
  time: number;
  price: number;
}

/** Everything a chart needs to draw the plan, as plain serialisable data. */
export interface Overlay {
  levels: PlanLevels;
  lines: OverlayLine[];
  markers: OverlayMarker[];
  /** The stop in force bar by bar, from the entry bar on (a stepped line). */
  trail: TrailPoint[];
  state: PositionState;
}
