// The backtest lab in its own Web Worker (widget/lab/lab-runner.ts wraps it): a LabSession
// behind comlink, kept apart from the chart's engine worker, which then carries no lab code.
import { expose } from 'comlink';
import { LabSession } from './session.js';

// A macrotask between backtest slices lets a cancel message through.
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

expose(new LabSession({ pause }));
