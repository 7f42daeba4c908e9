/**
 * The lab journal view's CSS (appended to the lab's in its shadow root): the shared journal
 * report's class names (widget/journal) dressed in the widget's theme variables.
 */
export const JOURNAL_LAB_CSS = `
.lab-journal { margin-top: 12px; }
.lab-journal > summary { cursor: pointer; display: list-item; }
.lab-journal[open] > summary { margin-bottom: 10px; }
.jl-inputs { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
.lab-journal label { display: flex; flex-direction: column; gap: 2px; font-size: 11px; color: var(--ep-muted); }
.lab-journal input[type="text"], .lab-journal input[type="number"], .lab-journal select {
  font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 4px 6px; border: 1px solid var(--ep-border);
  border-radius: 5px; background: var(--ep-bg); color: var(--ep-text); }
.lab-journal input[type="number"] { width: 6em; }
.lab-journal input[type="file"] { font-size: 12px; color: var(--ep-text); max-width: 100%; }
.lab-journal button { font: inherit; font-size: 12px; padding: 4px 10px; border-radius: 5px; cursor: pointer;
  border: 1px solid var(--ep-border); background: var(--ep-bg); color: var(--ep-text); }
.jl-report { display: flex; flex-direction: column; align-items: flex-start; gap: 10px; margin-top: 10px; min-width: 0; }
.lab-journal h2 { font-size: 13px; margin: 6px 0 0; }
.lab-journal .stats { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0; font-variant-numeric: tabular-nums; }
.lab-journal .filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; }
.lab-journal .filters label span { display: flex; align-items: center; gap: 4px; color: var(--ep-text); font-size: 12px; }
.jl-report > *, .lab-journal .trade-detail > *, .lab-journal .audit > * { max-width: 100%; }
.lab-journal .pair { display: flex; flex-wrap: wrap; gap: 14px; align-items: start; width: 100%; }
.lab-journal .pair > * { min-width: 0; max-width: 100%; }
.lab-journal figure { margin: 0; flex: 0 1 520px; }
.lab-journal figcaption { font-size: 12px; color: var(--ep-muted); margin-bottom: 4px; }
.lab-journal .scroll { overflow-x: auto; max-width: 100%; }
.lab-journal .scroll.short { max-height: 320px; overflow-y: auto; }
.lab-journal table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
.lab-journal th, .lab-journal td { padding: 3px 7px; border-bottom: 1px solid var(--ep-grid); text-align: right; white-space: nowrap; }
.lab-journal th { color: var(--ep-muted); font-weight: 500; position: sticky; top: 0; background: var(--ep-bg); }
.lab-journal th:first-child, .lab-journal td:first-child { text-align: left; }
.lab-journal tr[data-trade] { cursor: pointer; }
.lab-journal tr.picked { background: color-mix(in srgb, var(--ep-entry) 14%, transparent); }
.lab-journal .left { color: var(--ep-exhaustion); }
.lab-journal .muted { color: var(--ep-muted); }
.lab-journal .rules { margin: 0; padding-left: 18px; font-size: 12px; }
.lab-journal .trade-detail, .lab-journal .audit { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; }
.lab-journal .problems { border: 1px solid var(--ep-stop); border-radius: 6px; padding: 6px 10px; margin-top: 10px; }
.lab-journal .problems li { font-variant-numeric: tabular-nums; }
.lab-journal .equity { display: block; width: 100%; max-width: 520px; height: auto; }
.lab-journal .equity line.zero { stroke: var(--ep-grid); }
.lab-journal .equity .actual { stroke: var(--ep-entry); fill: none; stroke-width: 2; }
.lab-journal .equity .plan { stroke: var(--ep-muted); fill: none; stroke-width: 1.5; stroke-dasharray: 4 3; }
`;
