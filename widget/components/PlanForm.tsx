import { useEffect, useState } from 'preact/hooks';
import type { PlanText } from '../../engine/index.js';
import type { WidgetController } from '../controller.js';

const FIELDS: { key: keyof PlanText; label: string; hint: string }[] = [
  { key: 'entry', label: 'Entry', hint: 'price' },
  { key: 'stop', label: 'Stop', hint: '95 | 2% | atr14x1.5' },
  { key: 'ladder', label: 'Ladder', hint: '1R:25,2R:25,fib1.618:50' },
  { key: 'trail', label: 'Trail', hint: 'none | atr14x2.5 | chandelier22x3@1' },
  { key: 'breakeven', label: 'Breakeven after leg', hint: '1 | 1+fees' },
  { key: 'exhaustion', label: 'Exhaustion', hint: 'rsi14>70<30,bb20x2,take25' },
  { key: 'decay', label: 'Decay', hint: 'bars20,min0.5R' },
  { key: 'fees', label: 'Fees', hint: 'bps10,fill1' },
];

function asText(plan: PlanText): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(plan)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

/** The keyboard way to do what dragging does: every plan field, applied with Enter or the button. */
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
    setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value });
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
  return (
    <details class="ep-form">
      <summary>Edit the plan (or drag the entry, stop and targets on the chart)</summary>
      <form onSubmit={submit} aria-label="Exit plan">
        <label>
          Side
          <select name="side" value={draft.side} onChange={set('side')}>
            <option value="long">long</option>
            <option value="short">short</option>
          </select>
        </label>
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              name={f.key}
              value={draft[f.key] ?? ''}
              placeholder={f.hint}
              onInput={set(f.key)}
              spellcheck={false}
              autocomplete="off"
            />
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
