import type { AdaptiveSessionOptions } from './adaptive-options.js';

/**
 * The reversal model's side of the adaptive worker (engine/adaptive-worker.ts): training on
 * the bars a chart holds, with progress, and scoring them. Issue #17 gives it its methods.
 */
export class ReversalSession {
  constructor(protected readonly options: AdaptiveSessionOptions = {}) {}
}
