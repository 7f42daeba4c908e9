import type { PlanText } from '../../../engine/index.js';
import { PLAN_FIELDS } from '../plan-fields.js';

export interface PlanFormProps {
  text: PlanText;
  saved: boolean;
  dirty: boolean;
  error: { field: string; message: string } | null;
  onChange(text: PlanText): void;
  onApply(): void;
  onSave(): void;
  onDelete(): void;
  onPine(): void;
}

/** The plan in the engine's compact text form; the engine's PlanError names the field to fix. */
export function PlanForm({
  text,
  saved,
  dirty,
  error,
  onChange,
  onApply,
  onSave,
  onDelete,
  onPine,
}: PlanFormProps) {
  const set = (key: keyof PlanText, value: string): void => onChange({ ...text, [key]: value });
  return (
    <form
      class="plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <div class="row">
        <label class="side">
          <span>Side</span>
          <select
            name="side"
            value={String(text.side)}
            onChange={(e) => set('side', (e.target as HTMLSelectElement).value)}
          >
            <option value="long">long</option>
            <option value="short">short</option>
          </select>
        </label>
        {PLAN_FIELDS.slice(0, 2).map((f) => (
          <Field key={f.key} field={f} text={text} error={error} set={set} />
        ))}
      </div>
      {PLAN_FIELDS.slice(2).map((f) => (
        <Field key={f.key} field={f} text={text} error={error} set={set} />
      ))}
      {error && (
        <p class="form-error" role="alert" data-field={error.field}>
          {error.message}
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          onClick={onApply}
          disabled={!dirty}
          title="Redraw with these values without saving"
        >
          Preview
        </button>
        <button type="submit" class="primary" name="save">
          {saved ? 'Save changes' : 'Save plan'}
        </button>
        <button
          type="button"
          onClick={onPine}
          title="Copy a Pine Script v6 indicator that draws these levels"
        >
          Pine
        </button>
        {saved && (
          <button type="button" class="danger" onClick={onDelete} name="delete">
            Delete
          </button>
        )}
      </div>
    </form>
  );
}

function Field({
  field,
  text,
  error,
  set,
}: {
  field: (typeof PLAN_FIELDS)[number];
  text: PlanText;
  error: { field: string } | null;
  set(key: keyof PlanText, value: string): void;
}) {
  const value = text[field.key];
  return (
    <label class={`field field-${field.key}${error?.field === field.key ? ' invalid' : ''}`}>
      <span>{field.label}</span>
      <input
        name={field.key}
        value={value === undefined ? '' : String(value)}
        placeholder={field.placeholder}
        spellcheck={false}
        autocomplete="off"
        aria-invalid={error?.field === field.key}
        onInput={(e) => set(field.key, (e.target as HTMLInputElement).value)}
      />
    </label>
  );
}
