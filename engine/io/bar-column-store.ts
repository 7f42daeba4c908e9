import type { BarColumns } from '../indicators/inputs.js';
import type { Bar } from '../types.js';

type Column = keyof BarColumns;
const COLUMNS: Column[] = ['time', 'open', 'high', 'low', 'close', 'volume'];

/**
 * A chart session's bars as growable columns (a NaN volume is none). A worker gets a file's
 * bars as columns; made into 50,000 objects they were 350,000 heap cells (an object and six
 * boxed numbers each) that a fresh worker's collector copied again and again during the load.
 * Kept as six arrays, the bars are read into one reused object as they are played through.
 */
export class BarColumnStore {
  length: number;
  private columns: BarColumns;

  /** Copies the bars (the caller keeps its own columns or objects), with room to grow. */
  constructor(bars: BarColumns | readonly Bar[]) {
    if (Array.isArray(bars)) {
      this.length = 0;
      this.columns = grown(null, 0, bars.length + 256);
      for (const bar of bars) this.write(bar, false);
    } else {
      const columns = bars as BarColumns;
      this.length = columns.time.length;
      this.columns = grown(columns, this.length, this.length + 256);
    }
  }

  /** Bar i read into `into` (one object a hot loop reuses; nothing it is given keeps it). */
  at(i: number, into: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0 }): Bar {
    return readBar(this.columns, i, into);
  }

  get lastTime(): number {
    return this.columns.time[this.length - 1];
  }

  /** Column `name` up to the last bar (a view, not a copy). */
  column(name: Column): Float64Array {
    return this.columns[name].subarray(0, this.length);
  }

  /** Appends `bar` (after the last one), or with `replaceLast` writes it over the last. */
  write(bar: Bar, replaceLast: boolean): void {
    if (!replaceLast && this.length === this.columns.time.length)
      this.columns = grown(this.columns, this.length, this.length * 2);
    const i = replaceLast ? this.length - 1 : this.length++;
    for (const name of COLUMNS) this.columns[name][i] = bar[name] ?? NaN;
  }
}

/**
 * Bar i of price columns written into `into` and returned: hot loops (a chart session's load,
 * a backtest's trades) step one bar object through the bars instead of making one per bar.
 */
export function readBar(columns: Omit<BarColumns, 'volume'>, i: number, into: Bar): Bar {
  into.time = columns.time[i];
  into.open = columns.open[i];
  into.high = columns.high[i];
  into.low = columns.low[i];
  into.close = columns.close[i];
  return into;
}

function grown(columns: BarColumns | null, length: number, capacity: number): BarColumns {
  const out = {} as BarColumns;
  for (const name of COLUMNS) {
    out[name] = new Float64Array(capacity);
    if (columns) out[name].set(columns[name].subarray(0, length));
  }
  return out;
}
