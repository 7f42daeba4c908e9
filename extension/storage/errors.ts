/** The browser refused a write because the extension's storage quota is used up. Nothing was changed. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(readonly key: string) {
    super(`Storage is full: "${key}" was not saved. Delete old plans in the popup, then save again.`);
  }
}

/** Chrome says "QUOTA_BYTES quota exceeded"; Firefox throws a QuotaExceededError. */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof error === 'object' && error !== null)) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message));
}
