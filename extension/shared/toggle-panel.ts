import type { BrowserApi } from '../platform/browser-api.js';

/**
 * Opens, closes or toggles the panel in a tab. Chart sites already run the content script;
 * anywhere else it is injected now, which the activeTab grant from the toolbar click or the
 * shortcut allows (no broad host permission needed for the generic adapter).
 */
export async function setPanel(
  browser: BrowserApi,
  tabId: number,
  open: boolean | 'toggle',
): Promise<{ open: boolean } | { error: string }> {
  try {
    return (await browser.tabs.sendMessage(tabId, { type: 'set-panel', open }, { frameId: 0 })) as {
      open: boolean;
    };
  } catch {
    if (open === false) return { open: false };
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
      return { open: true };
    } catch (error) {
      return { error: `exitplan cannot run on this page (${(error as Error).message}).` };
    }
  }
}

export async function panelState(
  browser: BrowserApi,
  tabId: number,
): Promise<{ open: boolean; site: string } | null> {
  try {
    return (await browser.tabs.sendMessage(tabId, { type: 'panel-state' }, { frameId: 0 })) as {
      open: boolean;
      site: string;
    };
  } catch {
    return null;
  }
}
