/** The lab's CSS, scoped to its shadow root; colours come from the widget's theme variables. */
export const LAB_CSS = `
:host { display: block; }
.ep { box-sizing: border-box; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ep-text); background: var(--ep-bg); border: 1px solid var(--ep-border); border-radius: 8px; padding: 12px; }
.ep *, .ep *::before, .ep *::after { box-sizing: border-box; }
.ep-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 10px; }
.ep-title { font-weight: 600; font-size: 15px; margin-right: auto; }
.ep-badge { font-size: 11px; padding: 1px 7px; border-radius: 999px; border: 1px solid var(--ep-border); color: var(--ep-muted); white-space: nowrap; }
.lab-form { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px 12px; align-items: end; }
.lab-form label { display: flex; flex-direction: column; gap: 2px; font-size: 11px; color: var(--ep-muted); }
.lab-form input, .lab-form textarea, .lab-form select { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 5px 7px;
  border: 1px solid var(--ep-border); border-radius: 5px; background: var(--ep-bg); color: var(--ep-text); }
.lab-policies { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 4px 14px; border: 1px solid var(--ep-border);
  border-radius: 6px; padding: 4px 10px 6px; margin: 0; }
.lab-policies legend { font-size: 11px; color: var(--ep-muted); padding: 0 4px; }
.lab-policies label { flex-direction: row; align-items: center; gap: 4px; font-size: 12px; color: var(--ep-text); }
.lab-custom { grid-column: 1 / -1; }
.lab-entries { display: flex; align-items: end; gap: 6px; }
.lab-entries > label:first-child { flex: 1; min-width: 0; }
.lab-entries button { font: inherit; font-size: 12px; padding: 5px 8px; border-radius: 5px; cursor: pointer;
  border: 1px solid var(--ep-border); background: var(--ep-bg); color: var(--ep-text); white-space: nowrap; }
.lab-file { position: relative; font-size: 12px !important; color: var(--ep-text) !important; padding: 5px 8px;
  border: 1px solid var(--ep-border); border-radius: 5px; cursor: pointer; white-space: nowrap; }
.lab-file input { position: absolute; inset: 0; opacity: 0; cursor: pointer; }
.lab-custom textarea { resize: vertical; }
.lab-actions { grid-column: 1 / -1; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 10px; }
.lab-actions button, .lab-replay-bar button { font: inherit; padding: 5px 14px; border-radius: 5px; cursor: pointer;
  border: 1px solid var(--ep-border); background: var(--ep-bg); color: var(--ep-text); }
.lab-actions button[data-role="run"] { background: var(--ep-entry); border-color: var(--ep-entry); color: #fff; font-weight: 600; }
.lab-actions button:disabled, .lab-replay-bar button:disabled { opacity: 0.45; cursor: default; }
.lab-progress { flex: 1 1 160px; min-width: 120px; height: 8px; border-radius: 4px; background: var(--ep-grid); overflow: hidden; border: 1px solid var(--ep-border); }
.lab-progress-fill { height: 100%; background: var(--ep-entry); transition: width 0.15s linear; }
.lab-status { min-width: 120px; font-size: 12px; color: var(--ep-muted); text-align: right; }
.lab-error { margin-top: 10px; padding: 8px 10px; border-radius: 6px; border: 1px solid var(--ep-stop); color: var(--ep-stop); white-space: pre-wrap; }
.lab-stale { margin: 12px 0 0; padding: 6px 10px; border-radius: 6px; border: 1px dashed var(--ep-muted); color: var(--ep-text); font-weight: 600; }
.lab-results[data-stale="true"] > :not(.lab-stale) { opacity: 0.4; filter: grayscale(0.7); }
.lab-results h3 { font-size: 13px; margin: 14px 0 6px; }
.lab-results { min-width: 0; }
.lab-scroll-hint { display: none; position: sticky; left: 0; margin: 4px 0 0; font-size: 11px; color: var(--ep-muted); }
.lab-table-wrap { overflow-x: auto; max-width: 100%; margin-top: 12px; -webkit-overflow-scrolling: touch; }
.lab-table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 12px; }
.lab-table th, .lab-table td { padding: 4px 6px; border-bottom: 1px solid var(--ep-grid); text-align: right; white-space: nowrap; }
.lab-table th { color: var(--ep-muted); font-weight: 500; border-bottom-color: var(--ep-border); }
.lab-table th:first-child, .lab-table td:first-child { text-align: left; position: sticky; left: 0; background: var(--ep-bg); }
.lab-table tbody tr { cursor: pointer; }
.lab-table tbody tr:hover, .lab-table tbody tr:hover td:first-child { background: var(--ep-grid); }
.lab-table tr.selected, .lab-table tr.selected td:first-child { background: var(--ep-grid); font-weight: 600; }
.ci { color: var(--ep-muted); font-weight: 400; font-size: 11px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.lab-note { color: var(--ep-muted); font-size: 12px; margin: 6px 0 0; }
.lab-chart { height: 260px; border: 1px solid var(--ep-border); border-radius: 6px; overflow: hidden; }
.lab-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; list-style: none; margin: 6px 0 0; padding: 0; font-size: 12px; font-variant-numeric: tabular-nums; }
.lab-legend li { white-space: nowrap; }
.lab-legend li.selected { font-weight: 600; }
.lab-legend-value { color: var(--ep-muted); }
.lab-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-top: 12px; }
.lab-pair figure { margin: 0; border: 1px solid var(--ep-border); border-radius: 6px; padding: 6px; }
.lab-pair figcaption { font-size: 12px; font-weight: 600; margin-bottom: 2px; }
.lab-svg { width: 100%; height: auto; display: block; }
.lab-tick { font-size: 9px; fill: var(--ep-muted); }
.lab-axis { font-size: 10px; fill: var(--ep-muted); }
.lab-empty { color: var(--ep-muted); }
.lab-replay-bar { display: flex; align-items: center; gap: 6px; margin-bottom: 6px; flex-wrap: wrap; }
.lab-replay-info { font-size: 12px; color: var(--ep-muted); margin-left: 6px; }
.lab-replay-fills { font-size: 12px; margin: 0 0 6px; }
@media (max-width: 640px) {
  .lab-form { grid-template-columns: 1fr; }
  .lab-pair { grid-template-columns: 1fr; }
  /* The progress bar takes a line of its own rather than shrinking to a dot beside the buttons. */
  .lab-progress { flex-basis: 100%; order: 3; }
  .lab-status { min-width: 0; text-align: left; }
  .lab-scroll-hint { display: block; }
}
`;
