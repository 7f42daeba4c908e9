/** The learned policy's heat maps (PolicyHeatMap.tsx), appended to the lab's sheet (mount-lab.tsx). */
export const HEAT_MAP_CSS = `
.lab-heatmaps { margin-top: 12px; }
.lab-heat-row { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(430px, 100%), 1fr)); gap: 12px; }
.lab-heat { margin: 0; min-width: 0; overflow-x: auto; }
.lab-heat figcaption { font-size: 12px; color: var(--ep-muted); margin-bottom: 4px; position: sticky; left: 0; }
.lab-heat table { border-collapse: separate; border-spacing: 2px; font-size: 11px; font-variant-numeric: tabular-nums; width: 100%; }
.lab-heat th { font-weight: 500; color: var(--ep-muted); white-space: nowrap; padding: 1px 4px; }
.lab-heat tbody th { text-align: right; }
.lab-heat th:first-child { position: sticky; left: 0; z-index: 1; background: var(--ep-bg); box-shadow: -2px 0 0 var(--ep-bg), 2px 0 0 var(--ep-bg); }
.lab-heat td { text-align: center; padding: 3px 2px; border-radius: 3px; color: #fff; background: var(--ep-grid); white-space: nowrap; }
.lab-heat td[data-action=""] { color: var(--ep-muted); }
.lab-heat-key { margin-right: 10px; white-space: nowrap; }
.lab-heat-key i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
`;
