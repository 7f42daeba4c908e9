import { render } from 'preact';
import { browser } from '../platform/browser.js';
import { pageTheme } from '../shared/page-theme.js';
import { loadSettings } from '../storage/settings.js';
import { JournalApp } from './JournalApp.js';
import './journal.css';

// The page draws in the theme chosen in Options, as the panel and popup do; a settings read that
// fails leaves the default (dark) and the journal still opens.
void loadSettings(browser.storage.local)
  .then(({ settings }) => (document.documentElement.dataset.theme = pageTheme(settings.theme)))
  .catch(() => undefined);
render(<JournalApp />, document.getElementById('app')!);
