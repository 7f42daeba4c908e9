import { useState } from 'preact/hooks';
import { parseTime, PlanError } from '../../../engine/index.js';
import type { JournalLeg } from '../journal-controller.js';

/** What the form starts from: the leg, and the time, price, size and fee to confirm or change. */
export interface FillDraft {
  leg: string;
  time: string;
  price: string;
  size: string;
  fee: string;
}

interface Props {
  legs: JournalLeg[];
  draft: FillDraft;
  /** "Filled now": the leg is the one clicked; a typed fill picks it here. */
  pickLeg: boolean;
  onConfirm(fill: { leg: JournalLeg; time: number; price: number; size: number; fee: number }): void;
  onCancel(): void;
}

type FieldError = { field: keyof FillDraft; message: string };

/** Reads the form: each bad field is named with what to type instead. */
function readDraft(d: FillDraft): { time: number; price: number; size: number; fee: number } | FieldError {
  let time: number;
  try {
    time = parseTime('at', d.time.trim());
  } catch (e) {
    const message = e instanceof PlanError ? e.message.replace(/^at: /, '') : String(e);
    return { field: 'time', message: `time: ${message}` };
  }
  const price = Number(d.price);
  if (d.price.trim() === '' || !Number.isFinite(price) || price <= 0)
    return { field: 'price', message: `price: "${d.price}" is not a price; give a number above 0` };
  const size = Number(d.size);
  if (d.size.trim() === '' || !Number.isFinite(size) || size <= 0)
    return { field: 'size', message: `size: "${d.size}" is not a size; give the units filled, above 0` };
  const fee = d.fee.trim() === '' ? 0 : Number(d.fee);
  if (!Number.isFinite(fee) || fee < 0)
    return { field: 'fee', message: `fee: "${d.fee}" is not a fee; give the commission paid, 0 or more` };
  return { time, price, size, fee };
}

/** One fill to confirm: everything editable, nothing written until Confirm. */
export function JournalFillForm({ legs, draft, pickLeg, onConfirm, onCancel }: Props) {
  const [d, setD] = useState(draft);
  const [error, setError] = useState<FieldError | null>(null);
  const leg = legs.find((l) => l.id === d.leg) ?? legs[0];
  const set = (field: keyof FillDraft) => (e: Event) =>
    setD({ ...d, [field]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const submit = (e: Event): void => {
    e.preventDefault();
    const read = readDraft(d);
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

/** A UNIX time as the form shows it (ISO, UTC, to the second). */
export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 19) + 'Z';
