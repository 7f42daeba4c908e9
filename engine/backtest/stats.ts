import type { PolicyStats, Trade } from './types.js';

export const SECONDS_PER_YEAR = 365.25 * 86_400;

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function median(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  // A typed array sorts numbers natively, several times faster than a comparator.
  const s = Float64Array.from(xs).sort();
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
 * E_t / E_{t-1} - 1, with a flat bar (the same finite, non-zero equity as the bar before)
 * returning its exact value, 0, without the division.
 */
function barReturn(e: number, before: number): number {
  return e === before && before !== 0 && before - before === 0 ? 0 : e / before - 1;
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

/** Flat stretches shorter than this are read like any other bars (not worth a record). */
const MIN_FLAT_RUN = 16;

/**
 * maxDrawdown and sharpeSortino of one curve, computed as those two define them (and equal to
 * them to the last bit: test/unit/backtest/stats.test.ts) in fewer passes over memory, which
 * is what they cost on a long curve. Most bars of a backtest's curve repeat the bar before (no
 * position): there r = 0 exactly and the drawdown cannot change. The first pass sums the
 * returns, tracks the drawdown and notes where the long flat stretches are; the second adds
 * (r - mean)^2 in the same order, reading memory only outside those stretches.
 *
 * `knownFlat`: [start, end) pairs in order, stretches the caller wrote with one value, the
 * value of the bar before (the lab's bars without a position). The first pass checks each
 * one's first bar and reads no further into it.
 */
export function curveStats(
  equity: ArrayLike<number>,
  barsPerYear: number,
  from = 0,
  to = equity.length,
  knownFlat: readonly number[] = [],
): { maxDrawdown: number; sharpe: number | null; sortino: number | null } {
  const n = to - from - 1;
  if (n < 2) return { maxDrawdown: maxDrawdown(equity, from, to), sharpe: null, sortino: null };
  // Pass 1: the drawdown, the sum of returns, and the flat stretches as [start, end) pairs.
  const flats: number[] = [];
  let before = equity[from];
  let peak = before > -Infinity ? before : -Infinity;
  let worst = 0;
  let sum = 0;
  let flatFrom = -1;
  let hint = 0;
  for (let i = from + 1; i < to; i++) {
    const e = equity[i];
    if (e === before && before !== 0 && before - before === 0) {
      // r = E/E - 1 = 0 exactly (adding it changes no sum); same peak, same drawdown.
      if (flatFrom < 0) flatFrom = i;
      while (hint < knownFlat.length && knownFlat[hint + 1] <= i) hint += 2;
      // Inside a stretch known to be flat: go to its last bar.
      if (hint < knownFlat.length && knownFlat[hint] <= i) i = Math.min(knownFlat[hint + 1], to) - 1;
      continue;
    }
    if (flatFrom >= 0) {
      if (i - flatFrom >= MIN_FLAT_RUN) flats.push(flatFrom, i);
      flatFrom = -1;
    }
    sum += e / before - 1;
    // An equal bar (zero or not finite) has the drawdown of the bar before, as in maxDrawdown.
    if (e !== before) {
      if (e > peak) peak = e;
      else if (peak > 0) {
        const dd = 1 - e / peak;
        if (dd > worst) worst = dd;
      }
    }
    before = e;
  }
  if (flatFrom >= 0 && to - flatFrom >= MIN_FLAT_RUN) flats.push(flatFrom, to);
  // Pass 2: the squared deviations, bar by bar in order; a flat bar adds (0 - m)^2.
  const m = sum / n;
  const flatTerm = (0 - m) * (0 - m);
  let ss = 0;
  let down = 0;
  let i = from + 1;
  for (let f = 0; f <= flats.length; f += 2) {
    const flatStart = f < flats.length ? flats[f] : to;
    for (; i < flatStart; i++) {
      const r = barReturn(equity[i], equity[i - 1]);
      ss += (r - m) * (r - m);
      if (r < 0) down += r * r;
    }
    if (f === flats.length) break;
    for (const flatEnd = flats[f + 1]; i < flatEnd; i++) ss += flatTerm;
  }
  const sd = Math.sqrt(ss / (n - 1));
  const dd = Math.sqrt(down / n);
  const k = Math.sqrt(barsPerYear);
  return {
    maxDrawdown: worst,
    sharpe: sd > 0 ? (m / sd) * k : null,
    sortino: dd > 0 ? (m / dd) * k : null,
  };
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
  const figures = new TradeFigures();
  for (const t of trades) {
    figures.r.push(t.r);
    figures.pnl.push(t.pnl);
    figures.fees.push(t.fees);
    figures.slippage.push(t.slippage);
    figures.fills.push(t.fills.length + 1);
    figures.mfeR.push(t.mfeR);
    figures.maeR.push(t.maeR);
  }
  return statsOf(figures, equity, years, barsPerYear, from, to);
}

/**
 * What the trade statistics read from each trade, one column per figure in trade order (the
 * lab's TradeColumns adds the rest of each trade, written as it closes).
 */
export class TradeFigures {
  readonly r: number[] = [];
  readonly pnl: number[] = [];
  readonly fees: number[] = [];
  readonly slippage: number[] = [];
  /** Fills including the entry. */
  readonly fills: number[] = [];
  readonly mfeR: number[] = [];
  readonly maeR: number[] = [];
}

/** computeStats from the trades' figures (see TradeFigures); `knownFlat`: see curveStats. */
export function statsOf(
  figures: TradeFigures,
  equity: ArrayLike<number>,
  years: number,
  barsPerYear: number,
  from = 0,
  to = equity.length,
  knownFlat: readonly number[] = [],
): PolicyStats {
  const tally = new TradeTally();
  for (let k = 0; k < figures.r.length; k++)
    tally.add(
      figures.r[k],
      figures.pnl[k],
      figures.fees[k],
      figures.slippage[k],
      figures.fills[k],
      figures.mfeR[k],
      figures.maeR[k],
    );
  const e0 = to > from ? equity[from] : 0;
  const e1 = to > from ? equity[to - 1] : 0;
  return statsFrom(tally, e0, e1, years, curveStats(equity, barsPerYear, from, to, knownFlat));
}

/** A list of doubles that grows as values are pushed (8 bytes a value, no boxing). */
export class DoubleList {
  private data = new Float64Array(64);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  /** The values pushed so far (a view, valid until the next push). */
  view(from = 0, to = this.length): Float64Array {
    return this.data.subarray(from, to);
  }
}

/**
 * The trade statistics' sums, one trade at a time in trade order: what statsOf adds over a
 * trade list, so a run that streams its trades (engine/backtest/stream-lab.ts) gets the same
 * figures to the last bit without keeping the trades. The R of each trade is kept (8 bytes a
 * trade): the median and the standard deviation need them all. A tally of a part of a run's
 * trades (the walk-forward halves) need not keep them: `keepR` false, and `stats` is given them.
 */
export class TradeTally {
  readonly rs = new DoubleList();
  /** How many trades were tallied. */
  count = 0;

  constructor(private readonly keepR = true) {}

  private wins = 0;
  private winR = 0;
  private lossR = 0;
  private grossWin = 0;
  private grossLoss = 0;
  private fees = 0;
  private slippage = 0;
  private fills = 0;
  private mfeSum = 0;
  private maeSum = 0;
  private pnlSum = 0;

  add(
    r: number,
    pnl: number,
    fees: number,
    slippage: number,
    fills: number,
    mfeR: number,
    maeR: number,
  ): void {
    this.count++;
    if (this.keepR) this.rs.push(r);
    if (r > 0) {
      this.wins++;
      this.winR += r;
    } else this.lossR += -r;
    if (pnl > 0) this.grossWin += pnl;
    else this.grossLoss += -pnl;
    this.fees += fees;
    this.slippage += slippage;
    this.fills += fills;
    this.mfeSum += mfeR;
    this.maeSum += maeR;
    this.pnlSum += pnl;
  }

  /** The trade half of PolicyStats; the curve half comes from `curve` (see curveStats). */
  stats(
    e0: number,
    e1: number,
    years: number,
    curve: { maxDrawdown: number; sharpe: number | null; sortino: number | null },
    /** The R of each trade tallied, in order (when this tally keeps none). */
    given?: Float64Array,
  ): PolicyStats {
    const rs = given ?? this.rs.view();
    const n = rs.length;
    const { wins, grossLoss, mfeSum } = this;
    const winRate = n > 0 ? wins / n : 0;
    const avgWin = wins > 0 ? this.winR / wins : 0;
    const avgLoss = n - wins > 0 ? this.lossR / (n - wins) : 0;
    const avgR = mean(rs);
    const sd = sampleStdev(rs);
    const totalReturn = e0 > 0 ? e1 / e0 - 1 : 0;
    const cagr = years > 0 && e0 > 0 && e1 > 0 ? Math.pow(e1 / e0, 1 / years) - 1 : null;
    const { maxDrawdown: maxDd, sharpe, sortino } = curve;
    let rSum = 0;
    for (let k = 0; k < n; k++) rSum += rs[k];
    return {
      trades: n,
      winRate,
      avgR,
      medianR: median(rs),
      expectancyR: winRate * avgWin - (1 - winRate) * avgLoss,
      expectancy: n > 0 ? this.pnlSum / n : 0,
      profitFactor: grossLoss > 0 ? this.grossWin / grossLoss : null,
      sqn: n >= 2 && sd > 0 ? (Math.sqrt(n) * avgR) / sd : null,
      totalReturn,
      cagr,
      sharpe,
      sortino,
      maxDrawdown: maxDd,
      calmar: cagr !== null && maxDd > 0 ? cagr / maxDd : null,
      avgMfeR: n > 0 ? this.mfeSum / n : 0,
      avgMaeR: n > 0 ? this.maeSum / n : 0,
      exitEfficiency: mfeSum > 0 ? rSum / mfeSum : null,
      commission: this.fees,
      slippage: this.slippage,
      fills: this.fills,
      endEquity: e1,
    };
  }
}

const statsFrom = (
  tally: TradeTally,
  e0: number,
  e1: number,
  years: number,
  curve: { maxDrawdown: number; sharpe: number | null; sortino: number | null },
): PolicyStats => tally.stats(e0, e1, years, curve);
