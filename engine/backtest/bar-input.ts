import type { BarColumns } from '../indicators/inputs.js';
import { barsFromColumns } from '../io/validate.js';
import type { Bar } from '../types.js';

/**
 * What a backtest runs over: bar objects (the lab view, tests, the learned policies), or the
 * same bars as columns, as the CLI streams a file in. A run only ever reads the bars as
 * columns (SeriesColumns, the entry rules, a trade list's bar lookup), so columns go through
 * as they are: a 200 MB CSV's 3.4 million bars are 27 MB per column, where as objects they
 * were ~110 bytes a bar on top of the columns, and the collector copied them again and again
 * (`backtest` on such a file took 2.4 GB; test/bench/bars-stream.bench.ts measures it now).
 * Volume is not read by the lab.
 */
export type BacktestBars = readonly Bar[] | PriceColumns;

/** The price columns of a series of bars, one entry per bar, in time order. */
export type PriceColumns = Omit<BarColumns, 'volume'> & { volume?: Float64Array };

const isColumns = (bars: BacktestBars): bars is PriceColumns => !Array.isArray(bars);

export function barCount(bars: BacktestBars): number {
  return isColumns(bars) ? bars.time.length : bars.length;
}

/** The bars as columns: the columns themselves when given columns, else a copy of the objects' prices. */
export function priceColumns(bars: BacktestBars): PriceColumns {
  if (isColumns(bars)) return bars;
  const objects = bars as readonly Bar[];
  const n = objects.length;
  const out: PriceColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const b = objects[i];
    out.time[i] = b.time;
    out.open[i] = b.open;
    out.high[i] = b.high;
    out.low[i] = b.low;
    out.close[i] = b.close;
  }
  return out;
}

/**
 * The bars as objects, for the parts that read Bar objects (the reversal gate and the exit
 * directors of engine/ml): made from columns only when a policy with one of them runs.
 */
export function barObjects(bars: BacktestBars): readonly Bar[] {
  if (!isColumns(bars)) return bars as readonly Bar[];
  let made = madeObjects.get(bars);
  if (made === undefined) {
    made = barsFromColumns({ ...bars, volume: bars.volume ?? new Float64Array(bars.time.length).fill(NaN) });
    madeObjects.set(bars, made);
  }
  return made;
}

// Made once per set of columns (a lab run with gates and directors asks more than once).
const madeObjects = new WeakMap<PriceColumns, readonly Bar[]>();
