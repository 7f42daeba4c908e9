import type { FillReason } from '../exits/types.js';
import type { Side } from '../types.js';
import { TradeFigures } from './stats.js';
import type { Trade, TradeFill } from './types.js';

/**
 * One policy's trades as columns, one per figure in trade order, written as each trade closes;
 * the fills in columns of their own. A run of 100,000s of trades as Trade and TradeFill objects
 * keeps each number in a heap cell of its own (~160 MB for the 193,000 trades of the bench's
 * Donchian run, which the collector copies and promotes); as columns they are a few arrays of
 * unboxed doubles. `trade(k)` and `trades()` make the objects the result carries, with the
 * same values, when someone reads them.
 *
 * The columns the statistics read are those of TradeFigures, so statsOf reads them as they are.
 */
export class TradeColumns extends TradeFigures {
  readonly side: Side[] = [];
  readonly entryIndex: number[] = [];
  readonly entryTime: number[] = [];
  readonly signalPrice: number[] = [];
  readonly entryPrice: number[] = [];
  readonly entryFee: number[] = [];
  readonly initialStop: number[] = [];
  readonly riskPerUnit: number[] = [];
  readonly size: number[] = [];
  readonly exitIndex: number[] = [];
  readonly exitTime: number[] = [];
  readonly mfe: number[] = [];
  readonly mae: number[] = [];
  readonly equityBefore: number[] = [];
  readonly endOfData: boolean[] = [];
  /** Where each trade's fills end in the fill columns (they start where the trade before ends). */
  readonly fillEnd: number[] = [];
  readonly fill = new FillColumns();

  constructor(readonly policy: string) {
    super();
  }

  get length(): number {
    return this.r.length;
  }

  /** Trade k as the result's object (a new one on each call). */
  trade(k: number): Trade {
    const from = k > 0 ? this.fillEnd[k - 1] : 0;
    const fills: TradeFill[] = [];
    for (let j = from; j < this.fillEnd[k]; j++) fills.push(this.fill.at(j));
    const pnl = this.pnl[k];
    const fees = this.fees[k];
    return {
      policy: this.policy,
      side: this.side[k],
      entryIndex: this.entryIndex[k],
      entryTime: this.entryTime[k],
      signalPrice: this.signalPrice[k],
      entryPrice: this.entryPrice[k],
      entryFee: this.entryFee[k],
      initialStop: this.initialStop[k],
      riskPerUnit: this.riskPerUnit[k],
      size: this.size[k],
      fills,
      exitIndex: this.exitIndex[k],
      exitTime: this.exitTime[k],
      pnl,
      r: this.r[k],
      grossPnl: pnl + fees,
      fees,
      slippage: this.slippage[k],
      mfe: this.mfe[k],
      mae: this.mae[k],
      mfeR: this.mfeR[k],
      maeR: this.maeR[k],
      barsHeld: this.exitIndex[k] - this.entryIndex[k],
      equityBefore: this.equityBefore[k],
      endOfData: this.endOfData[k],
    };
  }

  trades(): Trade[] {
    const out: Trade[] = [];
    for (let k = 0; k < this.length; k++) out.push(this.trade(k));
    return out;
  }

  /** Forgets every trade (a streamed run reads each one as it closes, then lets it go). */
  clear(): void {
    for (const column of Object.values(this)) if (Array.isArray(column)) column.length = 0;
    for (const column of Object.values(this.fill)) if (Array.isArray(column)) column.length = 0;
  }

  /** The statistics' figures of trades from..to-1 (computeStats of those trades, without their objects). */
  figures(from: number, to: number): TradeFigures {
    const out = new TradeFigures();
    for (const key of ['r', 'pnl', 'fees', 'slippage', 'fills', 'mfeR', 'maeR'] as const) {
      const source = this[key];
      const target = out[key];
      for (let k = from; k < to; k++) target.push(source[k]);
    }
    return out;
  }

  /** How many trades entered before bar `index` (the trades are in entry order). */
  enteredBefore(index: number): number {
    let k = 0;
    while (k < this.length && this.entryIndex[k] < index) k++;
    return k;
  }
}

/** The fills of one policy's trades, in order (see TradeColumns). */
export class FillColumns {
  readonly time: number[] = [];
  readonly index: number[] = [];
  readonly leg: string[] = [];
  readonly reason: FillReason[] = [];
  readonly plannedPrice: number[] = [];
  readonly marketPrice: number[] = [];
  readonly price: number[] = [];
  readonly size: number[] = [];
  readonly fee: number[] = [];
  readonly pnl: number[] = [];
  readonly r: number[] = [];

  get length(): number {
    return this.time.length;
  }

  at(j: number): TradeFill {
    return {
      time: this.time[j],
      index: this.index[j],
      leg: this.leg[j],
      reason: this.reason[j],
      plannedPrice: this.plannedPrice[j],
      marketPrice: this.marketPrice[j],
      price: this.price[j],
      size: this.size[j],
      fee: this.fee[j],
      pnl: this.pnl[j],
      r: this.r[j],
    };
  }
}
