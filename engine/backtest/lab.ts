import type { BacktestBars } from './bar-input.js';
import { bootstrapReturns, bootstrapTrades, type BootstrapResult } from './bootstrap.js';
import { NO_COSTS, parseCosts, parseSizing, parseStress } from './costs.js';
import { column, parseEntryRule, ruleEntries } from './entry-rules.js';
import { BacktestCancelled, BacktestError } from './errors.js';
import { parsePolicy, selectPolicies } from './policies.js';
import { backtestSteps, tradeColumnsOf } from './run.js';
import { parseTradeList } from './trade-list.js';
import type { BacktestOptions, BacktestResult, Entry, PolicyResult, RunControl } from './types.js';
import { walkForward, type WalkForwardResult } from './walk-forward.js';
import { labDirectors } from '../ml/policy/provider.js';

/**
 * A whole lab run described in plain, serialisable text fields: what the CLI flags, the
 * widget's lab form and a worker message carry. Defaults in brackets.
 */
export interface LabRequest {
  /** A rule (`donchian:20`, `sma:10:50`, `random:7:0.01`) or a trade list's CSV text. */
  entries: string;
  /** Default policy ids, comma-joined, or `all` [all]. */
  policies?: string;
  /** Custom policies, each `name:stop=...;ladder=...;trail=...`. */
  custom?: string[];
  /** `unit0.01,fill1,bps5,slipbps2,slipatr0.1` [none]. */
  costs?: string;
  /** `units1` or `risk1%` [risk1%]. */
  sizing?: string;
  /** [100000] */
  equity?: number;
  /** `gap1.5,p0.02,seed7` [none]. */
  stress?: string;
  /** In-sample fraction for the walk-forward split [0.7]; 0 turns it off. */
  split?: number;
  /** Bootstrap samples [1000]; 0 turns it off. */
  bootstrap?: number;
  /** Seed of the bootstrap [1]. */
  seed?: number;
  /**
   * Whether a policy may enter on the bar where its previous position closed ['next-bar':
   * no, the first entry after that bar; 'same-bar': yes, at that bar's close].
   */
  reentry?: 'next-bar' | 'same-bar';
  /**
   * Saved learned exit policies by the name a custom plan's `policy=learned:<name>` gives: the
   * file's JSON text (exitplan learn policy --out). The lab view fills it from a picked file or
   * by fetching the URL the plan names.
   */
  policyFiles?: Record<string, string>;
}

export interface LabReport {
  request: LabRequest;
  options: BacktestOptions;
  result: BacktestResult;
  walkForward: WalkForwardResult | null;
  /** One per policy, in the same order as result.policies. */
  bootstrap: (BootstrapResult | null)[];
}

/** The entries a request asks for: a built-in rule, or a trade list when the text is not a rule. */
export function resolveEntries(bars: BacktestBars, text: string): Entry[] {
  if (text.trim() === '')
    throw new BacktestError(
      'entries',
      'entries: give a rule (donchian:20, sma:10:50, random:7) or a trade list',
    );
  const rule = !text.includes('\n') ? parseEntryRule(text) : null;
  const entries = rule !== null ? ruleEntries(bars, rule) : parseTradeList(text, bars);
  if (entries.length === 0) throw noEntriesError(text);
  return entries;
}

export const noEntriesError = (text: string): BacktestError =>
  new BacktestError(
    'entries',
    `entries: the rule "${text.trim()}" produced no entries on these bars; try a shorter period or more bars`,
  );

/** Turns a request's text fields into options, with every parse error typed and named. */
export function labOptions(request: LabRequest): BacktestOptions {
  const policies = selectPolicies(request.policies ?? 'all');
  for (const text of request.custom ?? []) policies.push(parsePolicy(text));
  return {
    policies,
    costs: request.costs ? parseCosts(request.costs) : { ...NO_COSTS },
    sizing: parseSizing(request.sizing ?? 'risk1%'),
    initialEquity: request.equity ?? 100_000,
    stress: request.stress ? parseStress(request.stress) : null,
    reentry: parseReentry(request.reentry),
  };
}

function parseReentry(value: unknown): 'next-bar' | 'same-bar' {
  if (value === undefined || value === 'next-bar') return 'next-bar';
  if (value === 'same-bar') return 'same-bar';
  throw new BacktestError('reentry', `reentry: "${String(value)}" must be next-bar or same-bar`);
}

/** The lab as steps (see backtestSteps): entries, backtest, then walk-forward and bootstrap. */
export function* labSteps(
  bars: BacktestBars,
  request: LabRequest,
  control: RunControl = {},
): Generator<void, LabReport> {
  const options = labOptions(request);
  const entries = resolveEntries(bars, request.entries);
  // Director policies (adaptive, a custom plan's policy=learned:<file>) get theirs from the request.
  const directors = control.directors ?? labDirectors(request.policyFiles ?? {});
  const samples = request.bootstrap ?? 1000;
  // The bootstrap comes after the policies and, with many samples, takes longer than they do:
  // its share of the progress bar follows its measured cost (BTC 5m, Donchian 10, 7 policies:
  // 1,000 samples ~8% of the run, 20,000 ~64%), so the bar does not sit at 100% while it runs.
  const share = samples > 0 ? samples / (samples + BOOTSTRAP_SAMPLES_PER_RUN) : 0;
  const onProgress = control.onProgress;
  const scaled: RunControl = {
    ...control,
    directors,
    onProgress: onProgress && ((p) => onProgress({ ...p, fraction: p.fraction * (1 - share) })),
  };
  const result = yield* backtestSteps(bars, entries, options, scaled);
  const bootstrap: (BootstrapResult | null)[] = [];
  for (const [k, p] of result.policies.entries()) {
    if (samples <= 0) {
      bootstrap.push(null);
      continue;
    }
    // One policy's bootstrap at a time, so a cancel is heard between them.
    if (control.signal?.aborted) throw new BacktestCancelled();
    bootstrap.push(bootstrapOf(p, samples, request.seed ?? 1));
    const done = (k + 1) / result.policies.length;
    onProgress?.({ fraction: 1 - share + share * done, policy: `${p.policy.id} bootstrap` });
    if (k < result.policies.length - 1) yield;
  }
  const split = request.split ?? 0.7;
  const times = column(bars, 'time');
  return {
    request,
    options,
    result,
    walkForward: split > 0 ? walkForward(result, times, split) : null,
    bootstrap,
  };
}

/** The bootstrap samples that cost about as much as the policies' pass (the share above). */
const BOOTSTRAP_SAMPLES_PER_RUN = 11_000;

/** The bootstrap of a policy's trades, from the run's trade columns when it has them (no Trade objects). */
function bootstrapOf(p: PolicyResult, samples: number, seed: number): BootstrapResult {
  const columns = tradeColumnsOf(p);
  if (columns === undefined) return bootstrapTrades(p.trades, samples, seed);
  const rs = Float64Array.from(columns.r);
  const rets = Float64Array.from(columns.pnl, (pnl, k) =>
    columns.equityBefore[k] > 0 ? pnl / columns.equityBefore[k] : 0,
  );
  return bootstrapReturns(rs, rets, samples, seed);
}

export function runLab(bars: BacktestBars, request: LabRequest, control: RunControl = {}): LabReport {
  const steps = labSteps(bars, request, control);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** As runLab, awaiting `pause` between slices so a cancel message can arrive (see runBacktestAsync). */
export async function runLabAsync(
  bars: BacktestBars,
  request: LabRequest,
  control: RunControl & { pause?: () => Promise<void> } = {},
): Promise<LabReport> {
  const steps = labSteps(bars, request, control);
  const pause = control.pause ?? (() => Promise.resolve());
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
