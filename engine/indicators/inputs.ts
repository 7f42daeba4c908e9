/** What bar-based indicators read from a bar. `Bar` (engine/types.ts) satisfies it. */
export interface HighLowClose {
  high: number;
  low: number;
  close: number;
}

/** What swing pivots read from a bar. */
export interface TimedHighLow {
  time: number;
  high: number;
  low: number;
}

/** The five Bollinger outputs of a batch run, aligned with the input (NaN while warming up). */
export interface BollingerColumns {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
  percentB: Float64Array;
  bandwidth: Float64Array;
}

/** Caller-owned buffers bbandsBatch writes the three bands into. */
export interface BandBuffers {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/** Column form of bars for the batch functions. */
export interface BarColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** NaN where a bar carries no volume. */
  volume: Float64Array;
}
