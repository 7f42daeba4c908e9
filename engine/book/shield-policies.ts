import { BacktestError } from '../backtest/errors.js';
import type { PolicyDef } from '../backtest/types.js';
import { HOLD, LIQUIDATE, type DirectorProvider, type ExitDirector } from '../ml/policy/director.js';
import type { Bar } from '../types.js';
import { CorrelationShield, EntropyGuard } from './bar-shields.js';
import { parseCorrelation, parseEntropy } from './shield-spec.js';

/**
 * The two bar shields as lab policies. Each is a plain plan (the lab's shared 2 x ATR14 stop
 * and a 3 x ATR14 trail, the default `aioo-trail` policy) plus a shield that liquidates what
 * remains at the close of the bar it fires on, through the lab's exit-director slot (so the
 * exit is slipped and charged like any market order, engine/ml/policy/director.ts). The
 * director's name carries the shield's text form: `shield:corr12:0.2>0.9@6`,
 * `shield:entropy3x48>0.98`. Comparing each with `aioo-trail` says what the shield adds.
 *
 * No look-ahead: the shields run over the bars in order once, before the trades; the flag of
 * bar i depends on bars 0..i only (a test truncates the series and compares).
 */
export const SHIELD_BASE = { stop: 'atr14x2', trail: 'atr14x3' } as const;

export function shieldPolicy(shieldText: string): PolicyDef {
  return {
    id: `trail+${shieldText.startsWith('corr') ? 'corr' : 'entropy'}`,
    label: `ATR trail + ${shieldText} (liquidate at the close it fires)`,
    ...SHIELD_BASE,
    director: `shield:${shieldText}`,
  };
}

export const SHIELD_POLICIES: readonly PolicyDef[] = /* @__PURE__ */ (() => [
  shieldPolicy('corr12:0.2>0.9@6'),
  shieldPolicy('entropy3x48>0.98'),
])();

/**
 * Which bars a shield fires on, in bar order. Correlation reads the bars paired by time with
 * the benchmark's (a bar without a benchmark bar is skipped, as `exitplan shield` does);
 * entropy reads the asset's closes alone. Entropy's `tighten` is refused: a director can
 * liquidate, not move the stop.
 */
export function shieldFires(bars: readonly Bar[], shieldText: string, benchmark: readonly Bar[]): Uint8Array {
  const fires = new Uint8Array(bars.length);
  if (shieldText.startsWith('corr')) {
    const spec = parseCorrelation(shieldText)!;
    const byTime = new Map<number, number>();
    for (const b of benchmark) byTime.set(b.time, b.close);
    const shield = new CorrelationShield(spec);
    for (let i = 0; i < bars.length; i++) {
      const other = byTime.get(bars[i].time);
      if (other !== undefined && shield.add(bars[i].close, other)) fires[i] = 1;
    }
    return fires;
  }
  if (shieldText.startsWith('entropy')) {
    const spec = parseEntropy(shieldText)!;
    if (spec.action === 'tighten')
      throw new BacktestError(
        'policies',
        `policies: "${shieldText}" tightens the stop, which a lab director cannot do; write ",close"`,
      );
    const guard = new EntropyGuard(spec);
    for (let i = 0; i < bars.length; i++) if (guard.add(bars[i].close)) fires[i] = 1;
    return fires;
  }
  throw new BacktestError(
    'policies',
    `policies: "${shieldText}" is not a bar shield; write e.g. "corr12:0.2>0.9@6" or "entropy3x48>0.98"`,
  );
}

/**
 * The directors of the shield policies for one run (RunControl.directors), with `other`
 * handing out the directors of any other name (the learned policies' provider, or null).
 */
export function shieldDirectors(
  benchmark: readonly Bar[],
  other: DirectorProvider | null = null,
): DirectorProvider {
  return (bars, name): ExitDirector => {
    if (!name.startsWith('shield:')) {
      if (other) return other(bars, name);
      throw new BacktestError('policies', `policies: no exit director named "${name}" here`);
    }
    const fires = shieldFires(bars, name.slice('shield:'.length), benchmark);
    return (view) => (fires[view.index] === 1 ? LIQUIDATE : HOLD);
  };
}
