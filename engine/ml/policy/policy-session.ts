import type { AdaptiveSessionOptions } from '../adaptive-options.js';

/**
 * The learned exit policy's and the regimes' side of the adaptive worker
 * (engine/adaptive-worker.ts): the action for the open trade and the regime of each bar.
 * Issue #20 gives it its methods.
 */
export class PolicySession {
  constructor(protected readonly options: AdaptiveSessionOptions = {}) {}
}
