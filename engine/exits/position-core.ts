import type { PositionStatus } from './types.js';

/** Where the stop in force came from: it names the fill when the stop is hit. */
export type StopSource = 'stop' | 'breakeven' | 'trail';

/**
 * The scalar state of a position, split out so a copy can be kept (without allocating) and
 * restored when the still-forming last bar is replaced.
 */
export class Core {
  status: PositionStatus = 'pending';
  entryTime = NaN;
  remaining = 0;
  stop = NaN;
  stopSource: StopSource = 'stop';
  realisedPnl = 0;
  fees = 0;
  mfe = 0;
  mae = 0;
  barsOpen = 0;
  lastClose = NaN;
  decayFlagged = false;
  breakevenActive = false;
  trailActive = false;
  exitTime = NaN;
  fillsLength = 0;
  markersLength = 0;
  trailLength = 0;
  filledMask = 0;

  copyFrom(o: Core): void {
    this.status = o.status;
    this.entryTime = o.entryTime;
    this.remaining = o.remaining;
    this.stop = o.stop;
    this.stopSource = o.stopSource;
    this.realisedPnl = o.realisedPnl;
    this.fees = o.fees;
    this.mfe = o.mfe;
    this.mae = o.mae;
    this.barsOpen = o.barsOpen;
    this.lastClose = o.lastClose;
    this.decayFlagged = o.decayFlagged;
    this.breakevenActive = o.breakevenActive;
    this.trailActive = o.trailActive;
    this.exitTime = o.exitTime;
    this.fillsLength = o.fillsLength;
    this.markersLength = o.markersLength;
    this.trailLength = o.trailLength;
    this.filledMask = o.filledMask;
  }
}

/** A position's state before it opens. */
export const PENDING = /* @__PURE__ */ new Core();
