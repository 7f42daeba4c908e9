import { ACTION_NAMES, HOLD } from './director.js';
import { bestAction, qValue, type QTable } from './fqi.js';
import {
  ATR_BINS,
  BARS_BINS,
  BINS,
  coarseCell,
  FINE_PER_COARSE,
  REVERSAL_BINS,
  REGIME_BINS,
  SHARE_BINS,
  STOP_BINS,
  UR_BINS,
} from './state.js';

export interface HeatCell {
  action: (typeof ACTION_NAMES)[number];
  /** max Q - Q(hold) in R (0 where Hold is best); NaN where nothing was learned. */
  advantage: number;
  samples: number;
}

/**
 * The learned action over unrealised R (rows, highest first) x bars held (columns): at full
 * size, over all volatility (the coarse table the policy backs off to), or in one ATR-percentile
 * third (`atr` 0..2: the fine cells of that third pooled over regime, stop distance and
 * reversal bin, each action's Q the sample-weighted mean).
 */
export interface HeatMap {
  rows: string[];
  columns: string[];
  /** Which volatility: 'all', or the ATR-percentile third ('low', 'mid', 'high'). */
  slice: HeatSlice;
  cells: HeatCell[][];
}

export type HeatSlice = 'all' | 'low' | 'mid' | 'high';
export const HEAT_SLICES: readonly HeatSlice[] = ['all', 'low', 'mid', 'high'];

const labels = (edges: readonly number[], unit: string): string[] =>
  Array.from({ length: edges.length + 1 }, (_, k) =>
    k === 0
      ? `<${edges[0]}${unit}`
      : k === edges.length
        ? `>=${edges[k - 1]}${unit}`
        : `${edges[k - 1]}..${edges[k]}${unit}`,
  );

/** A table with one coarse-sized layer: the fine cells of one ATR third pooled per coarse cell. */
function atrSlice(table: QTable, atr: number): QTable {
  const n = table.coarseQ.length;
  const q = new Float64Array(n);
  const count = new Int32Array(n);
  const perAtr = REGIME_BINS * STOP_BINS * REVERSAL_BINS;
  for (let c = 0; c < n / 3; c++) {
    const base = c * FINE_PER_COARSE + atr * perAtr;
    for (let a = 0; a < 3; a++) {
      let sum = 0;
      let k = 0;
      for (let f = base; f < base + perAtr; f++) {
        const m = table.fineN[f * 3 + a];
        sum += table.fineQ[f * 3 + a] * m;
        k += m;
      }
      q[c * 3 + a] = k > 0 ? sum / k : 0;
      count[c * 3 + a] = k;
    }
  }
  return { ...table, coarseQ: q, coarseN: count };
}

export function heatMap(table: QTable, slice: HeatSlice = 'all', shareBin = SHARE_BINS - 1): HeatMap {
  if (ATR_BINS !== 3) throw new Error('heatMap: the slices are ATR thirds');
  const t = slice === 'all' ? table : atrSlice(table, HEAT_SLICES.indexOf(slice) - 1);
  const cells: HeatCell[][] = [];
  // A coarse-only lookup: the fine index is out of range on purpose, so qValue backs off.
  const noFine = -1;
  for (let u = UR_BINS - 1; u >= 0; u--) {
    const row: HeatCell[] = [];
    for (let b = 0; b < BARS_BINS; b++) {
      const c = coarseCell(u, b, shareBin);
      const hold = qValue(t, noFine, c, HOLD);
      const action = bestAction(t, noFine, c);
      const best = qValue(t, noFine, c, action);
      const samples = t.coarseN[c * 3] + t.coarseN[c * 3 + 1] + t.coarseN[c * 3 + 2];
      row.push({ action: ACTION_NAMES[action], advantage: Number.isNaN(hold) ? NaN : best - hold, samples });
    }
    cells.push(row);
  }
  return {
    rows: labels(BINS.unrealisedR, 'R').reverse(),
    columns: labels(BINS.barsHeld, ' bars'),
    slice,
    cells,
  };
}
