/**
 * Bad order-book input: names the file, the 1-based row as a person counts it (header included,
 * 0 for the file as a whole), the column and the fix. Survives a comlink boundary as
 * `name` + `message`, so the message carries everything.
 */
export class BookError extends Error {
  override readonly name = 'BookError';
  constructor(
    /** 'message', 'orderbook', or '' when both files (or an option) are at fault. */
    readonly file: string,
    readonly row: number,
    /** The column at fault ('Time', 'BestBid', ...) or '' for the whole row. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
