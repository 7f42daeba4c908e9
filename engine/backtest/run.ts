import { contextNeeds } from '../exits/context.js';
import type { PlanSpec } from '../plan/types.js';
import { barCount, barObjects, type BacktestBars } from './bar-input.js';
import { SeriesColumns, type ContextView } from './columns.js';
import { BacktestCancelled, BacktestError } from './errors.js';
import type { GateProvider } from '../ml/lab-gate.js';
import type { DirectorProvider } from '../ml/policy/director.js';
import { compilePolicy, tradePlan } from './policies.js';
import { SECONDS_PER_YEAR, statsOf } from './stats.js';
import { TradeColumns } from './trade-columns.js';
import { freshContexts, TradeRun, type TradeEnv } from './trade-run.js';
import { EntryDesk } from './place-entry.js';
import type {
  BacktestOptions,
  BacktestResult,
  Entry,
  PolicyDef,
  PolicyResult,
  RunControl,
  Trade,
} from './types.js';

/**
 * Column buffers of the last finished run over each bars array, kept as long as the array is:
 * the lab view re-runs over the same bars with other policies or costs. See SeriesColumns.
 */
const spareColumns = new WeakMap<BacktestBars, Float64Array[]>();

/** How many bars of work pass between progress reports, cancel checks and async yields. */
const CHECK_EVERY = 16_384;

interface Shared {
  bars: BacktestBars;
  options: BacktestOptions;
  columns: SeriesColumns;
  stressAtr: Float64Array | null;
  years: number;
  barsPerYear: number;
  gates: GateProvider | null;
  directors: DirectorProvider | null;
}

/** Work counter shared by the policies of one run, for progress and cancel checks. */
interface Meter {
  work: number;
  nextCheck: number;
}

/**
 * The market context of every bar for a policy's indicator settings, over the run's shared
 * columns (each indicator computed once per distinct setting for all policies). The batch
 * indicators run once over the whole series, so the value at bar i depends on bars 0..i only.
 */
function contextFor(shared: Shared, plan: PlanSpec): ContextView {
  return shared.columns.view({
    ...contextNeeds(plan),
    atrSlipPeriod: shared.options.costs.slippageAtrPeriod,
  });
}

/**
 * One policy over all entries, one position at a time: an entry is taken only when the
 * previous position of this policy closed on an earlier bar (options.reentry 'next-bar', the
 * default) or on the entry's own bar ('same-bar'); entries met while a position is open are
 * skipped and counted. An entry signalled on the last bar opens no trade (no bar is left to
 * trade it on; it is counted as unplaced). Yields every CHECK_EVERY bars so a driver can report
 * progress, check the cancel flag or hand control back to an event loop.
 *
 * Each trade is the engine's own Position (the state machine inside ExitTracker; one per
 * policy, reset for each trade) stepped bar by bar exactly as ExitTracker steps it, but
 * reading the shared, precomputed context instead of re-running the indicators per trade. The
 * Position decides every exit, its price, its slippage (market orders only: stops, signal
 * exits, the end-of-data close; targets are limit orders) and its commission. The lab adds
 * what happens before the Position opens: the entry fill's slippage and commission, and the
 * size (units, or the units that risk a fraction of equity down to the initial stop, which is
 * known before the order is placed). Trades are recorded as columns (TradeColumns).
 */
function* runPolicy(
  shared: Shared,
  def: PolicyDef,
  entries: readonly Entry[],
  meter: Meter,
): Generator<void, PolicyResult> {
  const { options } = shared;
  const { costs, sizing } = options;
  const n = shared.columns.length;
  const template = compilePolicy(def);
  const context = contextFor(shared, template);
  const fees = { perUnit: costs.perUnit, bps: costs.bps, perFill: costs.perFill };
  const trades = new TradeColumns(def.id);
  const equity = new Float64Array(n);
  const [prev, cur] = freshContexts();
  const env: TradeEnv = {
    columns: shared.columns,
    lastIndex: n - 1,
    bar: { time: NaN, open: NaN, high: NaN, low: NaN, close: NaN },
    context,
    costs,
    stress: options.stress,
    stressAtr: shared.stressAtr,
    equity,
    positionOptions: {
      recordTrail: false,
      quiet: true,
      slippage: { bps: costs.slippageBps, atrFraction: costs.slippageAtr },
    },
    gate: def.gate ? gateFor(shared, def, entries) : null,
    director: def.director !== undefined ? directorFor(shared, def) : null,
  };
  // One plan for every trade of the policy (the Position reads it while the trade is open):
  // the trade's side, entry, time and size are written into it before each one.
  const plan = tradePlan(template, 'long', NaN, NaN, fees);
  const run = new TradeRun(env, plan, trades);
  const desk = new EntryDesk(plan, run, costs, sizing);
  let cash = options.initialEquity;
  let written = 0;
  // Bars without a position hold the cash; the stretches are noted for the statistics.
  const flat: number[] = [];
  const fillFlat = (end: number): void => {
    if (end <= written) return;
    equity.fill(cash, written, end);
    flat.push(written, end);
  };
  let skipped = 0;
  const unplaced = desk.unplaced;
  // Same-bar re-entry: the bar the last position closed on may open the next one.
  const reopen = options.reentry === 'same-bar' ? 1 : 0;
  for (const entry of entries) {
    if (entry.index < written - (written > 0 ? reopen : 0)) {
      skipped++;
      continue;
    }
    if (entry.index >= n - 1) {
      unplaced.note('entry: signalled on the last bar, with no bar after it to trade');
      continue;
    }
    fillFlat(entry.index);
    meter.work += Math.max(0, entry.index - written);
    written = entry.index;
    const i0 = entry.index;
    context.readEntry(i0 - 1, prev);
    context.readBar(i0, cur);
    if (!desk.place(entry, cash, prev, cur)) continue;
    while (!run.done) {
      meter.work += run.advance(meter.nextCheck - meter.work);
      if (meter.work >= meter.nextCheck) yield;
    }
    run.finish();
    cash = run.cashAfter;
    written = run.lastIndex + 1;
  }
  fillFlat(n);
  meter.work += n - written;
  // The Trade objects are made from the columns when first read, once (see TradeColumns).
  let tradeList: Trade[] | null = null;
  const result: PolicyResult = {
    policy: def,
    get trades(): Trade[] {
      return (tradeList ??= trades.trades());
    },
    equity,
    skippedEntries: skipped,
    resizedTrades: desk.resized,
    unplacedEntries: unplaced.count,
    unplacedReasons: unplaced.list(),
    stats: statsOf(trades, equity, shared.years, shared.barsPerYear, 0, n, flat),
  };
  resultColumns.set(result, trades);
  return result;
}

/**
 * The trade columns behind each policy result of a run in this process: the walk-forward
 * split and the bootstrap read them, not the Trade objects (for a 3.7 million bar file's
 * 700,000 trades the objects were ~600 MB). A result from elsewhere (a worker's message) has
 * none and is read from its trades.
 */
const resultColumns = new WeakMap<PolicyResult, TradeColumns>();

export function tradeColumnsOf(result: PolicyResult): TradeColumns | undefined {
  return resultColumns.get(result);
}

/** The reversal model's gate columns of a policy with a gate, from the run's provider. */
function gateFor(shared: Shared, def: PolicyDef, entries: readonly Entry[]) {
  if (shared.gates === null || def.gate === undefined)
    throw new BacktestError(
      'policies',
      `policies: "${def.id}" needs the reversal model, which this build does not carry; run it with exitplan backtest`,
    );
  const sides = {
    long: entries.some((e) => e.side === 'long'),
    short: entries.some((e) => e.side === 'short'),
  };
  return shared.gates(barObjects(shared.bars), def.gate, sides);
}

/** The exit director of a policy with one (engine/ml/policy), from the run's provider. */
function directorFor(shared: Shared, def: PolicyDef) {
  if (shared.directors === null || def.director === undefined)
    throw new BacktestError(
      'policies',
      `policies: "${def.id}" needs its exit director, which this build does not carry; run it with exitplan learn policy`,
    );
  return shared.directors(barObjects(shared.bars), def.director);
}

function check(options: BacktestOptions, bars: BacktestBars): void {
  checkOptions(options, barCount(bars));
}

/** The run's refusals before any bar is read: too few bars, no policy, no equity, a name twice. */
export function checkOptions(options: BacktestOptions, bars: number): void {
  if (bars < 2) throw new BacktestError('bars', 'bars: a backtest needs at least two bars');
  if (options.policies.length === 0)
    throw new BacktestError('policies', 'policies: choose at least one policy');
  if (!(options.initialEquity > 0))
    throw new BacktestError('equity', 'equity: the initial equity must be positive');
  const ids = new Set<string>();
  for (const p of options.policies) {
    if (ids.has(p.id))
      throw new BacktestError('policies', `policies: "${p.id}" appears twice; give each policy its own name`);
    ids.add(p.id);
  }
}

/**
 * The run as a generator: yields every few thousand bars of work, returns the result.
 * runBacktest and runBacktestAsync drive it.
 */
export function* backtestSteps(
  bars: BacktestBars,
  entries: readonly Entry[],
  options: BacktestOptions,
  control: RunControl = {},
): Generator<void, BacktestResult> {
  check(options, bars);
  if (entries.length === 0)
    throw new BacktestError('entries', 'entries: no entries to test; the rule or list produced none');
  for (const p of options.policies) compilePolicy(p);
  const { stress } = options;
  const n = barCount(bars);
  // A run takes the spare column buffers of these bars (none when another run holds them)
  // and gives them back when it ends, however it ends.
  const columns = new SeriesColumns(bars, spareColumns.get(bars));
  spareColumns.delete(bars);
  const years = (columns.time[n - 1] - columns.time[0]) / SECONDS_PER_YEAR;
  const barsPerYear = years > 0 ? (n - 1) / years : 0;
  try {
    return yield* runPolicies(bars, entries, options, control, {
      bars,
      options,
      columns,
      stressAtr: stress !== null ? columns.atr(stress.atrPeriod) : null,
      years,
      barsPerYear,
      gates: control.gates ?? null,
      directors: control.directors ?? null,
    });
  } finally {
    spareColumns.set(bars, columns.buffers());
  }
}

/** The policies one after another over the run's shared columns (see backtestSteps). */
function* runPolicies(
  bars: BacktestBars,
  entries: readonly Entry[],
  options: BacktestOptions,
  control: RunControl,
  shared: Shared,
): Generator<void, BacktestResult> {
  const n = barCount(bars);
  const { barsPerYear, columns } = shared;
  // Each policy accounts for every bar exactly once (in a trade or flat): the unit of progress.
  const total = options.policies.length * n;
  const meter: Meter = { work: 0, nextCheck: CHECK_EVERY };
  const results: PolicyResult[] = [];
  for (const def of options.policies) {
    const steps = runPolicy(shared, def, entries, meter);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        results.push(step.value);
        break;
      }
      meter.nextCheck = meter.work + CHECK_EVERY;
      if (control.signal?.aborted) throw new BacktestCancelled();
      control.onProgress?.({ fraction: Math.min(1, meter.work / total), policy: def.id });
      yield;
    }
    if (control.signal?.aborted) throw new BacktestCancelled();
  }
  control.onProgress?.({ fraction: 1, policy: '' });
  return {
    bars: n,
    firstTime: columns.time[0],
    lastTime: columns.time[n - 1],
    barsPerYear,
    entries: entries.length,
    policies: results,
  };
}

/** Runs a whole backtest synchronously (CLI, tests, a worker that need not be interrupted). */
export function runBacktest(
  bars: BacktestBars,
  entries: readonly Entry[],
  options: BacktestOptions,
  control: RunControl = {},
): BacktestResult {
  const steps = backtestSteps(bars, entries, options, control);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs a backtest, awaiting `pause` between slices of work so the host can deliver
 * messages (a cancel click, a comlink call) while it runs. The engine has no timers of its
 * own: a browser or worker passes e.g. `() => new Promise((r) => setTimeout(r, 0))`.
 */
export async function runBacktestAsync(
  bars: BacktestBars,
  entries: readonly Entry[],
  options: BacktestOptions,
  control: RunControl & { pause?: () => Promise<void> } = {},
): Promise<BacktestResult> {
  const steps = backtestSteps(bars, entries, options, control);
  const pause = control.pause ?? (() => Promise.resolve());
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
