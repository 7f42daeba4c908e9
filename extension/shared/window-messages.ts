import { isMirrorLine, type MirrorLine } from './messages.js';

/**
 * window.postMessage traffic between the content script and the main-world mirror. Both live
 * in the page's origin, so the page could forge these; that is harmless by design: the
 * mirror only draws horizontal lines on the page's own chart, and the content script only
 * reads a yes/no and a count back. Shapes are still checked, and text stays text.
 */
export const TO_MAIN = 'exitplan:to-main';
export const FROM_MAIN = 'exitplan:from-main';

export type ToMain =
  { channel: typeof TO_MAIN; type: 'draw'; lines: MirrorLine[] } | { channel: typeof TO_MAIN; type: 'clear' };
export interface FromMain {
  channel: typeof FROM_MAIN;
  type: 'status';
  available: boolean;
  drawn: number;
  error?: string;
}

export function asToMain(v: unknown): ToMain | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  if (m.channel !== TO_MAIN) return null;
  if (m.type === 'clear') return { channel: TO_MAIN, type: 'clear' };
  if (m.type === 'draw' && Array.isArray(m.lines) && m.lines.length <= 50 && m.lines.every(isMirrorLine)) {
    return { channel: TO_MAIN, type: 'draw', lines: m.lines };
  }
  return null;
}

export function asFromMain(v: unknown): FromMain | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  if (
    m.channel !== FROM_MAIN ||
    m.type !== 'status' ||
    typeof m.available !== 'boolean' ||
    typeof m.drawn !== 'number'
  )
    return null;
  return {
    channel: FROM_MAIN,
    type: 'status',
    available: m.available,
    drawn: m.drawn,
    ...(typeof m.error === 'string' ? { error: m.error.slice(0, 200) } : {}),
  };
}
