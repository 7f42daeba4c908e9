import type { OverlayLine } from '../../engine/index.js';
import { LEVEL_COLORS } from '../shared/level-colors.js';

/** A Pine string literal: double-quoted, backslashes and quotes escaped, one line, bounded length. */
export function pineString(text: string): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ').slice(0, 120);
  return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Prices in full precision (a rounded level would draw a line that differs from the panel's). */
function pineNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot export a non-finite price (${value})`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export interface PineExportInput {
  symbol: string;
  side: 'long' | 'short';
  /** One line describing the plan (engine describePlan). */
  description: string;
  lines: OverlayLine[];
  /** ISO time the levels were taken, stated in the script so an old export is recognisable. */
  asOf: string;
}

/**
 * A Pine Script v6 indicator that draws the plan's levels on TradingView: one hline per
 * level (kept when the chart scrolls or changes timeframe) and a label beside the last bar.
 * Trailing levels are frozen at their value when exported; the script says so.
 */
export function exportPine(input: PineExportInput): string {
  const lines = input.lines.filter((line) => !line.filled);
  if (!lines.length) throw new Error('The plan has no levels to export yet.');
  const out: string[] = [
    '//@version=6',
    `// exitplan: ${input.symbol} ${input.side}. ${input.description.replace(/[\r\n]+/g, ' ')}`,
    `// Levels as of ${input.asOf}; a trailing stop is frozen at that value. Re-export after it moves.`,
    `indicator(${pineString(`exitplan ${input.symbol} ${input.side}`)}, shorttitle = "exitplan", overlay = true, max_labels_count = ${lines.length + 1})`,
    'showLabels = input.bool(true, "Show labels")',
    '',
  ];
  lines.forEach((line, i) => {
    const color = LEVEL_COLORS[line.role];
    const style =
      line.role === 'target'
        ? 'hline.style_dashed'
        : line.role === 'trail'
          ? 'hline.style_dotted'
          : 'hline.style_solid';
    const width = line.role === 'entry' || line.role === 'stop' ? 2 : 1;
    out.push(
      `hline(${pineNumber(line.price)}, ${pineString(line.label)}, color = ${color}, linestyle = ${style}, linewidth = ${width})`,
    );
    out.push(
      `var label tag${i} = label.new(na, na, ${pineString(line.label)}, style = label.style_label_left, color = color.new(${color}, 85), textcolor = ${color}, size = size.small)`,
    );
  });
  out.push('', 'if barstate.islast and showLabels');
  lines.forEach((line, i) => out.push(`    label.set_xy(tag${i}, bar_index + 3, ${pineNumber(line.price)})`));
  return `${out.join('\n')}\n`;
}
