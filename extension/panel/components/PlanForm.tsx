import type { PlanField, PlanText } from '../../../engine/index.js';
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
        {PLAN_FIELDS.slice(0, 3).map((f) => (
          <Field key={f.key} field={f} text={text} error={error} set={set} />
        ))}
      </div>
      {PLAN_FIELDS.slice(3).map((f) => (
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
  field: PlanField;
  text: PlanText;
  error: { field: string } | null;
  set(key: keyof PlanText, value: string): void;
}) {
  const value = text[field.key];
  const invalid = error?.field === field.key;
  if (field.choices) {
    return (
      <label class={`${field.key}${invalid ? ' invalid' : ''}`}>
        <span>{field.label}</span>
        <select
          name={field.key}
          value={value === undefined ? field.choices[0] : String(value)}
          title={field.hint}
          onChange={(e) => set(field.key, (e.target as HTMLSelectElement).value)}
        >
          {field.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label class={`field field-${field.key}${invalid ? ' invalid' : ''}`}>
      <span>{field.label}</span>
      <input
        name={field.key}
        value={value === undefined ? '' : String(value)}
        placeholder={field.placeholder}
        title={field.hint}
        spellcheck={false}
        autocomplete="off"
        aria-invalid={invalid}
        onInput={(e) => set(field.key, (e.target as HTMLInputElement).value)}
      />
    </label>
  );
}
