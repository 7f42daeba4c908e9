import { sameContext, type ChartContext } from '../shared/context.js';
import type { SiteAdapter } from '../sites/types.js';
import { documentPageView } from './page-view.js';

/**
 * Re-reads the page whenever it may have changed: DOM mutations (debounced: TradingView's
 * title ticks with every trade), history navigation, and a slow poll of the URL because a
 * content script cannot see the page's own pushState calls. Calls back only on a real change.
 */
export function followContext(
  adapter: SiteAdapter,
  signal: AbortSignal,
  onChange: (context: ChartContext) => void,
  override: () => string | null,
): () => ChartContext {
  const view = documentPageView(document);
  const read = (): ChartContext => {
    const context = adapter.read(view);
    const typed = override();
    return typed && adapter.id === 'generic' ? { ...context, symbol: typed, note: undefined } : context;
  };
  let current = read();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const check = (): void => {
    timer = null;
    if (signal.aborted) return;
    const next = read();
    if (!sameContext(next, current)) {
      current = next;
      onChange(next);
    }
  };
  const soon = (): void => {
    if (timer === null) timer = setTimeout(check, 150);
  };
  const observer = new MutationObserver(soon);
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['aria-checked', 'aria-selected', 'data-value', 'class'],
  });
  const poll = setInterval(check, 1000);
  window.addEventListener('popstate', soon, { signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearInterval(poll);
    if (timer !== null) clearTimeout(timer);
  });
  return () => {
    check();
    return current;
  };
}
