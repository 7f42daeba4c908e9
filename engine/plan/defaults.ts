import type { ExhaustionSpec } from './types.js';

/*
 * The engine's defaults, in one place. The plan parser, the indicator panes of the widget and
 * the extension, the extension's options and the CLI all read them from here, so a default
 * changed here changes on every surface at once.
 */

/** ATR period of a stop, target or trail written without one (`atrx1.5`, `atr3`). */
export const DEFAULT_ATR_PERIOD = 14;
/** Lookback (and ATR period) of `chandelierx3`. */
export const DEFAULT_CHANDELIER_LOOKBACK = 22;
/** RSI period of the exhaustion rule and of the RSI pane. */
export const DEFAULT_RSI_PERIOD = 14;
export const DEFAULT_RSI_OVERBOUGHT = 70;
export const DEFAULT_RSI_OVERSOLD = 30;
/** Bollinger bands of the exhaustion rule and of the chart: 20 bars, 2 standard deviations. */
export const DEFAULT_BB_PERIOD = 20;
export const DEFAULT_BB_K = 2;
/** Percent of the original position an exhaustion suggestion takes off. */
export const DEFAULT_EXHAUSTION_TAKE = 25;
/** Units of a plan written without a size. */
export const DEFAULT_SIZE = 1;
/** Bars a chart holds (the widget's `max-bars`); the engine always sees every bar. */
export const DEFAULT_MAX_BARS = 3000;

/** Exhaustion as a plan without an `exhaustion` field has it: markers only. */
export const DEFAULT_EXHAUSTION: Readonly<ExhaustionSpec> = Object.freeze({
  rsiPeriod: DEFAULT_RSI_PERIOD,
  overbought: DEFAULT_RSI_OVERBOUGHT,
  oversold: DEFAULT_RSI_OVERSOLD,
  bbPeriod: DEFAULT_BB_PERIOD,
  bbK: DEFAULT_BB_K,
  takeShare: DEFAULT_EXHAUSTION_TAKE,
  act: false,
});

/** The chart's indicator panes when nobody says otherwise. */
export const DEFAULT_INDICATORS = Object.freeze({
  bbPeriod: DEFAULT_BB_PERIOD,
  bbK: DEFAULT_BB_K,
  rsiPeriod: DEFAULT_RSI_PERIOD,
});
