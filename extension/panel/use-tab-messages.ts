import { useEffect } from 'preact/hooks';
import { browser } from '../platform/browser.js';
import type { ChartContext } from '../shared/context.js';
import { asRuntimeMessage } from '../shared/messages.js';

/**
 * Listens for this tab's content script: the chart context when the page switches symbol or
 * timeframe. Runtime messages reach every
 * extension page, so anything not from our extension and this very tab is ignored.
 */
export function useTabMessages(tabId: number, onContext: (context: ChartContext) => void): void {
  useEffect(() => {
    const listener = (raw: unknown, sender: { id?: string; tab?: { id?: number } }): undefined => {
      if (sender.id !== browser.runtime.id || sender.tab?.id !== tabId) return undefined;
      const message = asRuntimeMessage(raw);
      if (message?.type === 'context') onContext(message.context);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [tabId]);
}
