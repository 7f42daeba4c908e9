// The indicators, for code inside the engine; engine/index.ts names the ones that are public.
export { ATR, atrBatch } from './atr.js';
export { BollingerBands, bbandsBatch } from './bollinger-bands.js';
export { barsToColumns } from './columns.js';
export { EMA, emaBatch } from './ema.js';
export { HighestHigh, highestBatch } from './highest-high.js';
export { IndicatorError } from './indicator-error.js';
export type { BandBuffers, BarColumns, BollingerColumns, HighLowClose, TimedHighLow } from './inputs.js';
export { LowestLow, lowestBatch } from './lowest-low.js';
export { RSI, rsiBatch } from './rsi.js';
export { SMA, smaBatch } from './sma.js';
export { StdDev, stddevBatch } from './stddev.js';
export { SwingPivots } from './swing-pivots.js';
export type { Pivot, Swing } from './swing-pivots.js';
export { TrueRange, trueRangeBatch } from './true-range.js';
