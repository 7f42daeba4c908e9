/** The reversal panel's rules, appended to the widget's one scoped sheet (widget/styles.ts). */
export const REVERSAL_CSS = `
.ep-rev { margin-top: 8px; border: 1px solid var(--ep-border); border-radius: 6px; padding: 6px 8px; font-size: 12px; display: flex; flex-direction: column; gap: 4px; }
.ep-rev-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; min-height: 24px; }
.ep-rev h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--ep-muted); margin: 0; font-weight: 600; }
.ep-rev-head button { margin-left: auto; padding: 1px 10px; }
.ep-rev .k { color: var(--ep-muted); }
.ep-rev-p { font-size: 18px; line-height: 1; font-weight: 700; font-variant-numeric: tabular-nums; }
.ep-rev-p.above { color: var(--ep-down); }
.ep-rev-line { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
.ep-rev-train { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.ep-rev-train progress { flex: 1 1 120px; height: 10px; accent-color: var(--ep-entry); }
`;
