import { contextNeeds, sameNeeds, StreamingContext } from '../exits/context.js';
import { ATR } from '../indicators/atr.js';
import type { BarColumns } from '../indicators/inputs.js';
import type { Bar } from '../types.js';
import { bootstrapReturns, type BootstrapResult } from './bootstrap.js';
import { CurveTally } from './curve-tally.js';
import { parseEntryRule, type EntryRule } from './entry-rules.js';
import { BacktestError } from './errors.js';
import { labOptions, noEntriesError, type LabReport, type LabRequest } from './lab.js';
import { EntryDesk } from './place-entry.js';
import { compilePolicy, tradePlan } from './policies.js';
import { checkOptions } from './run.js';
import { DoubleList, TradeTally } from './stats.js';
import { entryStream, type EntryStream } from './stream-entries.js';
import { TradeColumns } from './trade-columns.js';
import { TradeRun, type TradeEnv } from './trade-run.js';
import type { BacktestOptions, Entry, PolicyDef, PolicyResult, Trade } from './types.js';
import { ranked, segmentYears, splitIndexOf } from './walk-forward.js';

/** The most points an equity curve of a report keeps: beyond it, every k-th bar and the last. */
export const MAX_EQUITY_POINTS = 100_000;

/** Every how many bars an equity curve of `bars` bars keeps a point (1: every bar). */
export const equityStep = (bars: number): number => Math.max(1, Math.ceil(bars / MAX_EQUITY_POINTS));

/** Whether bar i of `bars` is a point of the kept curve (see equityStep). */
export const isEquityPoint = (i: number, bars: number, step: number): boolean =>
  i % step === 0 || i === bars - 1;

/** Whether a request can run over streamed bars: a built-in entry rule, and no learned policy (they need every bar). */
export function canStream(request: LabRequest): boolean {
  if (request.entries.includes('\n') || parseEntryRule(request.entries) === null) return false;
  return labOptions(request).policies.every((p) => p.gate === undefined && p.director === undefined);
}

/** One policy over one pass of the bars: what runPolicy (run.ts) does, one bar at a time. */
class PolicyLane {
  readonly trades: TradeColumns;
  readonly run: TradeRun;
  readonly desk: EntryDesk;
  readonly context: StreamingContext;
  cash: number;
  open = false;
  /** The bar after the last one a closed position held (0: none yet). */
  written = 0;
  skipped = 0;
  /** The equity at the close of the bar last stepped. */
  mark = NaN;

  constructor(
    readonly def: PolicyDef,
    options: BacktestOptions,
    contexts: StreamingContext[],
    lastIndex: number,
  ) {
    const { costs, sizing } = options;
    const template = compilePolicy(def);
    const needs = { ...contextNeeds(template), atrSlipPeriod: costs.slippageAtrPeriod };
    let context = contexts.find((c) => sameNeeds(c.needs, needs));
    if (context === undefined) contexts.push((context = new StreamingContext(needs)));
    this.context = context;
    this.trades = new TradeColumns(def.id);
    const env: TradeEnv = {
      columns: null,
      lastIndex,
      bar: { time: NaN, open: NaN, high: NaN, low: NaN, close: NaN },
      context: null,
      costs,
      stress: options.stress,
      stressAtr: null,
      equity: null,
      positionOptions: {
        recordTrail: false,
        quiet: true,
        slippage: { bps: costs.slippageBps, atrFraction: costs.slippageAtr },
      },
      gate: null,
      director: null,
    };
    const fees = { perUnit: costs.perUnit, bps: costs.bps, perFill: costs.perFill };
    const plan = tradePlan(template, 'long', NaN, NaN, fees);
    this.run = new TradeRun(env, plan, this.trades);
    this.desk = new EntryDesk(plan, this.run, costs, sizing);
    this.cash = options.initialEquity;
  }
}

/** What a policy's run leaves: its trades' sums and its curve's, kept across the two passes. */
interface PolicyTally {
  def: PolicyDef;
  all: TradeTally;
  inSample: TradeTally;
  outOfSample: TradeTally;
  /** Each trade's return on the equity it was sized from, for the bootstrap. */
  returns: DoubleList;
  curves: { all: CurveTally; inSample: CurveTally | null; outOfSample: CurveTally | null };
  equity: Float64Array;
  lane: PolicyLane | null;
}

/**
 * The lab (lab.ts) over bars that stream past, for a file too big to hold: every policy
 * advances bar by bar together, each bar read once per pass and let go. It holds a few numbers
 * per policy and per indicator, each trade's R (8 bytes a trade, 16 with the bootstrap) and an
 * equity curve of at most MAX_EQUITY_POINTS points a policy; never the bars.
 *
 * The bar count is given first (a pass that counts the rows: the walk-forward split and the
 * last bar, where an open position is closed, depend on it). The bars are then pushed twice
 * (`pass`, `push`... , then again): the first pass runs the trades and sums the returns, the
 * second runs them again for the squared deviations from the mean (see CurveTally). The
 * report is the one runLab gives for the same bars and request, to the last bit
 * (test/unit/backtest/stream-lab.test.ts); only its equity curves are thinned (equityStep),
 * as writeJson thins those of runLab.
 */
export class StreamingLab {
  readonly options: BacktestOptions;
  private readonly rule: EntryRule;
  private readonly split: number;
  private readonly bootstrap: boolean;
  private readonly k: number;
  private readonly step: number;
  private readonly tallies: PolicyTally[];
  private readonly equityTimes: Float64Array;
  private passes = 0;
  private index = 0;
  private entries = 0;
  private times = { first: NaN, beforeSplit: NaN, split: NaN, last: NaN };
  // Per pass.
  private lanes: PolicyLane[] = [];
  private contexts: StreamingContext[] = [];
  private entryAt: EntryStream | null = null;
  private stressAtr: ATR | null = null;
  private prevClose = NaN;
  private prevAtr = NaN;
  private readonly bar: Bar = { time: NaN, open: NaN, high: NaN, low: NaN, close: NaN };
  /** Called with each trade as it closes, in the first pass (backtest --json writes them out). */
  onTrade: ((policy: number, trade: Trade) => void) | null = null;

  constructor(
    readonly request: LabRequest,
    /** How many bars the stream holds. */
    readonly bars: number,
  ) {
    const options = labOptions(request);
    this.options = options;
    const rule = request.entries.includes('\n') ? null : parseEntryRule(request.entries);
    if (rule === null || !canStream(request))
      throw new BacktestError(
        'entries',
        'entries: a streamed run takes a built-in rule and no learned policy',
      );
    this.rule = rule;
    checkOptions(options, bars);
    for (const p of options.policies) compilePolicy(p);
    this.split = request.split ?? 0.7;
    this.bootstrap = (request.bootstrap ?? 1000) > 0;
    this.k = this.split > 0 ? splitIndexOf(bars, this.split) : -1;
    this.step = equityStep(bars);
    const points = Math.floor((bars - 1) / this.step) + 1 + ((bars - 1) % this.step === 0 ? 0 : 1);
    this.equityTimes = new Float64Array(points);
    const k = this.k;
    this.tallies = options.policies.map((def) => ({
      def,
      all: new TradeTally(),
      inSample: new TradeTally(false),
      outOfSample: new TradeTally(false),
      returns: new DoubleList(),
      curves: {
        all: new CurveTally(0, bars),
        inSample: k > 0 ? new CurveTally(0, k) : null,
        outOfSample: k > 0 ? new CurveTally(k - 1, bars) : null,
      },
      equity: new Float64Array(points),
      lane: null,
    }));
  }

  /** Starts a pass over the bars (two in all, each over every bar in order). */
  pass(): void {
    if (this.passes === 1) {
      if (this.index !== this.bars) throw this.countError();
      if (this.entries === 0) throw noEntriesError(this.request.entries);
      for (const t of this.tallies) {
        t.curves.all.endMoments();
        t.curves.inSample?.endMoments();
        t.curves.outOfSample?.endMoments();
      }
    }
    this.passes++;
    this.index = 0;
    this.contexts = [];
    this.lanes = this.tallies.map(
      (t) => (t.lane = new PolicyLane(t.def, this.options, this.contexts, this.bars - 1)),
    );
    this.entryAt = entryStream(this.rule);
    const stress = this.options.stress;
    this.stressAtr = stress !== null ? new ATR(stress.atrPeriod) : null;
    this.prevClose = NaN;
    this.prevAtr = NaN;
  }

  /** The next bars, in order. */
  push(columns: Omit<BarColumns, 'volume'>): void {
    const { time, open, high, low, close } = columns;
    const bar = this.bar;
    const first = this.passes === 1;
    const last = this.bars - 1;
    const reopen = this.options.reentry === 'same-bar' ? 1 : 0;
    for (let j = 0; j < time.length; j++) {
      const i = this.index++;
      if (i > last) throw this.countError();
      bar.time = time[j];
      bar.open = open[j];
      bar.high = high[j];
      bar.low = low[j];
      bar.close = close[j];
      for (const c of this.contexts) c.add(bar);
      const side = this.entryAt!(i, bar.high, bar.low, bar.close);
      const entry: Entry | null = side === null ? null : { index: i, time: bar.time, side, price: bar.close };
      if (first) this.note(i, bar.time, entry !== null);
      const point = first && isEquityPoint(i, this.bars, this.step) ? this.pointOf(i) : -1;
      if (point >= 0) this.equityTimes[point] = bar.time;
      for (let p = 0; p < this.lanes.length; p++) {
        const lane = this.lanes[p];
        const tally = this.tallies[p];
        let mark = lane.cash;
        if (lane.open) {
          const closed = lane.run.stepAt(i, bar, this.prevClose, this.prevAtr, lane.context.current, false);
          if (closed || i === last) {
            lane.run.finish(bar);
            if (first) this.record(p, tally);
            lane.trades.clear();
            lane.cash = lane.run.cashAfter;
            lane.written = i + 1;
            lane.open = false;
          }
          mark = lane.run.mark;
        }
        if (entry !== null) {
          if (lane.open || i < lane.written - (lane.written > 0 ? reopen : 0)) lane.skipped++;
          else if (i >= last)
            lane.desk.unplaced.note('entry: signalled on the last bar, with no bar after it to trade');
          else if (lane.desk.place(entry, lane.cash, lane.context.previous, lane.context.current, bar)) {
            lane.open = true;
            mark = lane.run.mark;
          }
        }
        tally.curves.all.add(i, mark);
        tally.curves.inSample?.add(i, mark);
        tally.curves.outOfSample?.add(i, mark);
        if (point >= 0) tally.equity[point] = mark;
      }
      this.prevClose = bar.close;
      if (this.stressAtr !== null) {
        this.stressAtr.push(bar);
        this.prevAtr = this.stressAtr.valueOrNaN;
      }
    }
  }

  /** The report, after both passes: runLab's for the same bars and request. */
  report(): LabReport {
    if (this.passes !== 2 || this.index !== this.bars) throw this.countError();
    const n = this.bars;
    const { first, last } = this.times;
    const whole = segmentYears(first, last, n);
    const policies: PolicyResult[] = this.tallies.map((t) => {
      const lane = t.lane!;
      const c = t.curves.all;
      const stats = t.all.stats(c.e0, c.e1, whole.years, c.result(whole.perYear));
      return {
        policy: t.def,
        get trades(): Trade[] {
          throw new BacktestError(
            'bars',
            'bars: a streamed run keeps no trade list; its trades go out as they close',
          );
        },
        equity: t.equity,
        skippedEntries: lane.skipped,
        resizedTrades: lane.desk.resized,
        unplacedEntries: lane.desk.unplaced.count,
        unplacedReasons: lane.desk.unplaced.list(),
        stats,
      };
    });
    const k = this.k;
    const inSample = segmentYears(first, this.times.beforeSplit, k);
    const outOfSample = segmentYears(this.times.beforeSplit, last, n - k + 1);
    const walkForward =
      k > 0
        ? ranked(
            this.tallies.map((t) => {
              const is = t.curves.inSample!;
              const oos = t.curves.outOfSample!;
              return {
                policy: t.def.id,
                // The halves' R: the run's, split where the out-of-sample entries begin.
                inSample: t.inSample.stats(
                  is.e0,
                  is.e1,
                  inSample.years,
                  is.result(inSample.perYear),
                  t.all.rs.view(0, t.inSample.count),
                ),
                outOfSample: t.outOfSample.stats(
                  oos.e0,
                  oos.e1,
                  outOfSample.years,
                  oos.result(outOfSample.perYear),
                  t.all.rs.view(t.inSample.count),
                ),
              };
            }),
            k,
            this.times.split,
          )
        : null;
    const samples = this.request.bootstrap ?? 1000;
    const seed = this.request.seed ?? 1;
    const bootstrap: (BootstrapResult | null)[] = this.tallies.map((t) =>
      samples > 0 ? bootstrapReturns(t.all.rs.view(), t.returns.view(), samples, seed) : null,
    );
    return {
      request: this.request,
      options: this.options,
      result: {
        bars: n,
        firstTime: first,
        lastTime: last,
        barsPerYear: whole.perYear,
        entries: this.entries,
        policies,
      },
      walkForward,
      bootstrap,
    };
  }

  /** The times of the kept equity points (see equityStep), for writeJson. */
  get pointTimes(): Float64Array {
    return this.equityTimes;
  }

  private pointOf(i: number): number {
    return i === this.bars - 1 ? this.equityTimes.length - 1 : i / this.step;
  }

  private note(i: number, time: number, entry: boolean): void {
    if (entry) this.entries++;
    if (i === 0) this.times.first = time;
    if (i === this.k - 1) this.times.beforeSplit = time;
    if (i === this.k) this.times.split = time;
    if (i === this.bars - 1) this.times.last = time;
  }

  /** Trade 0 of the lane's columns (the one just closed) into the policy's sums. */
  private record(p: number, t: PolicyTally): void {
    const c = this.tallies[p].lane!.trades;
    const fills = c.fills[0];
    t.all.add(c.r[0], c.pnl[0], c.fees[0], c.slippage[0], fills, c.mfeR[0], c.maeR[0]);
    const half = c.entryIndex[0] < this.k ? t.inSample : t.outOfSample;
    half.add(c.r[0], c.pnl[0], c.fees[0], c.slippage[0], fills, c.mfeR[0], c.maeR[0]);
    if (this.bootstrap) t.returns.push(c.equityBefore[0] > 0 ? c.pnl[0] / c.equityBefore[0] : 0);
    this.onTrade?.(p, c.trade(0));
  }

  private countError(): BacktestError {
    return new BacktestError(
      'bars',
      `bars: the stream gave ${this.index} bars where ${this.bars} were counted; the file changed while it was read`,
    );
  }
}
