import type { PendingJournal } from './journal-file.js';

interface Props {
  pending: Pick<PendingJournal, 'name' | 'problems' | 'warnings'>;
  /** Take the readable rows in (the trader confirmed), or close a warnings-only note. */
  onConfirm(): void;
  onCancel(): void;
  /**
   * The import writes to a store (the extension's journal): nothing is written before the
   * trader confirms, even a clean file, and `kept` says what the store keeps as it is.
   */
  store?: { kept: string };
  /** Prefix of the test ids (`<id>-preview`, `<id>-confirm`): two previews may share a page. */
  testId?: string;
}

/**
 * A read file's problems, each by row and field, before anything is taken in. With problems,
 * nothing is imported until the trader confirms; with warnings only, the file is in already
 * and the list is a note to read (unless it goes to a store, which always waits for a confirm).
 */
export function ImportPreview({ pending, onConfirm, onCancel, store, testId = 'import' }: Props) {
  const bad = pending.problems.length > 0;
  return (
    <section class="problems" data-testid={`${testId}-preview`}>
      <h2>
        {pending.name}: {pending.problems.length} row(s) cannot be read
        {pending.warnings.length > 0 ? `, ${pending.warnings.length} warning(s)` : ''}
      </h2>
      <p class="muted">
        {store
          ? `Nothing is written until you confirm.${store.kept}`
          : bad
            ? 'Nothing is imported until you confirm.'
            : 'Imported; worth a look:'}
      </p>
      <ul>
        {[...pending.problems, ...pending.warnings].map((p) => (
          <li key={`${p.row}-${p.field}-${p.message}`} data-row={p.row} data-field={p.field}>
            row {p.row}, {p.field}: {p.message}
          </li>
        ))}
      </ul>
      {bad || store ? (
        <>
          <button type="button" data-testid={`${testId}-confirm`} onClick={onConfirm}>
            {bad ? 'Import the readable rows' : 'Import'}
          </button>{' '}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={onCancel}>
          OK
        </button>
      )}
    </section>
  );
}
