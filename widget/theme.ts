import type { ThemeName } from './types.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** 'auto' follows the reader's system setting. */
export function resolveTheme(theme: ThemeName): 'light' | 'dark' {
  if (theme !== 'auto') return theme;
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Calls back when the system theme flips; returns the unsubscribe. */
export function watchSystemTheme(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => undefined;
  const query = matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
