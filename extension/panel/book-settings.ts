/**
 * The book panel's settings in the extension (widget/book/book-state.ts BookOptions). A live
 * Binance touch refreshes many times a second, so 5 s without an update is a stalled stream, not
 * a quiet market. The kill-switch asks the drop to last 10 s: a level-1 touch flickers
 * (docs/order-book.md). Kept apart so the extension's book test replays the same shields in Node.
 */
export const PANEL_BOOK = {
  imbalance: 'imbalance0.6x20',
  liquidity: 'liquidity70%@60s,for10s',
  staleSeconds: 5,
} as const;
