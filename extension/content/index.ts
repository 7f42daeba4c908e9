import { browser } from '../platform/browser.js';
import type { ChartContext } from '../shared/context.js';
import { asRuntimeMessage, type RuntimeMessage } from '../shared/messages.js';
import { pickAdapter } from '../sites/index.js';
import { cleanSymbol } from '../sites/symbol-format.js';
import { loadLayout, saveLayout, type PanelLayout } from '../storage/layout.js';
import { loadSettings } from '../storage/settings.js';
import { followContext } from './follow-context.js';
import { createPanelFrame, type PanelFrame } from './panel-frame.js';

/**
 * The content script: picks the site adapter, follows the chart's symbol and timeframe,
 * mounts the panel frame. It posts nothing to the page's window and listens to none of its
 * messages (the site's own lines are drawn by the panel, see mirror/page-chart.ts). Everything hangs off one
 * AbortController so an extension update (which orphans this script) tears it all down.
 */
const scope: typeof globalThis & { __exitplanContent?: AbortController } = globalThis;

async function start(): Promise<void> {
  scope.__exitplanContent?.abort(); // injected again (toolbar on a generic page): the old instance steps aside
  const lifetime = new AbortController();
  scope.__exitplanContent = lifetime;
  const { signal } = lifetime;

  const adapter = pickAdapter(location.href);
  const hostKey = `generic:${location.hostname}`;
  let typedSymbol: string | null = null;
  if (adapter.id === 'generic') {
    const stored = (await browser.storage.local.get(hostKey))[hostKey];
    typedSymbol = typeof stored === 'string' ? cleanSymbol(stored) : null;
  }

  const broadcast = (message: RuntimeMessage): void => {
    if (signal.aborted) return;
    browser.runtime.sendMessage(message).catch(() => {
      // No listener (panel not loaded yet) is normal; an invalidated context means we were updated away.
      if (!browser.runtime.id) lifetime.abort();
    });
  };

  let frame: PanelFrame | null = null;
  let layout = await loadLayout(browser.storage.local);
  const { settings } = await loadSettings(browser.storage.local);
  const light =
    settings.theme === 'light' ||
    (settings.theme === 'auto' && matchMedia('(prefers-color-scheme: light)').matches);
  const titleFor = (c: ChartContext): string =>
    c.symbol ? `${c.symbol}${c.timeframe ? ` · ${c.timeframe.label}` : ''}` : 'no symbol';

  const context = followContext(
    adapter,
    signal,
    (next) => {
      frame?.setTitle(titleFor(next));
      broadcast({ type: 'context', context: next });
    },
    () => typedSymbol,
  );

  const persist = (next: PanelLayout): void => {
    layout = next;
    void saveLayout(browser.storage.local, next).catch(() => undefined);
  };
  const setOpen = (open: boolean): void => {
    if (open && !frame) {
      frame = createPanelFrame(
        browser.runtime.getURL('panel/index.html'),
        { ...layout, open: true },
        {
          onLayout: persist,
          onClose: () => setOpen(false),
        },
        light,
      );
      frame.setTitle(titleFor(context()));
      document.documentElement.append(frame.host);
    } else if (!open && frame) {
      frame.destroy();
      frame = null;
      broadcast({ type: 'clear-page-lines' }); // the panel that drew them is gone with its frame
    }
    if (layout.open !== open) persist({ ...layout, open });
  };

  const onMessage = (raw: unknown, sender: { id?: string }): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const message = asRuntimeMessage(raw);
    if (!message) return undefined;
    switch (message.type) {
      case 'get-context':
        return Promise.resolve(context());
      case 'panel-state':
        return Promise.resolve({ open: frame !== null, site: adapter.id });
      case 'set-panel':
        setOpen(message.open === 'toggle' ? frame === null : message.open);
        return Promise.resolve({ open: frame !== null });
      case 'set-symbol':
        if (adapter.id !== 'generic') return undefined;
        typedSymbol = message.symbol ? cleanSymbol(message.symbol) : null; // what a person typed: checked like a page's
        void browser.storage.local.set({ [hostKey]: typedSymbol ?? '' });
        broadcast({ type: 'context', context: context() });
        return Promise.resolve(context());
      default:
        return undefined;
    }
  };
  browser.runtime.onMessage.addListener(onMessage);

  // An extension update or reload orphans this script (runtime.id goes away): step down
  // instead of leaving a dead panel on the page.
  const orphanCheck = setInterval(() => {
    if (!browser.runtime?.id) lifetime.abort();
  }, 2000);

  signal.addEventListener('abort', () => {
    clearInterval(orphanCheck);
    browser.runtime.onMessage.removeListener(onMessage);
    frame?.destroy();
    frame = null;
  });

  // Chart pages open the panel as they were last left; a page the user opened it on by hand always opens.
  if (layout.open || adapter.id === 'generic') setOpen(true);
}

void start();
