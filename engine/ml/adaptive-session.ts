import type { AdaptiveSessionOptions } from './adaptive-options.js';
import { PolicySession } from './policy/policy-session.js';
import { ReversalSession } from './reversal-session.js';

export type { AdaptiveSessionOptions } from './adaptive-options.js';

/**
 * Everything adaptive a chart runs off its page's thread, in one worker that loads only when a
 * widget asks for a model. Each model is a session of its own that comlink reaches as
 * `remote.reversal.…`; the learned policy (issue #20) joins as `policy` beside it.
 */
export class AdaptiveSession {
  readonly reversal: ReversalSession;
  readonly policy: PolicySession;

  constructor(options: AdaptiveSessionOptions = {}) {
    this.reversal = new ReversalSession(options);
    this.policy = new PolicySession(options);
  }
}
