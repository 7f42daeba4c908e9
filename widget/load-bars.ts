import { parseBarsCsv, parseBarsJson, type Bar } from '../engine/index.js';
import { WidgetError } from './errors.js';
import type { BarsSource } from './types.js';

/** Parsed bars, plus the CSV text they came from when there was one (the worker can take that instead of 50,000 cloned objects). */
export interface LoadedBars {
  bars: Bar[];
  csv: string | null;
}

export function isJsonText(text: string): boolean {
  const head = text.trimStart()[0];
  return head === '[' || head === '{';
}

/** JSON when it looks like JSON, CSV otherwise: authors paste either into the same place. */
export function parseBarsText(text: string): LoadedBars {
  const json = isJsonText(text);
  return { bars: json ? parseBarsJson(text) : parseBarsCsv(text), csv: json ? null : text };
}

/**
 * The last bar of a CSV without parsing the rest (the engine's parser on the header and the
 * last row), so a plan with entry="last" can go to the worker while this thread parses the file.
 * Null when that row does not parse; the full parse then reports the problem with its row.
 */
export function lastCsvBar(text: string): Bar | null {
  const firstBreak = text.indexOf('\n');
  const trimmed = text.trimEnd();
  const lastBreak = trimmed.lastIndexOf('\n');
  if (firstBreak < 0 || lastBreak < firstBreak) return null;
  try {
    const bars = parseBarsCsv(`${text.slice(0, firstBreak)}\n${trimmed.slice(lastBreak + 1)}`);
    return bars.length === 1 ? bars[0] : null;
  } catch {
    return null;
  }
}

/**
 * The header and the last `rows` rows of a CSV, found by scanning back from the end: the chart
 * draws only its window, so the page need not parse 50,000 rows the worker already holds.
 * Null when the text has no more rows than that (parse it all).
 */
export function csvTail(text: string, rows: number): string | null {
  const headerEnd = text.indexOf('\n');
  if (headerEnd < 0) return null;
  let at = text.trimEnd().length;
  for (let n = 0; n < rows; n++) {
    at = text.lastIndexOf('\n', at - 1);
    if (at <= headerEnd) return null;
  }
  return `${text.slice(0, headerEnd)}\n${text.slice(at + 1)}`;
}

/** Bars from whichever source was given; every failure becomes a message that names the fix. */
export async function loadBars(source: BarsSource, signal?: AbortSignal): Promise<Bar[]> {
  return (await loadBarsAndText(source, signal)).bars;
}

/** loadBars, keeping the CSV text too. */
export async function loadBarsAndText(source: BarsSource, signal?: AbortSignal): Promise<LoadedBars> {
  const raw = await fetchBarsSource(source, signal);
  return 'text' in raw ? parseBarsText(raw.text) : { bars: raw.bars, csv: null };
}

/** The source as given or fetched, not yet parsed (inline bar arrays are validated here). */
export async function fetchBarsSource(
  source: BarsSource,
  signal?: AbortSignal,
): Promise<{ text: string } | { bars: Bar[] }> {
  if (source.bars) return { bars: parseBarsJson(source.bars) };
  if (source.text !== undefined) return { text: source.text };
  if (!source.src) {
    throw new WidgetError(
      'src',
      'No bars were given. Set the src attribute to a CSV or JSON file of bars, put JSON bars inside the element, or use mode="live" with a symbol.',
    );
  }
  let url: URL;
  try {
    url = new URL(source.src, document.baseURI);
  } catch {
    throw new WidgetError(
      'src',
      `src "${source.src}" is not a URL. Give a path like data/btc-5m.csv or a full https:// address.`,
    );
  }
  if (
    url.protocol !== 'http:' &&
    url.protocol !== 'https:' &&
    url.protocol !== 'blob:' &&
    url.protocol !== 'data:'
  ) {
    throw new WidgetError(
      'src',
      `src "${source.src}" uses ${url.protocol} which the widget cannot fetch. Use an http(s) URL.`,
    );
  }
  let res: Response;
  try {
    res = await fetch(url.href, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new WidgetError(
      'src',
      `Could not reach ${url.href} (${e instanceof Error ? e.message : String(e)}). Check the src URL and that the server allows this page to read it (CORS).`,
    );
  }
  if (!res.ok) {
    throw new WidgetError(
      'src',
      `${url.href} answered HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}. Check the src URL.`,
    );
  }
  return { text: await res.text() };
}
