import type { FeedStatus } from '../../feeds/index.js';

const TEXT: Record<FeedStatus['state'], string> = {
  connecting: 'connecting',
  live: 'live',
  stale: 'stale',
  offline: 'offline',
  'rate-limited': 'rate-limited',
  failed: 'no feed',
};

/** The feed's state, always visible: a frozen chart must never look like a quiet market. */
export function FeedBadge({ status }: { status: FeedStatus | null }) {
  if (!status) return <span class="badge badge-manual">manual</span>;
  let detail = '';
  if (status.state === 'offline')
    detail = `${status.reason}; retrying in ${Math.ceil(status.retryInMs / 1000)} s`;
  else if (status.state === 'rate-limited')
    detail = `HTTP ${status.httpStatus}; waiting ${Math.ceil(status.retryInMs / 1000)} s`;
  else if (status.state === 'stale') detail = `no update for ${Math.round(status.silentMs / 1000)} s`;
  else if (status.state === 'failed') detail = status.reason;
  return (
    <span class={`badge badge-${status.state}`} title={detail} data-feed-state={status.state} role="status">
      {TEXT[status.state]}
    </span>
  );
}
