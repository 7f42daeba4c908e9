import type { PlanText } from '../../engine/index.js';
import type { Settings } from '../storage/settings.js';

/** A plan to start from when the symbol has none saved: the options' defaults at the last price. */
export function draftPlan(settings: Settings, lastClose: number | null): PlanText {
  return {
    side: 'long',
    entry: lastClose ?? '',
    stop: settings.defaultStop,
    ladder: settings.defaultLadder,
    trail: settings.defaultTrail,
    breakeven: settings.defaultBreakeven,
    exhaustion: exhaustionText(settings),
  };
}

/** The options' RSI/Bollinger thresholds in the engine's compact form: rsi14>70<30,bb20x2,take25. */
export function exhaustionText(settings: Settings): string {
  return `rsi${settings.rsiPeriod}>${settings.overbought}<${settings.oversold},bb${settings.bbPeriod}x${settings.bbK},take${settings.exhaustionTake}`;
}
