import type { FeedSupervisor } from './supervisor.js';
import type { FeedEnvironment, FeedSocket, TimerHandle } from './types.js';

/** Four times the stale threshold without a message: the socket is taken for dead. */
export const SILENT_RECONNECT_FACTOR = 4;

/** What a stream feed does at each step of its socket's life. */
export interface StreamHooks {
  /** The detail of the `connecting` status for a (re)connect. */
  connecting(reconnect: boolean): string;
  /** A (re)connect began: the socket is made (it opens a moment later). */
  connected?(): void;
  /** The socket of `generation` opened. */
  opened(generation: number): void;
  message(data: unknown): void;
  /** The socket was given up: drop what belonged to it (held messages, sync state). */
  dropped(): void;
  /** Past its sync, so silence is shown as `stale` (during a sync the status says what happens). */
  streaming(): boolean;
}

/**
 * One WebSocket kept alive: opened with a timeout, replaced with backoff when it closes or goes
 * silent (four times staleMs), `stale` after staleMs of silence. Each socket has a generation;
 * a callback or answer of an older one is ignored (`current(gen)`). The Binance kline and book
 * feeds sit on it; what they do with messages is theirs.
 */
export class StreamLink {
  private socket: FeedSocket | null = null;
  private gen = 0;
  private isOpen = false;
  private everOpened = false;
  private lastMessageAt = 0;
  private openTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;

  constructor(
    private readonly sup: FeedSupervisor,
    private readonly env: FeedEnvironment,
    private readonly url: string,
    private readonly staleMs: number,
    private readonly hooks: StreamHooks,
  ) {}

  get generation(): number {
    return this.gen;
  }

  /** The socket is open (and not given up). */
  get open(): boolean {
    return this.isOpen;
  }

  current(generation: number): boolean {
    return generation === this.gen && !this.sup.stopped;
  }

  start(): void {
    if (!this.env.openSocket)
      return this.sup.fail(`This environment has no WebSocket for the ${this.sup.source} stream.`);
    this.connect();
    this.watch();
  }

  connect(): void {
    const openSocket = this.env.openSocket;
    if (this.sup.stopped || !openSocket) return;
    const gen = ++this.gen;
    this.isOpen = false;
    this.retryTimer = undefined;
    this.sup.report({ state: 'connecting', detail: this.hooks.connecting(this.everOpened) });
    try {
      this.socket = openSocket(this.url, {
        onOpen: () => {
          if (!this.current(gen)) return;
          this.sup.cancel(this.openTimer);
          this.isOpen = this.everOpened = true;
          this.lastMessageAt = this.sup.now();
          this.hooks.opened(gen);
        },
        onMessage: (data) => {
          if (!this.current(gen)) return;
          this.lastMessageAt = this.sup.now();
          this.hooks.message(data);
        },
        onClose: () => this.current(gen) && this.lost(`the ${this.sup.source} stream closed`),
      });
    } catch (error) {
      return this.lost(`could not open the ${this.sup.source} stream (${(error as Error).message})`);
    }
    this.hooks.connected?.();
    this.openTimer = this.sup.later(this.sup.requestTimeoutMs, () => {
      if (this.current(gen) && !this.isOpen)
        this.lost(
          `the ${this.sup.source} stream did not open within ${Math.round(this.sup.requestTimeoutMs / 1000)} s`,
        );
    });
  }

  /** Gives up on the socket and reconnects after the next backoff step. */
  lost(reason: string): void {
    this.close();
    this.retryTimer = this.sup.retry(reason, () => this.connect());
  }

  /** Reconnects after `wait` (a rate limit), instead of the backoff step a drop would take. */
  reconnectAfter(result: { httpStatus: number; waitMs: number }): void {
    this.close();
    this.retryTimer = this.sup.rateLimited(result, () => this.connect());
  }

  /** Closes the socket on purpose; nothing it sends any more is heard. */
  close(): void {
    this.gen++;
    this.isOpen = false;
    this.sup.cancel(this.openTimer);
    this.sup.cancel(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.hooks.dropped();
  }

  private watch(): void {
    this.sup.later(Math.max(250, this.staleMs / 4), () => {
      if (this.isOpen) {
        const silentMs = this.sup.now() - this.lastMessageAt;
        if (silentMs >= this.staleMs * SILENT_RECONNECT_FACTOR)
          this.lost(`no message from ${this.sup.source} for ${Math.round(silentMs / 1000)} s`);
        else if (silentMs >= this.staleMs && this.hooks.streaming())
          this.sup.report({ state: 'stale', silentMs });
      }
      this.watch();
    });
  }
}
