import { render } from 'preact';
import { browser } from '../platform/browser.js';
import { pageTheme } from '../shared/page-theme.js';
import { PlansStore } from '../storage/plans-store.js';
import { loadSettings } from '../storage/settings.js';
import { PopupApp } from './PopupApp.js';
import './popup.css';

async function boot(): Promise<void> {
  const { settings } = await loadSettings(browser.storage.local);
  document.documentElement.dataset.theme = pageTheme(settings.theme);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  render(
    <PopupApp store={new PlansStore(browser.storage.local)} tabId={tab?.id ?? null} />,
    document.getElementById('app')!,
  );
}

void boot();
