/** A payload that is not what the exchange documents; `field` says where it went wrong. */
export class FeedMessageError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'FeedMessageError';
  }
}

export function feedNumber(value: unknown, field: string): number {
  const n =
    typeof value === 'string' && value.trim() !== ''
      ? Number(value)
      : typeof value === 'number'
        ? value
        : NaN;
  if (!Number.isFinite(n))
    throw new FeedMessageError(`${field} is ${JSON.stringify(value)}, expected a number`, field);
  return n;
}
