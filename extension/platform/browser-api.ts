/**
 * The subset of the WebExtension API this extension uses, typed by hand: the project has no
 * @types/chrome or @types/webextension-polyfill, and a narrow surface also documents exactly
 * which privileged calls exist (least privilege is easier to audit when it is written down).
 */

export interface MessageSender {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export interface StorageChange {
  oldValue?: unknown;
  newValue?: unknown;
}

export interface StorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface ListenerEvent<F> {
  addListener(listener: F): void;
  removeListener(listener: F): void;
}

export type RuntimeMessageListener = (
  message: unknown,
  sender: MessageSender,
) => Promise<unknown> | undefined;

export interface BrowserApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: ListenerEvent<RuntimeMessageListener>;
    openOptionsPage(): Promise<void>;
    onInstalled: ListenerEvent<(details: { reason: string; previousVersion?: string }) => void>;
    onStartup: ListenerEvent<() => void>;
  };
  storage: {
    local: StorageArea;
    onChanged: ListenerEvent<(changes: Record<string, StorageChange>, areaName: string) => void>;
  };
  tabs: {
    query(q: { active?: boolean; currentWindow?: boolean }): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
  };
  notifications: {
    create(
      id: string,
      options: { type: 'basic'; iconUrl: string; title: string; message: string },
    ): Promise<string>;
  };
  scripting: {
    executeScript(injection: {
      target: { tabId: number };
      files: string[];
      world?: 'ISOLATED' | 'MAIN';
    }): Promise<unknown[]>;
    /** A self-contained function run in the tab's frame; `args` go to this call only. */
    executeScript<A extends unknown[], R>(injection: {
      target: { tabId: number; frameIds?: number[] };
      world: 'ISOLATED' | 'MAIN';
      func: (...args: A) => R;
      args?: A;
    }): Promise<{ result?: unknown }[]>;
  };
  commands: {
    onCommand: ListenerEvent<(command: string) => void>;
  };
}
