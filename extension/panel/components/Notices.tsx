export interface Notice {
  id: string;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Messages for the trader (corrupt plan kept aside, storage full, feed problems); text only. */
export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss(id: string): void }) {
  if (!notices.length) return null;
  return (
    <ul class="notices" aria-live="polite">
      {notices.map((n) => (
        <li key={n.id} class={`notice notice-${n.level}`} data-notice={n.id}>
          <span>{n.text}</span>
          <button type="button" class="icon" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
