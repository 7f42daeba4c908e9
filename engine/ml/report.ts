import {
  aucBlockInterval,
  aucWithinGroups,
  reliability,
  scores,
  type ReliabilityBin,
  type Scores,
} from './metrics.js';
import type { ReversalRun } from './walk-forward.js';

/** The contenders of the report: the trees and the three baselines. */
export const CONTENDERS = ['model', 'logistic', 'baseRate', 'exhaustion'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface FoldReport {
  /** Bars [from, to) of the fold (0-based indexes) and their times. */
  from: number;
  to: number;
  firstTime: number;
  lastTime: number;
  scores: Record<Contender, Scores>;
}

export interface ValidationReport {
  overall: Record<Contender, Scores>;
  folds: FoldReport[];
  /**
   * 95 % interval of the trees' overall AUC, a moving-block bootstrap with blocks of `horizon`
   * scored bars (labels of overlapping windows are not independent); absent in older files.
   */
  aucInterval?: [number, number];
  /**
   * The trees' AUC over pairs of bars scored by the same walk-forward model (aucWithinGroups):
   * their ranking alone, without the models' levels against each other; absent in older files.
   */
  aucWithinModels?: number;
  /** Calibration of the trees' out-of-sample probabilities. */
  reliability: ReliabilityBin[];
  /** A plain sentence: does the model beat the baselines out of sample? */
  verdict: string;
}

/**
 * Scores every bar that has an out-of-sample prediction and a decided label, overall and in
 * `settings.folds` chronological groups of equal length.
 */
export function validationReport(run: ReversalRun, times: ArrayLike<number>): ValidationReport {
  const { p, labels } = run;
  const scored: number[] = [];
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i]) && labels.end[i] >= 0) scored.push(i);
  const columns: Record<Contender, Float64Array> = {
    model: run.p,
    logistic: run.logistic,
    baseRate: run.baseRate,
    exhaustion: run.exhaustion,
  };
  const score = (idx: number[]): Record<Contender, Scores> => {
    const y = idx.map((i) => labels.label[i]);
    const out = {} as Record<Contender, Scores>;
    for (const c of CONTENDERS)
      out[c] = scores(
        idx.map((i) => columns[c][i]),
        y,
      );
    return out;
  };
  const folds: FoldReport[] = [];
  const k = run.settings.folds;
  for (let f = 0; f < k && scored.length > 0; f++) {
    const idx = scored.slice(Math.floor((f * scored.length) / k), Math.floor(((f + 1) * scored.length) / k));
    if (idx.length === 0) continue;
    folds.push({
      from: idx[0],
      to: idx[idx.length - 1] + 1,
      firstTime: times[idx[0]],
      lastTime: times[idx[idx.length - 1]],
      scores: score(idx),
    });
  }
  const overall = score(scored);
  return {
    overall,
    folds,
    aucInterval: aucBlockInterval(
      scored.map((i) => p[i]),
      scored.map((i) => labels.label[i]),
      run.settings.horizon,
    ),
    aucWithinModels: aucWithinGroups(
      scored.map((i) => p[i]),
      scored.map((i) => labels.label[i]),
      scored.map((i) => run.blocks.findIndex((b) => i >= b.from && i < b.to)),
    ),
    reliability: reliability(
      scored.map((i) => p[i]),
      scored.map((i) => labels.label[i]),
    ),
    verdict: verdict(overall, folds),
  };
}

function verdict(overall: Record<Contender, Scores>, folds: FoldReport[]): string {
  const m = overall.model;
  const rivals = (['logistic', 'baseRate', 'exhaustion'] as const).map((c) => ({ c, s: overall[c] }));
  const beatenBrier = rivals.filter((r) => m.brier < r.s.brier).map((r) => r.c);
  const beatenAuc = rivals.filter((r) => m.auc > r.s.auc || !Number.isFinite(r.s.auc)).map((r) => r.c);
  const foldWins = folds.filter((f) => f.scores.model.brier < f.scores.baseRate.brier).length;
  const names: Record<string, string> = {
    logistic: 'logistic regression',
    baseRate: 'the base rate',
    exhaustion: 'the exhaustion rule',
  };
  const list = (cs: string[]): string => (cs.length === 0 ? 'none' : cs.map((c) => names[c]).join(', '));
  const all = beatenBrier.length === 3 && beatenAuc.length === 3;
  const head = all
    ? `The model beats every baseline out of sample (AUC ${m.auc.toFixed(3)}, Brier ${m.brier.toFixed(4)}).`
    : `The model does NOT beat every baseline out of sample: on Brier score it beats ${list(beatenBrier)}; on AUC ${list(beatenAuc)}.`;
  return `${head} It has a lower Brier score than the base rate in ${foldWins} of ${folds.length} folds.`;
}
