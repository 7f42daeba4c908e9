import type { Bar } from '../../engine/index.js';
import { backoffDelay } from './backoff.js';
import { BarSequencer } from './bar-merge.js';
import { parseRestKlines, parseStreamKline } from './binance-kline.js';
import type { BinanceFeedOptions, Feed, FeedSink, FeedStatus } from './feed-types.js';

const INTERVAL_SECONDS: Record<string, number> = {
  '1m': 60,
  '3m': 180,
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '4h': 14400,
  '6h': 21600,
  '8h': 28800,
  '12h': 43200,
  '1d': 86400,
};

/**
 * Binance public klines: REST history, then the kline WebSocket. On every (re)connect the
 * stream's messages are held back until a REST backfill from the last bar we have has landed,
 * and everything passes one BarSequencer, so the gap is filled and nothing is doubled.
 */
export class BinanceKlineFeed implements Feed {
  private ws: WebSocket | null = null;
  private sink: FeedSink | null = null;
  private readonly seq = new BarSequencer();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private status: FeedStatus = 'closed';
  private readonly restBase: string;
  private readonly wsBase: string;

  constructor(private readonly options: BinanceFeedOptions) {
    if (!/^[A-Z0-9]{2,20}$/.test(options.symbol)) {
      throw new TypeError(
        `symbol "${options.symbol}" is not a Binance symbol: use capitals and digits, e.g. BTCUSDT`,
      );
    }
    if (!(options.interval in INTERVAL_SECONDS)) {
      throw new TypeError(
        `interval "${options.interval}" is not supported: use one of ${Object.keys(INTERVAL_SECONDS).join(', ')}`,
      );
    }
    this.restBase = options.restBase ?? 'https://api.binance.com';
    this.wsBase = options.wsBase ?? 'wss://stream.binance.com:9443';
  }

  start(sink: FeedSink): void {
    this.sink = sink;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.staleTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close();
    }
    this.setStatus('closed');
  }

  private connect(): void {
    if (this.stopped || !this.sink) return;
    const sink = this.sink;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const url = `${this.wsBase}/ws/${this.options.symbol.toLowerCase()}@kline_${this.options.interval}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      this.scheduleReconnect(String(e));
      return;
    }
    this.ws = ws;
    const held: string[] = [];
    let backfilled = false;
    ws.onmessage = (ev: MessageEvent) => {
      this.armStale();
      const text = typeof ev.data === 'string' ? ev.data : '';
      if (!backfilled) held.push(text);
      else this.deliver(text);
    };
    ws.onopen = () => {
      this.armStale();
      this.backfill()
        .then((bars) => {
          if (this.ws !== ws) return;
          const fresh = this.seq.acceptAll(bars);
          if (fresh.length) sink.onBars(fresh);
          backfilled = true;
          for (const text of held.splice(0)) this.deliver(text);
          this.attempt = 0;
          this.setStatus('live');
        })
        .catch((e: unknown) => {
          // Without the backfill a gap could go unnoticed: drop this connection and retry.
          if (this.ws === ws) {
            ws.onclose = null;
            ws.close();
            this.scheduleReconnect(`history request failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        });
    };
    ws.onclose = () => {
      if (this.ws === ws) this.scheduleReconnect('connection closed');
    };
  }

  private deliver(text: string): void {
    let bar: Bar | null;
    try {
      bar = parseStreamKline(text);
    } catch (e) {
      this.setStatus(this.status, e instanceof Error ? e.message : String(e));
      return;
    }
    if (this.status === 'stale') this.setStatus('live');
    if (bar && this.seq.accept(bar) !== 'stale') this.sink?.onBar(bar);
  }

  private async backfill(): Promise<Bar[]> {
    const params = new URLSearchParams({ symbol: this.options.symbol, interval: this.options.interval });
    if (Number.isFinite(this.seq.lastTime)) {
      // From the last bar we hold (it may have been still forming when the link dropped).
      params.set('startTime', String(this.seq.lastTime * 1000));
      params.set('limit', '1000');
    } else {
      params.set('limit', String(Math.min(1000, this.options.history ?? 500)));
    }
    const res = await fetch(`${this.restBase}/api/v3/klines?${params.toString()}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return parseRestKlines(await res.json());
  }

  private scheduleReconnect(reason: string): void {
    clearTimeout(this.staleTimer);
    this.ws = null;
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++);
    this.setStatus('reconnecting', `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private setStatus(status: FeedStatus, detail?: string): void {
    this.status = status;
    this.sink?.onStatus(status, detail);
  }

  private armStale(): void {
    clearTimeout(this.staleTimer);
    const ms = this.options.staleMs ?? 15_000;
    this.staleTimer = setTimeout(() => this.setStatus('stale', `no data for ${Math.round(ms / 1000)} s`), ms);
  }
}
