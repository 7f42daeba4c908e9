// dist/widget/exitplan-engine.js: the engine as a plain script, for pages whose CSP forbids
// workers. The widget loads it only then, so the one-file widget does not carry the engine's
// tracker twice (it is already in exitplan-engine-worker.js). It is the worker's ChartSession:
// the widget sends parsed plans.
import { ChartSession } from '../engine/index.js';

window.ExitPlanEngine = { ChartSession };
