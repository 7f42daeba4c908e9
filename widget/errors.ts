/**
 * A problem the widget shows in its own box: what is wrong and what to change. Engine errors
 * (PlanError, BarsError) arrive here by `name` + `message` because a worker boundary keeps
 * only those, so the engine's message is trusted to carry the fix.
 */
export class WidgetError extends Error {
  override readonly name = 'WidgetError';
  constructor(
    /** Which input: 'src', 'bars', 'plan', 'feed', 'engine'. */
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

function named(e: unknown): { name: string; message: string } {
  if (e instanceof Error) return { name: e.name, message: e.message };
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { name?: unknown; message: unknown };
    return { name: String(o.name ?? 'Error'), message: String(o.message) };
  }
  return { name: 'Error', message: String(e) };
}

/** The text for the widget's error box; always says what to change. */
export function describeError(e: unknown): { title: string; detail: string } {
  const { name, message } = named(e);
  switch (name) {
    case 'WidgetError':
      return {
        title:
          (e as WidgetError).input === 'src' ? 'The bars could not be loaded' : 'The widget cannot start',
        detail: message,
      };
    case 'PlanError':
      return { title: 'The exit plan is not valid', detail: message };
    case 'BarsError':
      return { title: 'The data is not OHLC bars', detail: message };
    default:
      return { title: 'Something went wrong while drawing the plan', detail: `${name}: ${message}` };
  }
}
