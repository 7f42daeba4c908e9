import {
  BookIndicators,
  emptyFill,
  fillExit,
  formatPrice,
  ImbalanceShield,
  LiquidityShield,
  parseImbalance,
  parseLiquidity,
  slippageAgainstMid,
  type BookDepth,
  type BookTop,
  type BookTrade,
  type ImbalanceSpec,
  type LiquiditySpec,
  type Side,
} from '../../engine/index.js';

/** The book addon's settings (WidgetOptions.book; `<exit-plan book-imbalance=… book-liquidity=…>`). */
export interface BookOptions {
  /** The imbalance shield in its text form (`imbalance0.6x20,take50`); `none` turns it off. Default on with the defaults. */
  imbalance?: string;
  /** The liquidity kill-switch in its text form (`liquidity70%@60s,for10s`); `none` turns it off. Default on. */
  liquidity?: string;
  /** How far back "depth against its median" looks, seconds (default 60). */
  depthWindowSeconds?: number;
  /**
   * Levels a side the top-N imbalance sums when depth snapshots are pushed (default 10: see
   * docs/order-book.md, "Top-N imbalance"). The touch itself always comes from `top`.
   */
  topLevels?: number;
  /** No book update for this long: the panel says the book is stale (default 10 s). */
  staleSeconds?: number;
  /** Start folded to the heading line (spread, imbalance, shield states); a click unfolds it. */
  folded?: boolean;
  /** The trader folded or unfolded the panel (the extension keeps it across re-mounts). */
  onFold?: (folded: boolean) => void;
  /** Called once for every shield that fires (the extension turns it into an alert). */
  onShield?: (event: BookShieldEvent) => void;
}

export type ShieldName = 'imbalance' | 'liquidity';

/** One shield firing, with the numbers that fired it and what an exit there would cost. */
export interface BookShieldEvent {
  shield: ShieldName;
  /** Book time of the update that fired it, UNIX ms. */
  timeMs: number;
  side: Side;
  /** Percent of the position the shield takes (100: all). */
  takeShare: number;
  /** The values that fired it, in words. */
  why: string;
  /** The mid at the signal. */
  mid: number;
  /** Touch plus impact for the size the shield takes (NaN without an open position or with the side empty). */
  fillPrice: number;
  /** fillPrice against the mid, bps (positive: a cost). */
  slippageBps: number;
}

export type ShieldStatus = 'off' | 'warming' | 'armed' | 'idle' | 'fired';

export interface ShieldView {
  name: ShieldName;
  spec: string;
  status: ShieldStatus;
  /** The live value the shield reads, in words (e.g. "imbalance -0.42, 3 of 20 updates"). */
  reading: string;
  last: BookShieldEvent | null;
  fired: number;
}

/** What the panel draws; a fresh object per change, so the view can compare. */
export interface BookView {
  updates: number;
  timeMs: number;
  bid: number;
  ask: number;
  mid: number;
  spread: number;
  spreadBps: number;
  imbalance: number;
  /** Imbalance over the top `topLevels` levels a side, from the last depth snapshot (NaN before one). */
  imbalanceTop: number;
  topLevels: number;
  /** Depth snapshots taken (0: no levels behind the touch, the top-N figure is not shown). */
  depthUpdates: number;
  depth: number;
  depthMedian: number;
  depthRatio: number;
  cvd: number;
  trades: number;
  stale: boolean;
  /** Seconds since the last update (wall clock), for the stale line. */
  silentSeconds: number;
  shields: ShieldView[];
  events: BookShieldEvent[];
  /** A setting that could not be read: the field and the fix, shown instead of that shield. */
  problems: string[];
}

/** What the plan says right now (from the engine's overlay). */
export interface PositionNow {
  side: Side;
  open: boolean;
  remaining: number;
  /** One R in price, for nothing but the fill estimate's sanity (0 when unknown). */
  riskPerUnit: number;
}

const ALL = 100;

/**
 * The order book as the widget keeps it: the streaming indicators and the two book shields,
 * fed one update at a time (O(1) each, the engine's classes). The shields warm up on every
 * update, and fire only while the plan's position is open (as in `exitplan book`): an exit
 * signal with nothing to exit is no news. No DOM here; the addon renders `view()`.
 */
export class BookState {
  readonly indicators: BookIndicators;
  readonly imbalanceSpec: ImbalanceSpec | null = null;
  readonly liquiditySpec: LiquiditySpec | null = null;
  readonly problems: string[] = [];
  readonly events: BookShieldEvent[] = [];
  trades = 0;
  depthUpdates = 0;
  private lastDepthMs = -Infinity;
  private imbalance: ImbalanceShield | null = null;
  private liquidity: LiquidityShield | null = null;
  private side: Side | null = null;
  private lastTop: BookTop | null = null;
  private lastArrivalMs = NaN;
  private readonly fill = emptyFill();
  private readonly staleMs: number;

  constructor(
    private readonly options: BookOptions,
    private position: PositionNow | null = null,
  ) {
    this.indicators = new BookIndicators((options.depthWindowSeconds ?? 60) * 1000, options.topLevels ?? 10);
    this.staleMs = (options.staleSeconds ?? 10) * 1000;
    try {
      this.imbalanceSpec = parseImbalance(options.imbalance ?? 'imbalance0.6x20');
    } catch (error) {
      this.problems.push((error as Error).message);
    }
    try {
      this.liquiditySpec = parseLiquidity(options.liquidity ?? 'liquidity70%@60s');
    } catch (error) {
      this.problems.push((error as Error).message);
    }
    if (position) this.setPosition(position);
  }

  /** The plan changed (or its position did): the shields follow its side. */
  setPosition(position: PositionNow | null): void {
    this.position = position;
    if (!position || position.side === this.side) return;
    // A new side reads the book the other way round: the shields start again.
    this.side = position.side;
    this.imbalance = this.imbalanceSpec ? new ImbalanceShield(this.imbalanceSpec, position.side) : null;
    this.liquidity = this.liquiditySpec ? new LiquidityShield(this.liquiditySpec, position.side) : null;
  }

  /** One book update; returns the shield events it fired (usually none). */
  push(top: BookTop, arrivalMs: number): BookShieldEvent[] {
    if (this.lastTop && top.timeMs < this.lastTop.timeMs) return []; // older than what is shown
    this.lastArrivalMs = arrivalMs;
    this.lastTop = top;
    this.indicators.update(top);
    const fired: BookShieldEvent[] = [];
    const open = this.position?.open === true;
    const im = this.imbalance;
    if (im && im.update(top) && open && this.imbalanceSpec) {
      const s = this.imbalanceSpec;
      const against = this.side === 'long' ? '-' : '+';
      fired.push(
        this.event(
          'imbalance',
          top,
          s.takeShare,
          `imbalance ${im.imbalance.toFixed(3)} at or beyond ${against}${s.threshold} for ${s.updates} updates in a row`,
        ),
      );
    }
    const lq = this.liquidity;
    if (lq && lq.update(top) && open && this.liquiditySpec) {
      const s = this.liquiditySpec;
      const touch = this.side === 'long' ? 'bid' : 'ask';
      fired.push(
        this.event(
          'liquidity',
          top,
          ALL,
          `${touch} size ${formatSize(lq.size)} is ${((1 - lq.ratio) * 100).toFixed(0)}% below its ${s.windowSeconds} s median ${formatSize(lq.median)}${s.holdMs > 0 ? `, for ${s.holdMs / 1000} s` : ''}`,
        ),
      );
    }
    for (const e of fired) {
      this.events.push(e);
      this.options.onShield?.(e);
    }
    return fired;
  }

  /**
   * A depth snapshot: the top-N imbalance only (the shields and the touch numbers read `top`,
   * which a level-1 stream sends on every change). An older snapshot than the last is dropped.
   */
  depth(depth: BookDepth): void {
    if (depth.timeMs < this.lastDepthMs) return;
    this.lastDepthMs = depth.timeMs;
    this.indicators.updateTopLevels(depth);
    this.depthUpdates++;
  }

  trade(trade: BookTrade): void {
    this.indicators.addTrade(trade);
    this.trades++;
  }

  stale(nowMs: number): boolean {
    return Number.isNaN(this.lastArrivalMs) || nowMs - this.lastArrivalMs >= this.staleMs;
  }

  view(nowMs: number): BookView {
    const ind = this.indicators;
    const top = this.lastTop;
    return {
      updates: ind.updates,
      timeMs: top?.timeMs ?? NaN,
      bid: top?.bidPrice ?? NaN,
      ask: top?.askPrice ?? NaN,
      mid: ind.mid,
      spread: ind.spread,
      spreadBps: ind.spreadBps,
      imbalance: ind.imbalance,
      imbalanceTop: ind.imbalanceTop,
      topLevels: ind.topLevels,
      depthUpdates: this.depthUpdates,
      depth: ind.depth,
      depthMedian: ind.depthMedian,
      depthRatio: ind.depthRatio,
      cvd: ind.cvd,
      trades: this.trades,
      stale: this.stale(nowMs),
      silentSeconds: Number.isNaN(this.lastArrivalMs) ? NaN : Math.floor((nowMs - this.lastArrivalMs) / 1000),
      shields: [this.imbalanceView(), this.liquidityView()],
      events: this.events.slice(),
      problems: this.problems.slice(),
    };
  }

  private status(kind: ShieldName, warm: boolean): ShieldStatus {
    if (this.events.some((e) => e.shield === kind) && !this.position?.open) return 'fired';
    if (!this.position?.open) return 'idle';
    if (!warm) return 'warming';
    return this.events.some((e) => e.shield === kind && e.takeShare >= ALL) ? 'fired' : 'armed';
  }

  private lastOf(kind: ShieldName): BookShieldEvent | null {
    for (let i = this.events.length - 1; i >= 0; i--)
      if (this.events[i].shield === kind) return this.events[i];
    return null;
  }

  private imbalanceView(): ShieldView {
    const s = this.imbalanceSpec;
    const im = this.imbalance;
    const fired = this.events.filter((e) => e.shield === 'imbalance').length;
    if (!s) return { name: 'imbalance', spec: 'off', status: 'off', reading: '', last: null, fired };
    const reading = im
      ? `imbalance ${fmt(im.imbalance, 2)}, ${im.run} of ${s.updates} updates against the position`
      : 'waiting for the plan';
    const spec = `${this.side === 'short' ? '≥ +' : '≤ −'}${s.threshold} for ${s.updates} updates, take ${s.takeShare}%`;
    return {
      name: 'imbalance',
      spec,
      status: this.status('imbalance', true),
      reading,
      last: this.lastOf('imbalance'),
      fired,
    };
  }

  private liquidityView(): ShieldView {
    const s = this.liquiditySpec;
    const lq = this.liquidity;
    const fired = this.events.filter((e) => e.shield === 'liquidity').length;
    if (!s) return { name: 'liquidity', spec: 'off', status: 'off', reading: '', last: null, fired };
    const touch = this.side === 'short' ? 'ask' : 'bid';
    const warm = !!lq && !Number.isNaN(lq.ratio);
    const reading = !lq
      ? 'waiting for the plan'
      : warm
        ? `${touch} size ${formatSize(lq.size)}, ${fmt(lq.ratio * 100, 0)}% of its median ${formatSize(lq.median)}`
        : `${touch} size ${formatSize(lq.size)}; the median needs ${s.windowSeconds} s of book`;
    const spec = `${touch} size ${s.dropPercent}% below its ${s.windowSeconds} s median${s.holdMs > 0 ? ` for ${s.holdMs / 1000} s` : ''}, exit all`;
    return {
      name: 'liquidity',
      spec,
      status: this.status('liquidity', warm),
      reading,
      last: this.lastOf('liquidity'),
      fired,
    };
  }

  private event(shield: ShieldName, top: BookTop, takeShare: number, why: string): BookShieldEvent {
    const side = this.side ?? 'long';
    const mid = (top.bidPrice + top.askPrice) / 2;
    const size = this.position ? (this.position.remaining * takeShare) / 100 : 0;
    // The size a market exit sends, filled at the touch plus impact (engine/book/slippage.ts).
    // The impact step is one spread; a locked book (spread 0) steps by a millionth of the price.
    const f = size > 0 ? fillExit(top, side, size, mid * 1e-6, this.fill) : null;
    const fillPrice = f ? f.price : NaN;
    const slippageBps = f ? (slippageAgainstMid(side, mid, fillPrice) / mid) * 1e4 : NaN;
    return { shield, timeMs: top.timeMs, side, takeShare, why, mid, fillPrice, slippageBps };
  }
}

const fmt = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

function formatSize(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

export { formatPrice, formatSize };
