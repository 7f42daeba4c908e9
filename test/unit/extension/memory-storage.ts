import type { StorageArea } from '../../../extension/platform/browser-api.js';

/**
 * browser.storage.local as the browser implements it, in memory: values are structured-cloned
 * in and out (a caller cannot mutate what is stored), and an optional byte quota makes set()
 * reject with Chrome's own message, as a full profile does.
 */
export class MemoryStorage implements StorageArea {
  readonly data = new Map<string, unknown>();
  writes = 0;

  constructor(private readonly quotaBytes = Infinity) {}

  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted =
      keys === null || keys === undefined ? [...this.data.keys()] : typeof keys === 'string' ? [keys] : keys;
    const out: Record<string, unknown> = {};
    for (const key of wanted) if (this.data.has(key)) out[key] = structuredClone(this.data.get(key));
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    const next = new Map(this.data);
    for (const [key, value] of Object.entries(items)) next.set(key, structuredClone(value));
    const bytes = [...next].reduce((sum, [k, v]) => sum + k.length + JSON.stringify(v).length, 0);
    if (bytes > this.quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
    this.writes++;
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === 'string' ? [keys] : keys) this.data.delete(key);
  }
}
