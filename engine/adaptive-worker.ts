// The adaptive exits' Web Worker (exitplan-adaptive-worker.js): the reversal model and the
// learned policy behind comlink, loaded by a widget only when it shows them (widget/adaptive/
// adaptive-client.ts), so a plain plan never downloads the learners.
import { expose } from 'comlink';
import { AdaptiveSession } from './ml/adaptive-session.js';

// A macrotask between slices of a training run lets progress messages out.
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

expose(new AdaptiveSession({ pause }));
