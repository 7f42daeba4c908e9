/** What the adaptive worker's sessions are given by the thread they run on. */
export interface AdaptiveSessionOptions {
  /**
   * Awaited between slices of a long job (folds of a training run), so a progress message
   * gets out between them. A worker passes a macrotask; tests pass nothing.
   */
  pause?: () => Promise<void>;
}
