import type { FeedStatus } from './types.js';

/** The one sentence every surface shows beside the badge, so the widget and the panel say the same thing. */
export function describeFeedStatus(status: FeedStatus): string {
  switch (status.state) {
    case 'connecting':
      return status.detail ?? 'connecting';
    case 'live':
      return 'live';
    case 'stale':
      return `no data for ${Math.round(status.silentMs / 1000)} s`;
    case 'offline':
      return `${status.reason}; retrying in ${Math.ceil(status.retryInMs / 1000)} s`;
    case 'rate-limited':
      return `HTTP ${status.httpStatus}; waiting ${Math.ceil(status.retryInMs / 1000)} s`;
    case 'failed':
      return status.reason;
  }
}
