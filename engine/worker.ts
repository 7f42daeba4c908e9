// The chart's engine in a Web Worker: the one comlink expose() for it. The widget wraps it in
// widget/engine-client.ts; the same ChartSession runs on the main thread when a page's CSP
// forbids workers. The widget parses plan text on the page, and the backtest lab has its own
// worker (engine/lab-worker.ts), so this one carries neither.
import { expose } from 'comlink';
import { ChartSession } from './session.js';

expose(new ChartSession());
