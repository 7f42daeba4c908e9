import { render } from 'preact';
import { browser } from '../platform/browser.js';
import { isChartContext } from '../shared/messages.js';
import { pageTheme } from '../shared/page-theme.js';
import { PlansStore } from '../storage/plans-store.js';
import { loadSettings } from '../storage/settings.js';
import type { Notice } from './components/Notices.js';
import { PanelApp } from './PanelApp.js';
import './panel.css';

/**
 * The panel page, loaded from the extension's origin inside the page's iframe. It learns its
 * tab from the background (the sender of a runtime message is reported by the browser and
 * cannot be forged by the page), then asks that tab's content script for the chart context.
 */
async function boot(): Promise<void> {
  const app = document.getElementById('app')!;
  const fail = (text: string): void => {
    const p = document.createElement('p');
    p.className = 'fatal';
    p.textContent = text;
    app.replaceChildren(p);
  };
  const who = (await browser.runtime.sendMessage({ type: 'whoami' }).catch(() => null)) as {
    tabId?: number | null;
  } | null;
  if (typeof who?.tabId !== 'number')
    return fail('exitplan: this panel only works inside a chart tab. Open it from the toolbar button.');
  const tabId = who.tabId;
  const context = await browser.tabs
    .sendMessage(tabId, { type: 'get-context' }, { frameId: 0 })
    .catch(() => null);
  if (!isChartContext(context))
    return fail('exitplan: the page did not answer. Reload the page and open the panel again.');
  const { settings, problems } = await loadSettings(browser.storage.local);
  document.documentElement.dataset.theme = pageTheme(settings.theme);
  const store = new PlansStore(browser.storage.local);
  const notices: Notice[] = problems.map((text, i) => ({
    id: `settings:${i}`,
    level: 'warn',
    text: `Options: ${text}.`,
  }));
  try {
    const report = await store.ready();
    report.problems.forEach((text, i) => notices.push({ id: `storage:${i}`, level: 'warn', text }));
    for (const kept of report.keptAside) {
      notices.push({
        id: `migrate:${kept.symbol}`,
        level: 'warn',
        text: `An old plan for ${kept.symbol} could not be upgraded (${kept.reason}); it was kept aside, see the popup.`,
      });
    }
  } catch (error) {
    notices.push({ id: 'migrate', level: 'error', text: (error as Error).message });
  }
  render(
    <PanelApp
      tabId={tabId}
      initialContext={context}
      settings={settings}
      store={store}
      startupNotices={notices}
    />,
    app,
  );
}

void boot();
