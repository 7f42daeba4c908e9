/** The widget's own message box: what is wrong and what to change. Text nodes only, never HTML. */
export function ErrorBox({ title, detail }: { title: string; detail: string }) {
  return (
    <div class="ep-error" role="alert">
      <strong>{title}</strong>
      <p>{detail}</p>
    </div>
  );
}
