/** The policy panel's rules, appended to the widget's one scoped sheet (widget/styles.ts). */
export const POLICY_CSS = `
.ep-policy { margin-top: 8px; border: 1px solid var(--ep-border); border-radius: 6px; padding: 6px 8px; font-size: 12px; display: flex; flex-direction: column; gap: 5px; }
.ep-policy h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--ep-muted); margin: 0; font-weight: 600; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.ep-policy h3 .ep-badge { text-transform: none; letter-spacing: normal; font-weight: 500; }
.ep-policy.folded h3 { flex-wrap: nowrap; white-space: nowrap; gap: 5px; }
.ep-policy h3 > button:last-child { margin-left: auto; }
.ep-policy h3 > span { text-transform: none; letter-spacing: normal; }
.ep-policy h3 .why { font-weight: 400; font-size: 11px; flex: 1 1 0; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.ep-policy .k { color: var(--ep-muted); font-size: 11px; display: block; }
.ep-policy .why { color: var(--ep-muted); overflow-wrap: anywhere; }
.ep-policy-regime { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
.ep-policy-regime .k { flex-basis: 100%; }
.ep-regime-chip { font-weight: 600; padding: 0 7px; border-radius: 999px; color: #fff; background: var(--ep-muted); }
.ep-regime-chip.r-trending { background: #2e9d5b; } .ep-regime-chip.r-resistance { background: #b47b0c; }
.ep-regime-chip.r-shift { background: #d9473f; } .ep-regime-chip.r-quiet { background: #66758c; }
.ep-regime-legend { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 12px; color: var(--ep-muted); font-size: 11px; }
.ep-regime-legend i { display: inline-block; width: 14px; height: 6px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
.ep-policy-job { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.ep-policy-job progress { flex: 1 1 120px; }
.ep-policy-action .v { font-weight: 600; font-variant-numeric: tabular-nums; }
.ep-policy-action .v .k { font-weight: 400; }
.ep-policy-action .v.muted { color: var(--ep-muted); font-weight: 400; }
.ep-action { padding: 0 7px; border-radius: 4px; border: 1px solid var(--ep-border); }
.ep-action.a-sell25 { border-color: #d99a1e; } .ep-action.a-liquidate { color: #fff; background: var(--ep-down); border-color: var(--ep-down); }
.ep-action.a-hold { border-color: var(--ep-up); color: var(--ep-up); }
`;
