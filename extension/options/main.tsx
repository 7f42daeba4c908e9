import { render } from 'preact';
import { browser } from '../platform/browser.js';
import { loadSettings } from '../storage/settings.js';
import { OptionsApp } from './OptionsApp.js';
import './options.css';

async function boot(): Promise<void> {
  const { settings, problems } = await loadSettings(browser.storage.local);
  render(<OptionsApp initial={settings} problems={problems} />, document.getElementById('app')!);
}

void boot();
