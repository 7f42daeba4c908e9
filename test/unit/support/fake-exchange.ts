// The network boundary of the live feeds, played by the test: a fake clock (timers run in
// virtual time), and a Binance that answers REST klines and kline sockets from real recorded
// bars in Binance's own formats. Nothing of our code is replaced; only what is outside.
import type { Bar, FeedNotice, FeedStatus } from '../../../engine/index.js';
import type { FeedClock, FeedEnvironment, FeedResponse, SocketEvents } from '../../../engine/feeds/types.js';

/** Timers in virtual time; advance() runs them in order and lets promises settle between. */
export class FakeClock implements FeedClock {
  private timers: { at: number; id: number; run: () => void }[] = [];
  private nextId = 1;

  constructor(public time: number) {}

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(0, ms), id, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /**
   * A laptop asleep for `ms`: time jumps, and every timer that fell due meanwhile fires once,
   * late, at the new time (as browsers do on wake-up).
   */
  async sleep(ms: number): Promise<void> {
    this.time += ms;
    for (const t of this.timers) if (t.at < this.time) t.at = this.time;
    await this.advance(0);
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      let next: (typeof this.timers)[number] | undefined;
      for (const t of this.timers)
        if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.run();
    }
    this.time = end;
    await settle();
  }
}

/** Lets every pending promise callback run (fetch answers, json bodies). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Binance's documented REST kline row: [openTime ms, o, h, l, c, v, closeTime ms, quote v, trades, ...]. */
export function klineRow(b: Bar, intervalSec = 300): unknown[] {
  return [
    b.time * 1000,
    String(b.open),
    String(b.high),
    String(b.low),
    String(b.close),
    String(b.volume ?? 0),
    (b.time + intervalSec) * 1000 - 1,
    '0',
    1,
    '0',
    '0',
    '0',
  ];
}

/** Binance's kline stream event for a bar, `x` true when it is the bar's final value. */
export function klineEvent(b: Bar, closed = true, symbol = 'BTCUSDT', interval = '5m'): string {
  return JSON.stringify({
    e: 'kline',
    E: b.time * 1000 + 1000,
    s: symbol,
    k: {
      t: b.time * 1000,
      T: b.time * 1000 + 299_999,
      s: symbol,
      i: interval,
      o: String(b.open),
      c: String(b.close),
      h: String(b.high),
      l: String(b.low),
      v: String(b.volume ?? 0),
      x: closed,
    },
  });
}

/** The bar as the stream reports it early on: only its open so far. */
export const forming = (b: Bar): Bar => ({ ...b, high: b.open, low: b.open, close: b.open, volume: 0 });

export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): FeedResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => lower[name.toLowerCase()] ?? null },
    json: async () => JSON.parse(JSON.stringify(body)),
  };
}

export class FakeSocket {
  closed = false;
  opened = false;
  /** A stalled link: nothing the exchange sends gets through. */
  silent = false;
  constructor(
    readonly url: string,
    private readonly events: SocketEvents,
  ) {}
  /** What the exchange does. */
  open(): void {
    if (this.closed) return;
    this.opened = true;
    this.events.onOpen();
  }
  send(text: unknown): void {
    if (this.opened && !this.closed && !this.silent) this.events.onMessage(text);
  }
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onClose();
  }
  /** The feed closed it. */
  close(): void {
    this.closed = true;
  }
}

/**
 * Binance, from recorded bars: a bar exists once the clock has reached its open time. REST
 * follows the documented rules (startTime: from that open time on; otherwise the latest;
 * `limit` at most 1000, ascending). Faults are switched on per test.
 */
export class FakeBinance {
  readonly requests: string[] = [];
  readonly sockets: FakeSocket[] = [];
  /** 'answer': at once; 'hang': never; 'hold': when the test calls release(). */
  rest: 'answer' | 'hang' | 'hold' = 'answer';
  /** Rewrites the rows of an answer (to unsort or repeat them). */
  rewrite: (rows: unknown[][]) => unknown[][] = (rows) => rows;
  /** Sockets open as soon as they are made (as a real one does a moment later). */
  autoOpen = true;
  private held: (() => void)[] = [];
  private streamedIndex = -1;

  constructor(
    readonly bars: Bar[],
    readonly clock: FakeClock,
    readonly intervalSec = 300,
  ) {}

  released(): Bar[] {
    const now = this.clock.now() / 1000;
    return this.bars.filter((b) => b.time <= now);
  }

  get socket(): FakeSocket {
    return this.sockets[this.sockets.length - 1];
  }

  /** Sends the bar (final by default) on every open socket. */
  send(bar: Bar, closed = true): void {
    for (const s of this.sockets) s.send(klineEvent(bar, closed));
  }

  /**
   * Streams as Binance does: every 2 s the forming bar on each open socket (here: its open
   * only, see forming()), and when a bar has closed, its final value first (x: true). A socket
   * that was silent at the close never gets that final, and keeps the bar wrong unless repaired.
   */
  stream(): void {
    const tick = (): void => {
      const bars = this.released();
      const current = bars.length - 1;
      const open = this.sockets.filter((s) => s.opened && !s.closed);
      if (current >= 0) {
        if (this.streamedIndex >= 0 && current > this.streamedIndex)
          for (const s of open) s.send(klineEvent(bars[current - 1], true));
        this.streamedIndex = current;
        for (const s of open) s.send(klineEvent(forming(bars[current]), false));
      }
      this.clock.setTimeout(tick, 2000);
    };
    this.clock.setTimeout(tick, 2000);
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  klines(url: string): unknown[][] {
    const u = new URL(url);
    const limit = Math.min(1000, Number(u.searchParams.get('limit') ?? 500));
    const start = u.searchParams.get('startTime');
    const bars = this.released();
    const picked =
      start === null
        ? bars.slice(-limit)
        : bars.filter((b) => b.time * 1000 >= Number(start)).slice(0, limit);
    return this.rewrite(picked.map((b) => klineRow(b, this.intervalSec)));
  }

  env(): FeedEnvironment {
    return {
      fetch: (url) => {
        this.requests.push(url);
        if (this.rest === 'hang') return new Promise<FeedResponse>(() => undefined);
        // The rows are taken when the request arrives, as the exchange would.
        const rows = this.klines(url);
        if (this.rest === 'hold')
          return new Promise<FeedResponse>((resolve) => this.held.push(() => resolve(jsonResponse(rows))));
        return Promise.resolve(jsonResponse(rows));
      },
      openSocket: (url, events) => {
        const socket = new FakeSocket(url, events);
        this.sockets.push(socket);
        if (this.autoOpen) queueMicrotask(() => socket.open());
        return socket;
      },
      clock: this.clock,
      random: () => 0.5,
    };
  }
}

/** What the feed delivered, applied the way a chart applies it (same time = replace). */
export function recorder() {
  const log = {
    chart: [] as Bar[],
    histories: 0,
    status: [] as FeedStatus[],
    notices: [] as FeedNotice[],
  };
  const put = (b: Bar): void => {
    const last = log.chart[log.chart.length - 1];
    if (last && last.time === b.time) log.chart[log.chart.length - 1] = b;
    else if (last && b.time < last.time) throw new Error(`bar ${b.time} after ${last.time}: out of order`);
    else log.chart.push(b);
  };
  const handlers = {
    onHistory: (bars: Bar[]) => {
      log.histories++;
      log.chart = [];
      bars.forEach(put);
    },
    onBar: put,
    onStatus: (s: FeedStatus): void => void log.status.push(s),
    onNotice: (n: FeedNotice): void => void log.notices.push(n),
  };
  const states = () => log.status.map((s) => s.state);
  return { log, handlers, states };
}
