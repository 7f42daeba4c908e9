/** One OHLCV bar. `time` is UNIX seconds (UTC), the bar's open time as the source gives it. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

export type Side = 'long' | 'short';

/**
 * The streaming contract every indicator follows (after trading-signals):
 * `add` appends a closed bar (or value), `replace` recomputes the still-forming last one,
 * `value` is null while warming up. Updates are O(1) and allocate nothing.
 */
export interface StreamingIndicator<In> {
  add(input: In): number | null;
  replace(input: In): number | null;
  readonly value: number | null;
  /** How many inputs have been added (replace does not change it). */
  readonly count: number;
  reset(): void;
}
