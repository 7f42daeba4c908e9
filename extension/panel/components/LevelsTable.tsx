import { formatPrice, type PlanLevels } from '../../../engine/index.js';
import { copyText } from '../clipboard.js';

export interface LevelRow {
  id: string;
  name: string;
  price: number;
  detail: string;
  role: 'entry' | 'stop' | 'trail' | 'target' | 'breakeven';
  filled?: boolean;
}

/** Rows for the table from the engine's levels (and the stop in force, when live). */
export function levelRows(
  levels: PlanLevels,
  stopNow: number | null,
  filledIds: Set<string> = new Set(),
): LevelRow[] {
  const rows: LevelRow[] = [
    { id: 'entry', name: 'Entry', price: levels.entry, detail: levels.side, role: 'entry' },
    {
      id: 'stop',
      name: 'Stop',
      price: levels.initialStop,
      detail: `risk ${formatPrice(levels.riskPerUnit)}`,
      role: 'stop',
    },
  ];
  if (stopNow !== null && Math.abs(stopNow - levels.initialStop) > 1e-12) {
    rows.push({ id: 'trail', name: 'Stop now', price: stopNow, detail: 'trailing', role: 'trail' });
  }
  for (const leg of levels.legs) {
    rows.push({
      id: leg.id,
      name: leg.id,
      price: leg.price,
      detail: `${leg.share}% · ${leg.r.toFixed(2)}R`,
      role: 'target',
      filled: filledIds.has(leg.id),
    });
  }
  return rows;
}

export function LevelsTable({ rows, footer }: { rows: LevelRow[]; footer?: string }) {
  return (
    <table class="levels" data-testid="levels">
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            data-level={row.id}
            data-price={String(row.price)}
            class={`role-${row.role}${row.filled ? ' filled' : ''}`}
          >
            <th scope="row">{row.name}</th>
            <td class="price">{formatPrice(row.price)}</td>
            <td class="detail">{row.filled ? 'filled' : row.detail}</td>
            <td>
              <button
                type="button"
                class="copy"
                title={`Copy ${row.name} price`}
                onClick={() => void copyText(String(row.price))}
              >
                copy
              </button>
            </td>
          </tr>
        ))}
      </tbody>
      {footer && (
        <tfoot>
          <tr>
            <td colSpan={4} data-testid="plan-status">
              {footer}
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
