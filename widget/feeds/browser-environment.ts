import type { FeedEnvironment } from '../../engine/index.js';

/** The engine's feeds on the browser's own fetch, WebSocket and timers. */
export function browserFeedEnvironment(): FeedEnvironment {
  return {
    fetch: (url, { timeoutMs }) => fetch(url, { signal: AbortSignal.timeout(timeoutMs) }),
    openSocket: (url, events) => {
      const ws = new WebSocket(url);
      ws.onopen = () => events.onOpen();
      ws.onmessage = (event: MessageEvent) => events.onMessage(event.data);
      ws.onclose = () => events.onClose();
      return {
        close: () => {
          // Closed on purpose: its late events are not the feed's business any more.
          ws.onopen = ws.onmessage = ws.onclose = null;
          ws.close();
        },
      };
    },
    clock: {
      now: () => Date.now(),
      setTimeout: (run, ms) => setTimeout(run, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    random: Math.random,
  };
}
