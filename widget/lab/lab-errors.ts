import { describeError } from '../errors.js';

/**
 * The lab's error text: what is wrong and what to change, in words, never led by a class name.
 * A BacktestError's message already names the field (`costs: unknown item "x"; ...`) and a
 * trade list's row; the widget's own errors (the bars' file, their format) keep their titles;
 * anything unexpected says the backtest stopped, with the engine's message. Errors may come
 * through the worker boundary, which keeps `name` and `message` only.
 */
export function describeLabError(e: unknown): string {
  const name = e !== null && typeof e === 'object' && 'name' in e ? String(e.name) : '';
  const message = e !== null && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
  switch (name) {
    case 'BacktestError':
      return message;
    case 'WidgetError':
    case 'BarsError':
    case 'PlanError': {
      const { title, detail } = describeError(e);
      return `${title}: ${detail}`;
    }
    default:
      return `The backtest stopped on an unexpected problem: ${message}`;
  }
}
