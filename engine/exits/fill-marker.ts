import { formatR } from './levels.js';
import type { FillReason, OverlayMarker } from './types.js';

/**
 * The chart marker of one fill: its role (the marker's colour and shape) and a short text,
 * the leg or the exit's kind with the fill's R, e.g. "T1 +1.00R" or "Trail -0.35R intrabar".
 */
export function fillMarker(
  time: number,
  leg: string,
  reason: FillReason,
  r: number,
  price: number,
  intrabar: boolean,
): OverlayMarker {
  const role =
    reason === 'target'
      ? 'fill'
      : reason === 'exhaustion' || reason === 'decay'
        ? reason
        : reason === 'close'
          ? 'exit'
          : 'stop';
  const name =
    reason === 'target'
      ? leg
      : reason === 'stop'
        ? 'Stop'
        : reason === 'trail'
          ? 'Trail'
          : reason === 'breakeven'
            ? 'Breakeven'
            : reason === 'exhaustion'
              ? 'Exhaustion'
              : reason === 'decay'
                ? 'Decay exit'
                : 'Exit';
  const text = `${name} ${formatR(r)}${intrabar ? ' intrabar' : ''}`;
  return { time, role, text, price };
}
