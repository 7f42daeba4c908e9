import { BOOK_CSS } from './book/book-css.js';
import { REVERSAL_CSS } from './reversal/reversal-css.js';
import { POLICY_CSS } from './policy/policy-css.js';
import type { Palette } from './chart/palette.js';

/** CSS custom properties for one theme, set on the widget's root element (inside its shadow root). */
export function themeVars(p: Palette): Record<string, string> {
  return {
    '--ep-bg': p.background,
    '--ep-text': p.text,
    '--ep-muted': p.muted,
    '--ep-border': p.border,
    '--ep-grid': p.grid,
    '--ep-entry': p.entry,
    '--ep-stop': p.stop,
    '--ep-trail': p.trail,
    '--ep-target': p.target,
    '--ep-up': p.up,
    '--ep-down': p.down,
    '--ep-exhaustion': p.exhaustion,
  };
}

/** Scoped to the shadow root, so the host page's CSS neither reaches in nor is touched. */
export const WIDGET_CSS = `
:host { display: block; }
.ep { box-sizing: border-box; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ep-text); background: var(--ep-bg); border: 1px solid var(--ep-border); border-radius: 8px;
  padding: 10px; min-width: 280px; container-type: inline-size; }
.ep *, .ep *::before, .ep *::after { box-sizing: border-box; }
.ep-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
.ep-title { font-weight: 600; font-size: 14px; margin-right: auto; }
.ep-badge { font-size: 11px; padding: 1px 7px; border-radius: 999px; border: 1px solid var(--ep-border); color: var(--ep-muted); white-space: nowrap; }
.ep-badge.live { color: var(--ep-up); border-color: var(--ep-up); }
.ep-badge.stale, .ep-badge.offline, .ep-badge.rate-limited, .ep-badge.failed { color: #fff; background: var(--ep-down); border-color: var(--ep-down); font-weight: 600; }
.ep-toggle { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; color: var(--ep-muted); cursor: pointer; }
.ep-body { display: grid; grid-template-columns: minmax(0, 1fr) 220px; gap: 10px; }
.ep-chart { position: relative; min-height: 200px; border-radius: 4px; overflow: hidden; touch-action: none; }
.ep-side { font-size: 12px; display: flex; flex-direction: column; gap: 6px; }
.ep-side h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--ep-muted); margin: 4px 0 0; font-weight: 600; }
.ep-kv { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
.ep-kv dt { color: var(--ep-muted); }
.ep-kv dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.ep-legs { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.ep-legs td, .ep-legs th { padding: 1px 3px; text-align: right; }
.ep-legs th { color: var(--ep-muted); font-weight: 500; }
.ep-legs td:first-child, .ep-legs th:first-child { text-align: left; }
.ep-legs tr.filled td { color: var(--ep-muted); text-decoration: line-through; }
.ep-swatch { display: inline-block; width: 10px; height: 2px; vertical-align: middle; margin-right: 4px; }
.pos { color: var(--ep-up); } .neg { color: var(--ep-down); }
.ep-row { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
.ep button, .ep select, .ep input { font: inherit; color: var(--ep-text); background: var(--ep-bg); border: 1px solid var(--ep-border); border-radius: 4px; padding: 3px 8px; }
.ep button { cursor: pointer; }
.ep button:focus-visible, .ep input:focus-visible, .ep select:focus-visible, .ep summary:focus-visible { outline: 2px solid var(--ep-entry); outline-offset: 1px; }
.ep-progress { flex: 1; min-width: 80px; accent-color: var(--ep-entry); }
.ep-compare { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 8px; }
.ep-card { border: 1px solid var(--ep-border); border-radius: 6px; padding: 6px 8px; }
.ep-card .r { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.ep-card .what { color: var(--ep-muted); font-size: 11px; }
.ep-form { margin-top: 8px; }
.ep-form summary { cursor: pointer; color: var(--ep-muted); font-size: 12px; }
.ep-form form { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 10px; margin-top: 6px; }
.ep-form label { display: flex; flex-direction: column; font-size: 11px; color: var(--ep-muted); gap: 2px; }
.ep-form input, .ep-form select { width: 100%; }
.ep-form .actions { display: flex; align-items: end; }
.ep-form-error { grid-column: 1 / -1; color: var(--ep-down); font-size: 12px; margin: 0; }
.ep-error { border: 1px solid var(--ep-down); border-left-width: 4px; border-radius: 6px; padding: 12px 14px; }
.ep-error strong { display: block; color: var(--ep-down); margin-bottom: 4px; }
.ep-error p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.ep-chart-wrap { position: relative; min-width: 0; }
.ep-loading { position: absolute; inset: 0; z-index: 5; display: flex; align-items: center; justify-content: center; color: var(--ep-muted); background: var(--ep-bg); }
.ep-note { font-size: 11px; color: var(--ep-muted); margin-top: 6px; }
.ep-attribution { display: block; text-align: right; font-size: 10px; color: var(--ep-muted); margin-top: 4px; text-decoration: none; }
.ep-attribution:hover { text-decoration: underline; }
.ep-warn { font-size: 12px; color: var(--ep-stop); margin: 6px 0; }
/* The widget's own width decides, not the page's: a narrow column in a wide page stacks too. */
@container (max-width: 640px) { .ep-body { grid-template-columns: 1fr; } }
${BOOK_CSS}${REVERSAL_CSS}${POLICY_CSS}`;

let shared: CSSStyleSheet | null | undefined;

/**
 * Puts WIDGET_CSS into a shadow root. A constructed stylesheet (adoptedStyleSheets) is not an
 * inline style, so a page's `style-src 'self'` does not refuse it, and every widget on the page
 * shares one parsed sheet; a browser without constructable sheets gets a <style> element.
 * Returns what undoes it.
 */
export function adoptWidgetStyles(root: ShadowRoot): () => void {
  if (shared === undefined) {
    try {
      shared = new CSSStyleSheet();
      shared.replaceSync(WIDGET_CSS);
    } catch {
      shared = null;
    }
  }
  const sheet = shared;
  if (sheet && 'adoptedStyleSheets' in root) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  root.prepend(style);
  return () => style.remove();
}
