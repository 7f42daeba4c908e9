import {
  barsFromColumns,
  CsvBarReader,
  parseBarColumnsCsv,
  parseBarsJson,
  type Bar,
  type BarColumns,
} from '../engine/index.js';
import { WidgetError } from './errors.js';
import { mark } from './timing.js';
import type { BarsSource } from './types.js';

/**
 * Parsed bars: a CSV as columns (50,000 rows are a few typed arrays, not 50,000 objects; the
 * page makes objects only for the bars its chart draws), JSON as bar objects.
 */
export type LoadedBars = { columns: BarColumns } | { bars: Bar[] };

export function isJsonText(text: string): boolean {
  const head = text.trimStart()[0];
  return head === '[' || head === '{';
}

/** JSON when it looks like JSON, CSV otherwise: authors paste either into the same place. */
export function parseBarsText(text: string): LoadedBars {
  return isJsonText(text) ? { bars: parseBarsJson(text) } : { columns: parseBarColumnsCsv(text) };
}

/** Every bar as an object (replay, simulated feeds and the lab want them all). */
export function loadedBarList(loaded: LoadedBars): Bar[] {
  return 'bars' in loaded ? loaded.bars : barsFromColumns(loaded.columns);
}

/**
 * The bars a chart draws, as objects: the last `rows` of the file, or from 200 bars before the
 * entry when that is earlier (the chart shows the trade from its start).
 */
export function chartWindow(all: BarColumns, entryTime: number | undefined, rows: number): Bar[] {
  const { time } = all;
  let from = Math.max(0, time.length - rows);
  if (entryTime !== undefined && entryTime < time[from]) {
    const entry = time.findIndex((t) => t >= entryTime);
    from = Math.max(0, entry - 200);
  }
  if (from === 0) return barsFromColumns(all);
  return barsFromColumns({
    time: time.subarray(from),
    open: all.open.subarray(from),
    high: all.high.subarray(from),
    low: all.low.subarray(from),
    close: all.close.subarray(from),
    volume: all.volume.subarray(from),
  });
}

/** Bars from whichever source was given; every failure becomes a message that names the fix. */
export async function loadBars(source: BarsSource, signal?: AbortSignal): Promise<Bar[]> {
  return loadedBarList(await readBarsSource(source, signal));
}

/**
 * The source as given or fetched, parsed (inline bar arrays are validated here). A CSV file is
 * read in step with its download, a chunk at a time, so its bars are ready a moment after its
 * last byte instead of a full parse later: this thread is otherwise idle while it downloads.
 */
export async function readBarsSource(source: BarsSource, signal?: AbortSignal): Promise<LoadedBars> {
  if (source.bars) return { bars: parseBarsJson(source.bars) };
  if (source.text !== undefined) return parseBarsText(source.text);
  const res = await fetchFile(source, signal);
  if (!res.body) return parseBarsText(await res.text());
  const body = res.body.getReader();
  try {
    return await readInStep(body, Number(res.headers.get('content-length')) || 0);
  } catch (e) {
    // A bad row ends the download too.
    body.cancel().catch(() => undefined);
    throw e;
  }
}

/**
 * A download as CSV columns read chunk by chunk from its bytes, or JSON bars once it is all
 * here. Which one, the first character that is not white space says (as parseBarsText decides).
 */
export async function readInStep(
  body: ReadableStreamDefaultReader<Uint8Array>,
  bytes: number,
): Promise<LoadedBars> {
  const csv = new CsvBarReader(bytes);
  const head: Uint8Array[] = [];
  let json: TextDecoder | null = null;
  let text = '';
  let kind: 'csv' | 'json' | null = null;
  for (;;) {
    const chunk = await body.read();
    if (chunk.done) break;
    if (kind === null) {
      head.push(chunk.value);
      kind = firstCharacter(joined(head));
      if (kind === null) continue;
      if (kind === 'json') json = new TextDecoder();
      for (const piece of head.splice(0)) {
        if (json) text += json.decode(piece, { stream: true });
        else csv.pushBytes(piece);
      }
    } else if (json) text += json.decode(chunk.value, { stream: true });
    else csv.pushBytes(chunk.value);
  }
  mark('fetched');
  if (json) return { bars: parseBarsJson(text + json.decode()) };
  // A file of blanks only (no kind found) is read as CSV: its message says it is empty.
  for (const piece of head) csv.pushBytes(piece);
  return { columns: csv.finish() };
}

/** 'json' when the first meaningful character opens a JSON array or object, 'csv' for any other, null for none yet. */
function firstCharacter(bytes: Uint8Array): 'csv' | 'json' | null {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a) continue;
    if (byte < 0x80) return byte === 0x5b || byte === 0x7b ? 'json' : 'csv';
    // Not ASCII (a byte-order mark, a no-break space from a web page): the text decides, with
    // the same idea of white space as a file given as text.
    // (A character cut at the end of what has come so far waits for the next chunk.)
    const rest = new TextDecoder().decode(bytes.subarray(i, i + 4096), { stream: true }).trimStart();
    return rest === '' ? null : isJsonText(rest) ? 'json' : 'csv';
  }
  return null;
}

/** The chunks so far as one array (only while no character has decided the kind: blanks). */
function joined(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const all = new Uint8Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
}

/** The file at source.src, answered with 2xx. */
async function fetchFile(source: BarsSource, signal?: AbortSignal): Promise<Response> {
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
  return res;
}
