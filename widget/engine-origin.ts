import { WidgetError } from './errors.js';

/**
 * Where markup may load the engine from. A `worker` attribute is page content (a CMS may let
 * any author write it), and a worker runs with the page's origin: it could read same-origin
 * URLs with the reader's cookies. So a URL from markup is used only when it lies under the
 * widget script's own folder or under a prefix the page allowed in script (allowEngineUrls);
 * script callers (mount's workerUrl) are trusted as the page's own code.
 */
const allowed: string[] = [];

/** The folder of the widget's script (the script build sets it from its own URL). */
export function setWidgetScriptUrl(url: string | null): void {
  if (!url) return;
  const folder = new URL('.', url).href;
  if (!allowed.includes(folder)) allowed.unshift(folder);
}

/**
 * Lets `<exit-plan worker="...">` load the engine from under these URL prefixes too (e.g. a
 * CDN folder of your own). Called from the page's script, never read from markup.
 */
export function allowEngineUrls(prefixes: string[]): void {
  for (const prefix of prefixes) {
    const href = new URL(prefix, location.href).href;
    if (!allowed.includes(href)) allowed.push(href);
  }
}

/** The worker URL a `worker` attribute names, when it may be loaded; a clear error when not. */
export function markupWorkerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    throw new WidgetError('engine', `worker="${value}" is not a URL. Leave it out, or write worker="main".`);
  }
  // Compared as parsed URLs, so "/widget/../evil.js" or "https://a.example@b.example/" cannot pass as a prefix.
  if (allowed.some((prefix) => url.href.startsWith(prefix))) return url.href;
  throw new WidgetError(
    'engine',
    `worker="${value}" is not where this widget's script came from, so it is not loaded (a worker runs with this page's rights). ` +
      `Leave the attribute out to use the engine beside exitplan-widget.js, or allow its folder from the page's script: ExitPlan.allowEngineUrls(['${new URL('.', url).href}']).`,
  );
}
