import { validateBars, type Bar } from '../engine/index.js';
import { WidgetError } from './errors.js';

/** The engine's own bar check, here on the page so the caller of `push(bar)` gets the message at once. */
export function validatePushedBar(bar: Bar): void {
  try {
    validateBars([bar]);
  } catch (e) {
    throw new WidgetError(
      'bars',
      `push(bar): ${e instanceof Error ? e.message : String(e)}. Push {time (UNIX seconds), open, high, low, close}.`,
    );
  }
}

/** The widget's rules for a pushed bar: after loading, in time order. True: it replaces the last bar. */
export function pushReplacesLast(
  bar: Bar,
  last: Bar | undefined,
  phase: 'loading' | 'ready' | 'error',
): boolean {
  if (phase !== 'ready')
    throw new WidgetError('bars', 'push(bar) before the widget finished loading; await ready first.');
  if (last && bar.time < last.time) {
    throw new WidgetError(
      'bars',
      `push(bar): time ${bar.time} is before the last bar (${last.time}). Push bars in time order.`,
    );
  }
  return !!last && bar.time === last.time;
}
