import type { BrowserApi, MessageSender } from '../platform/browser-api.js';
import { drawOnPageChart } from '../mirror/page-chart.js';
import { asRuntimeMessage, type AlertRequest } from '../shared/messages.js';
import { migrateStorage } from '../storage/migrations.js';
import { loadSettings } from '../storage/settings.js';
import { setPanel } from '../shared/toggle-panel.js';
import { claimAlert } from './alert-dedupe.js';

/**
 * The service worker's handlers. Stateless by design: Chrome stops the worker whenever it is
 * idle, so everything that must outlive one event is in storage.
 */
/**
 * The panel frame, by its address as the browser reports it. Not `runtime.getURL`: the panel is
 * a web-accessible resource with `use_dynamic_url`, so getURL gives a per-session address, while
 * the frame is reported under the extension's own origin.
 */
export function isPanelUrl(url: string | undefined, ownOrigin: string): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.origin === ownOrigin && parsed.pathname === '/panel/index.html';
  } catch {
    return false;
  }
}

export function createHandlers(browser: BrowserApi, ownOrigin: string = globalThis.location.origin) {
  // Serialises read-modify-write of the dedupe record within one worker lifetime.
  let alertQueue: Promise<unknown> = Promise.resolve();

  async function notify(alert: AlertRequest): Promise<{ fired: boolean }> {
    const { settings } = await loadSettings(browser.storage.local);
    if (!settings.alertsEnabled) return { fired: false };
    const fired = await claimAlert(browser.storage.local, alert, Date.now());
    if (fired) {
      await browser.notifications
        .create(`exitplan:${alert.key}`.slice(0, 500), {
          type: 'basic',
          iconUrl: browser.runtime.getURL('icons/icon-128.png'),
          title: alert.title,
          message: alert.message,
        })
        .catch(() => undefined); // notifications blocked by the OS: the alert log still has it
    }
    return { fired };
  }

  function onMessage(raw: unknown, sender: MessageSender): Promise<unknown> | undefined {
    if (sender.id !== browser.runtime.id) return undefined;
    const message = asRuntimeMessage(raw);
    if (!message) return undefined;
    const fromPanel = isPanelUrl(sender.url, ownOrigin);
    if (message.type === 'whoami' && fromPanel) {
      return Promise.resolve({ tabId: sender.tab?.id ?? null, frameId: sender.frameId ?? null });
    }
    if (message.type === 'clear-page-lines' && sender.tab?.id !== undefined && sender.frameId === 0) {
      // The content script's panel closed: take our lines off the page's chart (no data goes in).
      return browser.scripting
        .executeScript({
          target: { tabId: sender.tab.id, frameIds: [0] },
          world: 'MAIN',
          func: drawOnPageChart,
          args: [[]],
        })
        .then(() => ({ ok: true }))
        .catch(() => ({ ok: false }));
    }
    if (message.type === 'alert' && fromPanel) {
      const next = alertQueue.then(() => notify(message.alert));
      alertQueue = next.catch(() => undefined);
      return next;
    }
    return undefined;
  }

  async function onCommand(command: string): Promise<void> {
    if (command !== 'toggle-panel') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await setPanel(browser, tab.id, 'toggle');
  }

  const migrate = (): void => {
    void migrateStorage(browser.storage.local).catch((error) =>
      console.error('exitplan: storage migration failed', error),
    );
  };

  return { onMessage, onCommand, migrate };
}
