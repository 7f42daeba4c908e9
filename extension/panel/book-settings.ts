/**
 * The book panel's settings in the extension (widget/book/book-state.ts BookOptions). A live
 * Binance touch refreshes many times a second, so 5 s without an update is a stalled stream, not
 * a quiet market. The kill-switch asks the drop to last 10 s: a level-1 touch flickers
 * (docs/order-book.md). Kept apart so the extension's book test replays the same shields in Node.
 *
 * The top-N imbalance sums 10 levels a side, from Binance's `depth10@100ms` partial book. Why 10
 * and not 5: on a liquid Binance pair the first five levels are a handful of ticks (BTCUSDT's
 * tick is 0.1 on a price near 100,000), quoted and pulled by market makers many times a second,
 * so top 5 flickers almost as much as level 1; what a trader reads the second gauge for is the
 * size resting just behind the touch, the queue a market exit or a push through the touch would
 * meet next. Not 20: levels that far out are where size is shown and pulled without intent to
 * trade, and the 20-level stream is twice the bytes for that. The shields still read level 1
 * (their tested rules); the top-N figure is shown beside it.
 */
export const PANEL_BOOK = {
  imbalance: 'imbalance0.6x20',
  liquidity: 'liquidity70%@60s,for10s',
  staleSeconds: 5,
  topLevels: 10,
} as const;

/** The Binance partial-book stream that carries PANEL_BOOK.topLevels levels a side. */
export const PANEL_DEPTH_STREAM = 'depth10@100ms' as const;
