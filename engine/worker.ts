// The engine in a Web Worker: the one comlink expose(). The widget wraps it in
// widget/engine-client.ts; the same EngineSession runs on the main thread when a page's CSP
// forbids workers.
import { expose } from 'comlink';
import { EngineSession } from './index.js';

// A macrotask between backtest slices lets a cancel message through.
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

expose(new EngineSession({ pause }));
