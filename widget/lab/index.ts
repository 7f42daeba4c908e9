// The backtest lab view. mountLab() renders it into any element (inside a shadow root, so the
// host page's CSS cannot break it); the widget's public index re-exports it.
export { mountLab, type LabHandle, type LabOptions } from './mount-lab.js';
export type { LabStatus } from './LabApp.js';
