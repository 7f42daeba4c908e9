import { useState } from 'preact/hooks';
import {
  readFillDraft,
  type FillDraft,
  type FillFieldError,
  type JournalLeg,
} from '../journal-controller.js';

interface Props {
  legs: JournalLeg[];
  draft: FillDraft;
  /** "Filled now": the leg is the one clicked; a typed fill picks it here. */
  pickLeg: boolean;
  onConfirm(fill: { leg: JournalLeg; time: number; price: number; size: number; fee: number }): void;
  onCancel(): void;
}

/** One fill to confirm: everything editable, nothing written until Confirm. */
export function JournalFillForm({ legs, draft, pickLeg, onConfirm, onCancel }: Props) {
  const [d, setD] = useState(draft);
  const [error, setError] = useState<FillFieldError | null>(null);
  const leg = legs.find((l) => l.id === d.leg) ?? legs[0];
  const set = (field: keyof FillDraft) => (e: Event) =>
    setD({ ...d, [field]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const submit = (e: Event): void => {
    e.preventDefault();
    const read = readFillDraft(d);
    if ('field' in read) return setError(read);
    setError(null);
    onConfirm({ leg, ...read });
  };
  const input = (field: keyof FillDraft, label: string, mode: 'text' | 'decimal') => (
    <label>
      {label}
      <input
        name={`fill-${field}`}
        inputMode={mode}
        value={d[field]}
        aria-invalid={error?.field === field}
        onInput={set(field)}
      />
    </label>
  );
  return (
    <form class="journal-fill" data-testid="fill-form" onSubmit={submit}>
      <p class="journal-fill-title">
        {leg.side === 'buy' ? 'Buy' : 'Sell'} · {leg.label}
        {leg.planned !== null ? ` (plan ${leg.planned})` : ''}
      </p>
      {pickLeg && (
        <label>
          Leg
          <select name="fill-leg" value={d.leg} onChange={set('leg')}>
            {legs.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {input('time', 'Time (UTC)', 'text')}
      {input('price', 'Price', 'decimal')}
      {input('size', 'Size', 'decimal')}
      {input('fee', 'Fee', 'decimal')}
      {error && (
        <p class="field-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="journal-fill-actions">
        <button type="submit" class="primary">
          Confirm fill
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
