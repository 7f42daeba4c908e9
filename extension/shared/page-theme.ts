import type { Theme } from '../storage/settings.js';

/** The theme an extension page draws in: the Options choice, 'auto' following the system's. */
export const pageTheme = (theme: Theme): 'light' | 'dark' =>
  theme === 'auto' ? (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark') : theme;
