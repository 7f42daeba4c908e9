/** The book panel's rules, appended to the widget's one scoped sheet (widget/styles.ts). */
export const BOOK_CSS = `
.ep-book { margin-top: 8px; border: 1px solid var(--ep-border); border-radius: 6px; padding: 6px 8px; font-size: 12px; }
.ep-book h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--ep-muted); margin: 0 0 4px; font-weight: 600; display: flex; gap: 8px; align-items: center; }
.ep-book h3 .ep-badge { text-transform: none; letter-spacing: normal; font-weight: 500; }
.ep-book-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 6px 14px; font-variant-numeric: tabular-nums; }
.ep-book-stat .k { color: var(--ep-muted); font-size: 11px; display: block; }
.ep-book-stat .v { font-weight: 600; }
.ep-gauge { position: relative; height: 10px; border-radius: 5px; background: var(--ep-grid); margin-top: 3px; overflow: hidden; }
.ep-gauge .fill { position: absolute; top: 0; bottom: 0; }
.ep-gauge .fill.bid { background: var(--ep-up); } .ep-gauge .fill.ask { background: var(--ep-down); }
.ep-gauge .mark { position: absolute; top: -2px; bottom: -2px; width: 1px; background: var(--ep-text); opacity: .55; }
.ep-gauge .mid { position: absolute; top: 0; bottom: 0; left: 50%; width: 1px; background: var(--ep-muted); }
.ep-shields { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-direction: column; gap: 3px; }
.ep-shields li { display: grid; grid-template-columns: 72px 64px 1fr; gap: 6px; align-items: baseline; }
.ep-shield-state { font-size: 10px; font-weight: 600; text-transform: uppercase; border-radius: 999px; padding: 0 6px; text-align: center; border: 1px solid var(--ep-border); color: var(--ep-muted); }
.ep-shield-state.armed { color: var(--ep-up); border-color: var(--ep-up); }
.ep-shield-state.fired { color: #fff; background: var(--ep-down); border-color: var(--ep-down); }
.ep-shields .why { color: var(--ep-muted); overflow-wrap: anywhere; }
.ep-book-alert { margin: 6px 0 0; padding: 4px 6px; border-left: 3px solid var(--ep-down); color: var(--ep-text); background: color-mix(in srgb, var(--ep-down) 10%, transparent); overflow-wrap: anywhere; }
.ep-book.stale .ep-book-grid { opacity: .45; }
.ep-book.folded h3 { margin: 0; flex-wrap: wrap; }
.ep-book-fold, .ep-policy-fold { all: inherit; cursor: pointer; }
.ep-book-line { display: inline-flex; flex-wrap: wrap; gap: 8px; text-transform: none; letter-spacing: normal; font-weight: 500; color: var(--ep-text); }
`;
