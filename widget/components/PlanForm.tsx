import { useEffect, useState } from 'preact/hooks';
import { PLAN_FIELDS, type PlanField, type PlanText } from '../../engine/index.js';
import type { WidgetController } from '../controller.js';

function asText(plan: PlanText): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(plan)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

/**
 * The keyboard way to do what dragging does: every field of the plan's text form (the engine's
 * PLAN_FIELDS, the same table the extension's form renders), applied with Enter or the button.
 */
export function PlanForm({
  controller,
  plan,
  error,
}: {
  controller: WidgetController;
  plan: PlanText;
  error: string | null;
}) {
  const [draft, setDraft] = useState<Record<string, string>>(() => asText(plan));
  // A drag or a live update of the plan refreshes the fields.
  useEffect(() => setDraft(asText(plan)), [plan]);
  const set = (key: string) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.target as HTMLInputElement | HTMLSelectElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    const next: PlanText = {
      ...plan,
      ...draft,
      side: draft.side ?? plan.side,
      entry: draft.entry ?? plan.entry,
      stop: draft.stop ?? plan.stop,
    };
    void controller.setPlan(next, true);
  };
  const input = (f: PlanField) =>
    f.choices ? (
      <select name={f.key} value={draft[f.key] ?? f.choices[0]} onChange={set(f.key)} title={f.hint}>
        {f.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    ) : (
      <input
        name={f.key}
        value={draft[f.key] ?? ''}
        placeholder={f.placeholder}
        title={f.hint}
        onInput={set(f.key)}
        spellcheck={false}
        autocomplete="off"
      />
    );
  return (
    <details class="ep-form">
      <summary>Edit the plan (or drag the entry, stop and targets on the chart)</summary>
      <form onSubmit={submit} aria-label="Exit plan">
        {PLAN_FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            {input(f)}
          </label>
        ))}
        <div class="actions">
          <button type="submit">Apply plan</button>
        </div>
        {error && (
          <p class="ep-form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}
