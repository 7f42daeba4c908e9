// Printing helpers for the benchmarks: one aligned table per bench, ratios against a baseline.

export interface Row {
  name: string;
  ms: number;
  note?: string;
}

/** Prints rows with each one's time as a multiple of the first row's. */
export function printTable(title: string, rows: Row[], unit = 'ms'): void {
  const base = rows[0].ms;
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${title}`);
  for (const r of rows) {
    const ratio = r.ms / base;
    const shown = unit === 'ms' ? r.ms.toFixed(1) : r.ms.toFixed(0);
    console.log(
      `  ${r.name.padEnd(width)}  ${shown.padStart(9)} ${unit}  ${ratio.toFixed(1).padStart(7)}x${r.note ? `  ${r.note}` : ''}`,
    );
  }
}

/** Target check line: "PASS"/"MISS" with the measured figure. */
export function verdict(label: string, ok: boolean, detail: string): void {
  console.log(`  ${ok ? 'PASS' : 'MISS'}  ${label}: ${detail}`);
}
