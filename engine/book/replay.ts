import { PlanError } from '../errors.js';
import { emptyContext } from '../exits/context.js';
import { formatPrice, resolveLevels } from '../exits/levels.js';
import type { PlanLevels } from '../exits/types.js';
import { parsePlan, parseSide, parseTime, type PlanText } from '../plan/parse.js';
import type { PlanSpec } from '../plan/types.js';
import type { Bar } from '../types.js';
import { EntropyGuard } from './bar-shields.js';
import { ImbalanceShield, LiquidityShield } from './book-shields.js';
import type { HaltState, LobsterHandler } from './lobster.js';
import type { EntropySpec, ImbalanceSpec, LiquiditySpec } from './shield-spec.js';
import { emptyFill, fillExit, slippageAgainstMid } from './slippage.js';
import { TradeBarBuilder } from './trade-bars.js';
import type { BookTop, BookTrade } from './types.js';

/**
 * A position played through a book, update by update. The rule for book events (bars keep the
 * engine's intrabar rule): every update is one moment with one price per side, so
 * 1. a pending market exit fills first, at this update's touch plus impact (see fillExit),
 *    once `latencyMs` has passed since its signal and the side to fill against is not empty;
 * 2. the exit touch (the bid for a long) at or through the stop sends a market exit for all;
 * 3. the exit touch at or through a target fills that leg at the target (a resting limit order);
 *    at one price a stop and a target cannot both be reached;
 * 4. the shields are read: imbalance sends a market exit for its slice, the liquidity kill-switch
 *    for everything; the entropy guard reads the 1-minute bars built from the trades and acts when
 *    a bar completes (close: a market exit for all; tighten: the stop moves to that bar's close).
 * During a trading halt nothing fills; orders wait for trading to resume. Shields warm up on the
 * whole day (they read the book before the entry too: that is known at the entry); they act only
 * while the position is open.
 */

export type BookReason = 'stop' | 'target' | 'imbalance' | 'liquidity' | 'entropy' | 'end';

export interface BookEvent {
  timeMs: number;
  kind: 'entry' | 'signal' | 'fill' | 'tighten' | 'halt';
  reason: BookReason | 'entry' | HaltState;
  /** 'T1'.. for a ladder leg, else the reason. */
  leg: string;
  /** Units filled (fills) or asked for (signals). */
  size: number;
  /** The price the plan asked for (the stop, the target) or the touch at the signal. */
  plannedPrice: number;
  /** Average fill price (fills), NaN otherwise. */
  price: number;
  midAtSignal: number;
  midAtFill: number;
  /** Cost against the mid at the signal: in price per unit, in bps of that mid, and in R of the whole position. */
  slippage: number;
  slippageBps: number;
  slippageR: number;
  /** pnl of this fill (after fees) in R of the whole position. */
  r: number;
  /** What fired a signal: the numbers a reader needs to judge it. */
  why: string;
}

export interface BookReplayOptions {
  /** The plan in its text form; `entry` may be 'touch' (the ask for a long, the bid for a short at the entry update). */
  plan: PlanText;
  imbalance?: ImbalanceSpec | null;
  liquidity?: LiquiditySpec | null;
  entropy?: EntropySpec | null;
  /** Price step for the impact model (LOBSTER US stocks: 0.01). */
  tick?: number;
  /** Time from a signal to its market order reaching the book, ms. */
  latencyMs?: number;
}

export interface BookReplayResult {
  plan: PlanSpec | null;
  levels: PlanLevels | null;
  events: BookEvent[];
  remaining: number;
  realisedR: number;
  /** Sum of market-exit slippage in R. */
  slippageR: number;
}

interface Pending {
  reason: BookReason;
  size: number;
  signalMs: number;
  midAtSignal: number;
  plannedPrice: number;
}

export class BookReplay implements LobsterHandler {
  readonly events: BookEvent[] = [];
  private spec: PlanSpec | null = null;
  private levels: PlanLevels | null = null;
  private readonly entryTimeMs: number;
  private open = false;
  private closed = false;
  private remaining = 0;
  private stop = NaN;
  private dir: 1 | -1 = 1;
  private filledLegs: boolean[] = [];
  private realisedPnl = 0;
  private slippageSumR = 0;
  private halted = false;
  private pending: Pending | null = null;
  private readonly imbalance: ImbalanceShield | null;
  private readonly liquidity: LiquidityShield | null;
  private readonly entropy: EntropyGuard | null;
  private readonly bars: TradeBarBuilder;
  private readonly fill = emptyFill();
  private readonly tick: number;
  private readonly latencyMs: number;
  private lastTop: BookTop = { timeMs: NaN, bidPrice: NaN, bidSize: 0, askPrice: NaN, askSize: 0 };

  constructor(private readonly options: BookReplayOptions) {
    const side = parseSide(options.plan.side);
    this.dir = side === 'long' ? 1 : -1;
    // With a price, the whole plan is checked now; 'touch' is checked at the entry update.
    if (String(options.plan.entry).trim().toLowerCase() !== 'touch')
      this.spec = this.parse(options.plan.entry);
    const at = options.plan.at;
    this.entryTimeMs = at !== undefined && String(at).trim() !== '' ? parseTime('at', at) * 1000 : -Infinity;
    this.imbalance = options.imbalance ? new ImbalanceShield(options.imbalance, side) : null;
    this.liquidity = options.liquidity ? new LiquidityShield(options.liquidity, side) : null;
    this.entropy = options.entropy ? new EntropyGuard(options.entropy) : null;
    this.bars = new TradeBarBuilder(60, (bar) => this.onBar(bar));
    this.tick = options.tick ?? 0.01;
    this.latencyMs = options.latencyMs ?? 0;
  }

  private parse(entry: number | string): PlanSpec {
    const plan = parsePlan({ ...this.options.plan, entry });
    if (plan.trail.kind !== 'none') {
      throw new PlanError(
        'trail',
        'trail: a book replay trails nothing yet (its bars are built from the trades as it goes); give --trail none',
      );
    }
    return plan;
  }

  trade(trade: BookTrade): void {
    this.bars.add(trade);
  }

  halt(timeMs: number, state: HaltState): void {
    this.halted = state !== 'trading';
    this.push(timeMs, 'halt', state, state, 0, NaN, NaN, `trading halt event: ${state}`);
  }

  top(top: BookTop): void {
    const t = this.lastTop;
    t.timeMs = top.timeMs;
    t.bidPrice = top.bidPrice;
    t.bidSize = top.bidSize;
    t.askPrice = top.askPrice;
    t.askSize = top.askSize;
    const imbalanceFires = this.imbalance?.update(top) ?? false;
    const liquidityFires = this.liquidity?.update(top) ?? false;
    if (this.closed) return;
    if (!this.open) {
      if (top.timeMs >= this.entryTimeMs && top.bidSize > 0 && top.askSize > 0) this.openAt(top);
      return;
    }
    if (this.halted) return;
    const p = this.pending;
    if (p && top.timeMs >= p.signalMs + this.latencyMs) this.fillPending(top);
    if (this.remaining <= 0) return;
    const touch = this.dir === 1 ? top.bidPrice : top.askPrice;
    if (!this.pending && this.dir * (touch - this.stop) <= 0) {
      this.signal(
        top,
        'stop',
        this.remaining,
        this.stop,
        `touch ${formatPrice(touch)} at or through the stop ${formatPrice(this.stop)}`,
      );
    }
    if (!this.pending) this.fillTargets(top, touch);
    if (this.remaining <= 0) return;
    if (liquidityFires && this.liquidity) {
      const l = this.liquidity;
      this.signal(
        top,
        'liquidity',
        this.remaining,
        touch,
        `size at the touch ${l.size} is ${((1 - l.ratio) * 100).toFixed(1)}% below its ${l.spec.windowSeconds}s median ${l.median}`,
      );
    } else if (imbalanceFires && this.imbalance && this.spec) {
      const im = this.imbalance;
      const size = Math.min(this.remaining, (this.spec.size * im.spec.takeShare) / 100);
      this.signal(
        top,
        'imbalance',
        size,
        touch,
        `imbalance ${im.imbalance.toFixed(3)} beyond ${this.dir === 1 ? '-' : '+'}${im.spec.threshold} for ${im.spec.updates} updates in a row`,
      );
    }
  }

  private onBar(bar: Bar): void {
    const guard = this.entropy;
    if (!guard) return;
    const fires = guard.add(bar.close);
    if (!fires || !this.open || this.closed || this.remaining <= 0) return;
    const why = `permutation entropy ${guard.entropy.toFixed(4)} above ${guard.spec.threshold} on the 1-minute bar of ${new Date(bar.time * 1000).toISOString()}`;
    // The bar is known complete only now, at the first trade of the next minute.
    const timeMs = this.lastTop.timeMs;
    if (guard.spec.action === 'tighten') {
      if (this.dir * (bar.close - this.stop) > 0) {
        this.stop = bar.close;
        this.push(
          timeMs,
          'tighten',
          'entropy',
          'stop',
          0,
          bar.close,
          NaN,
          `${why}: stop tightened to the close ${formatPrice(bar.close)}`,
        );
      }
    } else if (!this.pending)
      this.signal(this.lastTop, 'entropy', this.remaining, bar.close, `${why}: close`);
  }

  private openAt(top: BookTop): void {
    // An entry at the touch buys the ask (a long) or sells the bid (a short).
    if (!this.spec) this.spec = this.parse(this.dir === 1 ? top.askPrice : top.bidPrice);
    const plan = this.spec;
    this.levels = resolveLevels(plan, emptyContext(), 0);
    this.stop = this.levels.initialStop;
    this.filledLegs = plan.ladder.map(() => false);
    this.remaining = plan.size;
    this.open = true;
    this.push(
      top.timeMs,
      'entry',
      'entry',
      'entry',
      plan.size,
      plan.entry,
      (top.bidPrice + top.askPrice) / 2,
      `entry at ${formatPrice(plan.entry)}, stop ${formatPrice(this.stop)}`,
    );
  }

  private signal(top: BookTop, reason: BookReason, size: number, plannedPrice: number, why: string): void {
    const mid = (top.bidPrice + top.askPrice) / 2;
    this.pending = { reason, size, signalMs: top.timeMs, midAtSignal: mid, plannedPrice };
    this.push(top.timeMs, 'signal', reason, reason, size, plannedPrice, mid, why);
    if (this.latencyMs === 0) this.fillPending(top);
  }

  private fillPending(top: BookTop): void {
    const p = this.pending;
    if (!p || !this.spec || !this.levels) return;
    const size = Math.min(p.size, this.remaining);
    const f = fillExit(top, this.spec.side, size, this.tick, this.fill);
    if (Number.isNaN(f.price)) return; // the side is empty: wait for the next update
    this.pending = null;
    const slip = slippageAgainstMid(this.spec.side, p.midAtSignal, f.price);
    this.recordFill(
      top.timeMs,
      p.reason,
      p.reason,
      size,
      p.plannedPrice,
      f.price,
      p.midAtSignal,
      f.mid,
      slip,
    );
  }

  private fillTargets(top: BookTop, touch: number): void {
    const levels = this.levels;
    if (!levels || !this.spec) return;
    const mid = (top.bidPrice + top.askPrice) / 2;
    for (let i = 0; i < levels.legs.length && this.remaining > 0; i++) {
      if (this.filledLegs[i]) continue;
      const leg = levels.legs[i];
      if (this.dir * (touch - leg.price) < 0) break;
      this.filledLegs[i] = true;
      const size = Math.min(this.remaining, (this.spec.size * leg.share) / 100);
      const slip = slippageAgainstMid(this.spec.side, mid, leg.price);
      this.recordFill(top.timeMs, 'target', leg.id, size, leg.price, leg.price, mid, mid, slip);
      const be = this.spec.breakeven;
      if (be && be.afterLeg === i + 1) {
        const f = this.spec.fees;
        const fees = be.plusFees
          ? 2 * (f.perUnit + (f.bps / 1e4) * this.spec.entry + f.perFill / this.spec.size)
          : 0;
        const to = this.spec.entry + this.dir * (be.offset + fees);
        if (this.dir * (to - this.stop) > 0) this.stop = to;
      }
    }
  }

  private recordFill(
    timeMs: number,
    reason: BookReason,
    leg: string,
    size: number,
    planned: number,
    price: number,
    midAtSignal: number,
    midAtFill: number,
    slip: number,
  ): void {
    const plan = this.spec!;
    const risk = this.levels!.riskPerUnit * plan.size;
    const f = plan.fees;
    const fee = f.perUnit * size + (f.bps / 1e4) * price * size + f.perFill;
    const pnl = this.dir * (price - plan.entry) * size - fee;
    this.realisedPnl += pnl;
    this.remaining -= size;
    if (this.remaining <= 1e-9) {
      this.remaining = 0;
      this.closed = true;
    }
    const slippageR = (slip * size) / risk;
    if (reason !== 'target') this.slippageSumR += slippageR;
    this.events.push({
      timeMs,
      kind: 'fill',
      reason,
      leg,
      size,
      plannedPrice: planned,
      price,
      midAtSignal,
      midAtFill,
      slippage: slip,
      slippageBps: (slip / midAtSignal) * 1e4,
      slippageR,
      r: pnl / risk,
      why: '',
    });
  }

  private push(
    timeMs: number,
    kind: BookEvent['kind'],
    reason: BookEvent['reason'],
    leg: string,
    size: number,
    planned: number,
    mid: number,
    why: string,
  ): void {
    this.events.push({
      timeMs,
      kind,
      reason,
      leg,
      size,
      plannedPrice: planned,
      price: NaN,
      midAtSignal: mid,
      midAtFill: NaN,
      slippage: NaN,
      slippageBps: NaN,
      slippageR: NaN,
      r: NaN,
      why,
    });
  }

  /** Closes what remains at the last book (the end of the data) and returns the whole story. */
  finish(): BookReplayResult {
    this.bars.flush();
    if (this.open && !this.closed && this.remaining > 0 && this.spec) {
      const t = this.lastTop;
      this.pending = null;
      this.signal(
        t,
        'end',
        this.remaining,
        this.dir === 1 ? t.bidPrice : t.askPrice,
        'end of the data: what remains is closed at the last book',
      );
    }
    const risk = this.levels ? this.levels.riskPerUnit * (this.spec?.size ?? 1) : NaN;
    return {
      plan: this.spec,
      levels: this.levels,
      events: this.events,
      remaining: this.remaining,
      realisedR: this.levels ? this.realisedPnl / risk : 0,
      slippageR: this.slippageSumR,
    };
  }
}
