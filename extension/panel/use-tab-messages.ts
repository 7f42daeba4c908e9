import { useEffect } from 'preact/hooks';
import { browser } from '../platform/browser.js';
import type { ChartContext } from '../shared/context.js';
import { asRuntimeMessage } from '../shared/messages.js';

/**
 * Listens for this tab's content script: the chart context when the page switches symbol or
 * timeframe, and what the main-world mirror managed to draw. Runtime messages reach every
 * extension page, so anything not from our extension and this very tab is ignored.
 */
export function useTabMessages(
  tabId: number,
  onContext: (context: ChartContext) => void,
  onMirror: (status: { available: boolean; drawn: number }) => void,
): void {
  useEffect(() => {
    const listener = (raw: unknown, sender: { id?: string; tab?: { id?: number } }): undefined => {
      if (sender.id !== browser.runtime.id || sender.tab?.id !== tabId) return undefined;
      const message = asRuntimeMessage(raw);
      if (message?.type === 'context') onContext(message.context);
      if (message?.type === 'mirror-status') onMirror({ available: message.available, drawn: message.drawn });
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [tabId]);
}
