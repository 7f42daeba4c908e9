// The widget's public surface. Importing it has no side effects: call defineExitPlanElement()
// for <exit-plan>, or mount() for the ESM API (the extension's panel does the latter).
export { mount, mountInto, setDefaultWorkerUrl } from './mount.js';
export { defineExitPlanElement, type ExitPlanElementApi } from './element.js';
export { allowEngineUrls, setWidgetScriptUrl } from './engine-origin.js';
export { optionsFromElement } from './attributes.js';
export { BinanceKlineFeed } from './feeds/binance-feed.js';
export { SimulatedFeed, formingSteps } from './feeds/simulated-feed.js';
export { browserFeedEnvironment } from './feeds/browser-environment.js';
export type {
  Feed,
  FeedOptions,
  FeedSink,
  FeedStatus,
  BinanceFeedOptions,
  SimulatedFeedOptions,
} from './feeds/feed-types.js';
export { startEngine, type EngineClient, type EngineApi } from './engine-client.js';
export { WidgetError } from './errors.js';
export {
  setDefaultAdaptiveWorkerUrl,
  startAdaptiveWorker,
  type AdaptiveClient,
} from './adaptive/adaptive-client.js';
export type { AddonFactory, AddonHost, WidgetAddon } from './addons/addon.js';
export type {
  DrawnState,
  EngineMode,
  IndicatorOptions,
  ThemeName,
  WidgetHandle,
  WidgetMode,
  WidgetOptions,
} from './types.js';
export { BOOK_ADDON_ID, BookAddon, bookAddon, type BookSnapshot } from './book/book-addon.js';
export type { BookOptions, BookShieldEvent, BookView } from './book/book-state.js';
export {
  DEFAULT_THRESHOLD as REVERSAL_THRESHOLD,
  REVERSAL_ADDON_ID,
  ReversalAddon,
  reversalAddon,
  type ReversalOptions,
  type ReversalView,
} from './reversal/reversal-addon.js';
export {
  POLICY_ADDON_ID,
  PolicyAddon,
  policyAddon,
  type PolicyOptions,
  type PolicyStatus,
  type PolicyWidgetState,
} from './policy/policy-addon.js';
export { REGIME_LEGEND } from './policy/regime-band.js';
