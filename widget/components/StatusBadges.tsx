import type { ViewState } from '../controller.js';

/** Where the engine runs and, in live mode, whether the feed is flowing, stale or reconnecting. */
export function StatusBadges({ state }: { state: ViewState }) {
  const feed = state.feed;
  return (
    <>
      {feed && (
        <span
          class={`ep-badge ${feed.status}`}
          role="status"
          title={feed.detail}
          data-feed-status={feed.status}
        >
          {feed.status === 'live' ? '● live' : feed.status}
          {feed.status !== 'live' && feed.status !== 'closed' && feed.detail ? ` — ${feed.detail}` : ''}
        </span>
      )}
      {state.engineMode && (
        <span
          class="ep-badge"
          title={state.engineNote ?? 'the exit engine runs in a Web Worker'}
          data-engine-mode={state.engineMode}
        >
          {state.engineMode === 'worker' ? 'engine: worker' : 'engine: main thread'}
        </span>
      )}
    </>
  );
}
