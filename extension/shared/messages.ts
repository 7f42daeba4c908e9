import type { ChartContext } from './context.js';

/**
 * Messages between the extension's own contexts (runtime messaging: pages cannot forge these,
 * but every receiver still checks the sender and the shape, as nothing is trusted by type).
 */

export interface AlertRequest {
  /** Identifies one crossing: symbol + plan version + event + bar time. Fired at most once. */
  key: string;
  title: string;
  message: string;
}

export type RuntimeMessage =
  | { type: 'whoami' }
  | { type: 'get-context' }
  | { type: 'context'; context: ChartContext }
  | { type: 'set-symbol'; symbol: string }
  /** From the content script when its panel closes: remove our lines from the page's chart. */
  | { type: 'clear-page-lines' }
  | { type: 'alert'; alert: AlertRequest }
  | { type: 'set-panel'; open: boolean | 'toggle' }
  | { type: 'panel-state' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;

function isTimeframe(v: unknown): boolean {
  return v === null || (isObject(v) && typeof v.seconds === 'number' && isText(v.label, 8));
}

export function isChartContext(v: unknown): v is ChartContext {
  return (
    isObject(v) &&
    (v.site === 'tradingview' || v.site === 'binance' || v.site === 'generic') &&
    (v.symbol === null || isText(v.symbol, 60)) &&
    isTimeframe(v.timeframe) &&
    (v.note === undefined || isText(v.note, 200))
  );
}

/** Returns the message when its shape is one we send, else null (ignored by every receiver). */
export function asRuntimeMessage(v: unknown): RuntimeMessage | null {
  if (!isObject(v) || typeof v.type !== 'string') return null;
  switch (v.type) {
    case 'whoami':
    case 'get-context':
    case 'panel-state':
    case 'clear-page-lines':
      return { type: v.type };
    case 'context':
      return isChartContext(v.context) ? { type: 'context', context: v.context } : null;
    case 'set-symbol':
      return isText(v.symbol, 60) ? { type: 'set-symbol', symbol: v.symbol } : null;
    case 'alert': {
      const a = v.alert;
      return isObject(a) && isText(a.key, 300) && isText(a.title, 120) && isText(a.message, 400)
        ? { type: 'alert', alert: { key: a.key, title: a.title, message: a.message } }
        : null;
    }
    case 'set-panel':
      return typeof v.open === 'boolean' || v.open === 'toggle' ? { type: 'set-panel', open: v.open } : null;
    default:
      return null;
  }
}
