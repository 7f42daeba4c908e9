import type { PolicyStats, Trade } from './types.js';

export const SECONDS_PER_YEAR = 365.25 * 86_400;

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values. */
export function sampleStdev(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i] - m) * (xs[i] - m);
  return Math.sqrt(ss / (n - 1));
}

/** Largest peak-to-trough fall of an equity curve, as a fraction of the peak: max_t (1 - E_t / max_{s<=t} E_s). */
export function maxDrawdown(equity: ArrayLike<number>, from = 0, to = equity.length): number {
  let peak = -Infinity;
  let worst = 0;
  for (let i = from; i < to; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    else if (peak > 0) {
      const dd = 1 - e / peak;
      if (dd > worst) worst = dd;
    }
  }
  return worst;
}

/**
 * Sharpe and Sortino from per-bar simple returns r_t = E_t / E_{t-1} - 1 of the
 * mark-to-market equity, risk-free rate 0, annualised with sqrt(bars per year):
 *   Sharpe  = mean(r) / stdev(r) * sqrt(barsPerYear)           (sample stdev)
 *   Sortino = mean(r) / sqrt(mean(min(r, 0)^2)) * sqrt(barsPerYear)
 * Bars with no position have r = 0 and count: idle capital is part of the result.
 */
export function sharpeSortino(
  equity: ArrayLike<number>,
  barsPerYear: number,
  from = 0,
  to = equity.length,
): { sharpe: number | null; sortino: number | null } {
  const n = to - from - 1;
  if (n < 2) return { sharpe: null, sortino: null };
  let sum = 0;
  for (let i = from + 1; i < to; i++) sum += equity[i] / equity[i - 1] - 1;
  const m = sum / n;
  let ss = 0;
  let down = 0;
  for (let i = from + 1; i < to; i++) {
    const r = equity[i] / equity[i - 1] - 1;
    ss += (r - m) * (r - m);
    if (r < 0) down += r * r;
  }
  const sd = Math.sqrt(ss / (n - 1));
  const dd = Math.sqrt(down / n);
  const k = Math.sqrt(barsPerYear);
  return { sharpe: sd > 0 ? (m / sd) * k : null, sortino: dd > 0 ? (m / dd) * k : null };
}

/**
 * Every statistic of one policy. Trade statistics come from the trade list, return and risk
 * statistics from the mark-to-market equity curve E (one value per bar close):
 * - winRate = #(R > 0) / N
 * - avgR = mean(R), medianR; expectancyR = winRate x mean(win R) - (1 - winRate) x mean(|loss R|), equal to avgR
 * - expectancy = mean(net pnl) per trade in currency
 * - profitFactor = sum(pnl > 0) / |sum(pnl < 0)| (null without losers)
 * - SQN = sqrt(N) x mean(R) / stdev(R) (Van Tharp, sample stdev, N not capped; null for N < 2)
 * - totalReturn = E_last / E_first - 1; CAGR = (E_last / E_first)^(1 / years) - 1, years from the bar times
 * - Sharpe, Sortino: see sharpeSortino; maxDrawdown: see maxDrawdown; Calmar = CAGR / maxDrawdown
 * - avgMfeR, avgMaeR: means of the tracker's MFE / MAE in R
 * - exitEfficiency = sum(R) / sum(MFE R): the share of the favourable excursion the exits kept
 * - commission = entry and exit fees summed; slippage = slippage cost summed (currency)
 */
export function computeStats(
  trades: readonly Trade[],
  equity: ArrayLike<number>,
  years: number,
  barsPerYear: number,
  from = 0,
  to = equity.length,
): PolicyStats {
  const n = trades.length;
  const rs = trades.map((t) => t.r);
  let wins = 0;
  let winR = 0;
  let lossR = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let fees = 0;
  let slippage = 0;
  let fills = 0;
  let mfeSum = 0;
  let maeSum = 0;
  let pnlSum = 0;
  for (const t of trades) {
    if (t.r > 0) {
      wins++;
      winR += t.r;
    } else lossR += -t.r;
    if (t.pnl > 0) grossWin += t.pnl;
    else grossLoss += -t.pnl;
    fees += t.fees;
    slippage += t.slippage;
    fills += t.fills.length + 1;
    mfeSum += t.mfeR;
    maeSum += t.maeR;
    pnlSum += t.pnl;
  }
  const winRate = n > 0 ? wins / n : 0;
  const avgWin = wins > 0 ? winR / wins : 0;
  const avgLoss = n - wins > 0 ? lossR / (n - wins) : 0;
  const avgR = mean(rs);
  const sd = sampleStdev(rs);
  const e0 = to > from ? equity[from] : 0;
  const e1 = to > from ? equity[to - 1] : 0;
  const totalReturn = e0 > 0 ? e1 / e0 - 1 : 0;
  const cagr = years > 0 && e0 > 0 && e1 > 0 ? Math.pow(e1 / e0, 1 / years) - 1 : null;
  const maxDd = maxDrawdown(equity, from, to);
  const { sharpe, sortino } = sharpeSortino(equity, barsPerYear, from, to);
  return {
    trades: n,
    winRate,
    avgR,
    medianR: median(rs),
    expectancyR: winRate * avgWin - (1 - winRate) * avgLoss,
    expectancy: n > 0 ? pnlSum / n : 0,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    sqn: n >= 2 && sd > 0 ? (Math.sqrt(n) * avgR) / sd : null,
    totalReturn,
    cagr,
    sharpe,
    sortino,
    maxDrawdown: maxDd,
    calmar: cagr !== null && maxDd > 0 ? cagr / maxDd : null,
    avgMfeR: n > 0 ? mfeSum / n : 0,
    avgMaeR: n > 0 ? maeSum / n : 0,
    exitEfficiency: mfeSum > 0 ? rs.reduce((a, b) => a + b, 0) / mfeSum : null,
    commission: fees,
    slippage,
    fills,
    endEquity: e1,
  };
}
