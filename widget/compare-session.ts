import type { Bar, BarColumns, IntrabarRule, Overlay, PlanSpec } from '../engine/index.js';
import { startEngine, type EngineClient, type EngineStart } from './engine-client.js';
import { allInAllOut } from './plan-edit.js';

/** The two policies' results side by side, for the comparison cards. */
export interface CompareResult {
  scaledR: number;
  allInR: number;
  /** Label of the all-in target, e.g. "T3 fib1.618 100% 31,841.6". */
  allInTarget: string;
  scaledFills: number;
  allInFills: number;
  scaledStatus: string;
  allInStatus: string;
}

export function compareResult(scaled: Overlay, aiao: Overlay): CompareResult {
  const last = aiao.levels.legs[aiao.levels.legs.length - 1];
  return {
    scaledR: scaled.state.realisedR + scaled.state.openR,
    allInR: aiao.state.realisedR + aiao.state.openR,
    allInTarget: last ? last.label : '',
    scaledFills: scaled.state.fills.length,
    allInFills: aiao.state.fills.length,
    scaledStatus: scaled.state.status,
    allInStatus: aiao.state.status,
  };
}

/** What the comparison is loaded from: the bars, or every bar of the file as columns plus what was pushed after it. */
export type CompareSource = { bars: Bar[] } | { columns: BarColumns; pushed: Bar[] };

/**
 * The all-in-all-out twin of the plan in its own engine session (and worker), so the main
 * session's position is never disturbed. Every call joins one queue: a push made while the
 * session is still starting or loading is applied after the load, never lost or reordered.
 */
export class CompareSession {
  private client: EngineClient | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private pending: Bar | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly start: EngineStart,
    private readonly onResult: (aiao: Overlay | null) => void,
    /** As the main session plays ticks (live: 'ticks'), so the two compare like for like. */
    private readonly intrabar: IntrabarRule = 'bars',
  ) {}

  /** Loads `plan` over a snapshot of the bars taken now (the caller's later pushes follow it). */
  rebuild(plan: PlanSpec, source: CompareSource): void {
    // A tick still waiting is already in the snapshot the caller just took.
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = null;
    this.enqueue(async (client) => {
      let overlay = await client.api.load(
        'bars' in source ? source.bars : source.columns,
        plan,
        undefined,
        this.intrabar,
      );
      if ('columns' in source) for (const bar of source.pushed) overlay = await client.api.push(bar);
      return overlay;
    });
  }

  /**
   * Ticks are coalesced: the comparison gets the forming bar's latest state at most every
   * 100 ms, and each bar's final state before the next bar, so it ends exactly where the main
   * session does while costing the page one reply per 100 ms instead of one per tick.
   */
  push(bar: Bar): void {
    if (this.pending && bar.time > this.pending.time) this.flush();
    this.pending = bar;
    this.flushTimer ??= setTimeout(() => this.flush(), 100);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.flushTimer);
    this.client?.close();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const bar = this.pending;
    this.pending = null;
    if (bar) this.enqueue((client) => client.api.push(bar));
  }

  private enqueue(task: (client: EngineClient) => Promise<Overlay>): void {
    this.chain = this.chain
      .then(async () => {
        if (this.closed) return;
        this.client ??= await startEngine(this.start);
        // Closed while its worker was starting: close() found no client to end, so end it here.
        if (this.closed) return this.client.close();
        const overlay = await task(this.client);
        if (!this.closed) this.onResult(overlay);
      })
      // A comparison that cannot be computed is hidden; the main chart goes on.
      .catch(() => {
        if (!this.closed) this.onResult(null);
      });
  }
}

/**
 * The widget's all-in-all-out twin of its plan: rebuilt whenever the plan or the bars are
 * loaded again, given every tick in between. Its engine starts at the first rebuild.
 */
export class CompareTwin {
  private session: CompareSession | null = null;

  constructor(
    private readonly start: EngineStart,
    private readonly intrabar: IntrabarRule,
    private readonly onResult: (aiao: Overlay | null) => void,
  ) {}

  /** False when the plan has no all-in-all-out twin (no target to put it all on). */
  rebuild(spec: PlanSpec, overlay: Overlay | null, source: () => CompareSource): boolean {
    // Pin the entry bar: without entryTime the engine would enter on the last bar it is given.
    const entryTime = spec.entryTime ?? overlay?.state.entryTime ?? undefined;
    const aiao = allInAllOut({ ...spec, entryTime });
    if (!aiao) return false;
    this.session ??= new CompareSession(this.start, this.onResult, this.intrabar);
    this.session.rebuild(aiao, source());
    return true;
  }

  push(bar: Bar): void {
    this.session?.push(bar);
  }

  close(): void {
    this.session?.close();
  }
}
