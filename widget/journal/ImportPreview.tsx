import type { PendingJournal } from './journal-file.js';

interface Props {
  pending: PendingJournal;
  /** Take the readable rows in (the trader confirmed), or close a warnings-only note. */
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A read file's problems, each by row and field, before anything is taken in. With problems,
 * nothing is imported until the trader confirms; with warnings only, the file is in already
 * and the list is a note to read.
 */
export function ImportPreview({ pending, onConfirm, onCancel }: Props) {
  const bad = pending.problems.length > 0;
  return (
    <section class="problems" data-testid="import-preview">
      <h2>
        {pending.name}: {pending.problems.length} row(s) cannot be read
        {pending.warnings.length > 0 ? `, ${pending.warnings.length} warning(s)` : ''}
      </h2>
      <p class="muted">{bad ? 'Nothing is imported until you confirm.' : 'Imported; worth a look:'}</p>
      <ul>
        {[...pending.problems, ...pending.warnings].map((p) => (
          <li key={`${p.row}-${p.field}-${p.message}`} data-row={p.row} data-field={p.field}>
            row {p.row}, {p.field}: {p.message}
          </li>
        ))}
      </ul>
      {bad ? (
        <>
          <button type="button" data-testid="import-confirm" onClick={onConfirm}>
            Import the readable rows
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
