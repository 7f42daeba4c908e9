/**
 * Bad backtest input: names the offending field (and the row of a trade list when there is
 * one) and says how to fix it.
 */
export class BacktestError extends Error {
  override readonly name = 'BacktestError';
  constructor(
    /** The input at fault: 'entries', 'costs', 'sizing', 'policies', 'stress', 'time', 'side', 'price', ... */
    readonly field: string,
    message: string,
    /** 1-based row of a trade list as a person counts it (header included), when there is one. */
    readonly row: number | null = null,
  ) {
    super(message);
  }
}

/** Thrown when a run's cancel flag is raised; the partial result is discarded. */
export class BacktestCancelled extends Error {
  override readonly name = 'BacktestCancelled';
  constructor() {
    super('backtest cancelled');
  }
}
